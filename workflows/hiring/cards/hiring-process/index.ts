// A hiring process as its hiring manager and HR see it: position, building, job category,
// requisition, status, every selection-team parameter met or not and why, the exception (HR's
// reason), the interviews recorded (candidate codes only), and what the viewer may do next:
// change the panel, record an interview, close; HR may also record an exception.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_PROCESS_CARD = 'hiring-process';
export const HIRING_PANEL_VERB = 'hiring.panel';
export const HIRING_INTERVIEW_VERB = 'hiring.interview';
export const HIRING_EXCEPTION_VERB = 'hiring.exception';
export const HIRING_CLOSE_VERB = 'hiring.close';
export const PROCESS_ID_INPUT = 'processId';
export const PROCESS_INPUTS = { panel: 'panel', code: 'candidateCode', date: 'interviewDate', time: 'interviewTime', reason: 'exceptionReason' } as const;

export interface HiringProcessData {
  id: string;
  ref: string;
  position: string;
  building: string;
  jobCategory: string;
  requisitionId: string;
  status: 'draft' | 'ready' | 'closed';
  rules: { label: { en: string; es: string }; pass: boolean; reason: { key: string; params: Record<string, string | number> } }[];
  exception: string | null;
  /** The panel's emails, one a line. */
  panel: string;
  /** District wall clock `YYYY-MM-DDTHH:mm` (cards/dates.ts). */
  interviews: { code: string; at: string; done: boolean }[];
  can: { edit: boolean; exception: boolean };
}

function render(data: HiringProcessData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `hiring-process.${key}`, params);
  const editable = data.can.edit && data.status !== 'closed';
  return renderTemplate(
    HIRING_PROCESS_CARD,
    template,
    {
      ids: {
        ...PROCESS_INPUTS,
        panelVerb: HIRING_PANEL_VERB,
        interviewVerb: HIRING_INTERVIEW_VERB,
        exceptionVerb: HIRING_EXCEPTION_VERB,
        closeVerb: HIRING_CLOSE_VERB,
      },
      heading: tr('heading', { position: data.position, ref: data.ref }),
      facts: [
        { title: tr('building'), value: data.building },
        { title: tr('jobCategory'), value: data.jobCategory },
        { title: tr('requisitionId'), value: data.requisitionId },
        { title: tr('statusLabel'), value: tr(`status.${data.status}`) },
      ],
      rules: data.rules.map((r) => ({
        text: `${tr(r.pass ? 'met' : 'notMet')}: ${r.label[l]}. ${tr(`reason.${r.reason.key}`, r.reason.params)}`,
        color: r.pass ? 'Good' : 'Attention',
      })),
      exception: data.exception ? tr('exception', { reason: data.exception }) : '',
      interviews: data.interviews.map((i) =>
        tr(i.done ? 'interviewDone' : 'interviewWaiting', {
          code: i.code,
          at: formatLocal(i.at, textLocale(opts.strings, opts.locale, 'hiring-process.interviewDone')),
        }),
      ),
      panel: data.panel,
      editable,
      canInterview: editable && data.status === 'ready',
      canException: data.can.exception && data.status === 'draft',
      data: { [PROCESS_ID_INPUT]: data.id },
    },
    opts,
  );
}

const base: HiringProcessData = {
  id: 'p1',
  ref: 'H-0001',
  position: 'Math teacher',
  building: 'Hoover High',
  jobCategory: 'Teacher',
  requisitionId: 'R-1042',
  status: 'draft',
  rules: [
    { label: { en: 'At least 3 members', es: 'Al menos 3 miembros' }, pass: true, reason: { key: 'members', params: { count: 3, min: 3 } } },
    {
      label: { en: 'At least 2 job categories', es: 'Al menos 2 categorías de puesto' },
      pass: false,
      reason: { key: 'tooFewJobCategories', params: { count: 1, min: 2 } },
    },
    { label: { en: 'Selection-process training', es: 'Capacitación' }, pass: false, reason: { key: 'trainingUnavailable', params: {} } },
  ],
  exception: null,
  panel: 'a@dmschools.example\nb@dmschools.example',
  interviews: [],
  can: { edit: true, exception: true },
};
const examples: HiringProcessData[] = [
  base,
  {
    ...base,
    status: 'ready',
    exception: 'No second job category in this small building',
    interviews: [
      { code: 'R-1042-C1', at: '2026-11-24T10:00', done: true },
      { code: 'R-1042-C2', at: '2026-11-24T13:00', done: false },
    ],
  },
  { ...base, status: 'closed', can: { edit: false, exception: false } },
];

export const card: CardDefinition<HiringProcessData> = { name: HIRING_PROCESS_CARD, render, examples };
