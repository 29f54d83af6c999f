// `hiring tasks`: what one person has waiting in hiring: checklists of their interviews and
// verification surveys of closed processes they sat on, each with a button that opens it.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_TASKS_CARD = 'hiring-tasks';
export const HIRING_OPEN_CHECKLIST_VERB = 'hiring.openChecklist';
export const HIRING_OPEN_VERIFY_VERB = 'hiring.openVerify';
export const TASK_ID_INPUT = 'taskId';

export interface HiringTasksData {
  checklists: { interviewId: string; ref: string; position: string; code: string; at: string }[];
  verifications: { processId: string; ref: string; position: string }[];
}

function render(data: HiringTasksData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `hiring-tasks.${key}`, params);
  const lang = textLocale(opts.strings, opts.locale, 'hiring-tasks.checklist');
  const rows = [
    ...data.checklists.slice(0, 20).map((c) => ({
      text: tr('checklist', { code: c.code, position: c.position, ref: c.ref, at: formatLocal(c.at, lang) }),
      action: { title: tr('openChecklist'), verb: HIRING_OPEN_CHECKLIST_VERB, data: { [TASK_ID_INPUT]: c.interviewId } },
    })),
    ...data.verifications.slice(0, 20).map((v) => ({
      text: tr('verification', { position: v.position, ref: v.ref }),
      action: { title: tr('openVerify'), verb: HIRING_OPEN_VERIFY_VERB, data: { [TASK_ID_INPUT]: v.processId } },
    })),
  ];
  return renderTemplate(HIRING_TASKS_CARD, template, { rows, empty: rows.length === 0 }, opts);
}

const examples: HiringTasksData[] = [
  { checklists: [], verifications: [] },
  {
    checklists: [{ interviewId: 'i1', ref: 'H-0001', position: 'Math teacher', code: 'R-1042-C3', at: '2026-11-24T10:00' }],
    verifications: [{ processId: 'p2', ref: 'H-0002', position: 'Counselor' }],
  },
];

export const card: CardDefinition<HiringTasksData> = { name: HIRING_TASKS_CARD, render, examples };
