// `survey list`: each survey (title, schedule) and its latest run(s): state, closing time, who
// the card reached, and buttons for what the viewer may do with that run (Results and Export of
// a closed run, Close of an open one, which asks once to confirm). A short reference stays for
// people who type commands; nobody has to copy an id.
import { formatLocal, textLocale } from '../../../../cards/dates.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition, JsonValue } from '../../../../cards/types.ts';
import { recurrenceInWords, recurrenceOf } from '../../domain/recurrence.ts';
import template from './template.json' with { type: 'json' };

export const SURVEY_LIST_CARD = 'survey-list';
/** The list again (refresh, cancel a close, the button on a "could not find" notice). */
export const SURVEY_LIST_VERB = 'survey.list';
export const SURVEY_RESULTS_VERB = 'survey.results';
export const SURVEY_CLOSE_VERB = 'survey.close';
export const SURVEY_EXPORT_VERB = 'survey.export';
/** The action data: the run acted on, and on the confirming Close button `confirm: "yes"`. */
export const LIST_RUN_INPUT = 'runId';
export const LIST_CONFIRM_INPUT = 'confirm';

/** Rows a list shows at most: Slack takes 50 blocks a message; a survey takes 2, a run 2. */
const ROW_BUDGET = 44;

export interface SurveyListRun {
  id: string;
  /** What a person may type instead of the id (`survey results <ref>`). */
  ref: string;
  seq: number;
  status: 'open' | 'closed';
  /** When it closes (open) or closed, district wall clock `YYYY-MM-DDTHH:mm` (cards/dates.ts). */
  closes: string;
  /** The run card's delivery outcomes (operations.ts runDeliveries). */
  reach: { audience: number; sent: number; noAccount: number; failed: number; pending: number };
}

export interface SurveyListData {
  /** Newest first. */
  surveys: {
    title: { en: string; es: string };
    /** Cron expression, or null for a one-off survey. */
    cron: string | null;
    /** Newest first. */
    runs: SurveyListRun[];
  }[];
  /** What the viewer may do: close runs (survey managers), see results and exports. */
  can: { close: boolean; results: boolean };
  /** The list is in a channel or group chat: results and exports are given only in the 1:1 chat. */
  shared?: boolean;
  /** The run whose Close asks to confirm. */
  confirmClose?: string;
}

type Button = { title: string; verb: string; data: Record<string, JsonValue>; style: string };

function render(data: SurveyListData, opts: RenderOptions): AdaptiveCard {
  const l = opts.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `survey-list.${key}`, params);
  const when = (at: string, key: string) => formatLocal(at, textLocale(opts.strings, opts.locale, `survey-list.${key}`));

  const buttons = (r: SurveyListRun): Button[] => {
    const run = { [LIST_RUN_INPUT]: r.id };
    if (r.status === 'open') {
      if (!data.can.close) return [];
      if (data.confirmClose === r.id)
        return [
          { title: tr('confirmClose', { seq: r.seq }), verb: SURVEY_CLOSE_VERB, data: { ...run, [LIST_CONFIRM_INPUT]: 'yes' }, style: 'destructive' },
          { title: tr('cancel'), verb: SURVEY_LIST_VERB, data: {}, style: 'default' },
        ];
      return [{ title: tr('close'), verb: SURVEY_CLOSE_VERB, data: run, style: 'default' }];
    }
    if (!data.can.results || data.shared) return [];
    return [
      { title: tr('results'), verb: SURVEY_RESULTS_VERB, data: run, style: 'positive' },
      { title: tr('export'), verb: SURVEY_EXPORT_VERB, data: run, style: 'default' },
    ];
  };

  const reachText = (x: SurveyListRun['reach']) =>
    [
      tr('reach.sent', { sent: x.sent, audience: x.audience }),
      ...(x.noAccount ? [tr('reach.noAccount', { count: x.noAccount })] : []),
      ...(x.failed ? [tr('reach.failed', { count: x.failed })] : []),
      ...(x.pending ? [tr('reach.pending', { count: x.pending })] : []),
    ].join('; ');

  const runRow = (r: SurveyListRun) => ({
    text: [
      r.status === 'open'
        ? tr('run.open', { seq: r.seq, closes: when(r.closes, 'run.open') })
        : tr('run.closed', { seq: r.seq, closed: when(r.closes, 'run.closed') }),
      reachText(r.reach),
      tr('ref', { ref: r.ref }),
    ].join(' · '),
    confirm: data.confirmClose === r.id && r.status === 'open' ? tr('confirmWhy') : '',
    actions: buttons(r),
  });

  let budget = ROW_BUDGET;
  const rows = [];
  for (const s of data.surveys) {
    const cost = 2 + 2 * s.runs.length;
    if (cost > budget) break;
    budget -= cost;
    // Said in words ("every month on the first Tuesday at 9:00"), as the form and preview say it.
    const schedule = s.cron
      ? tr('recurring', { when: recurrenceInWords(recurrenceOf(s.cron), (key, params) => opts.strings.translate(opts.locale, key, params)) })
      : tr('once');
    rows.push({
      title: s.title[l],
      detail: [tr('survey'), schedule, ...(s.runs.length ? [] : [tr('notLaunched')])].join(' · '),
      runs: s.runs.map(runRow),
    });
  }
  const more = data.surveys.length - rows.length;
  const hint = data.shared && data.can.results ? tr('privateHint') : tr('hint');
  return renderTemplate(SURVEY_LIST_CARD, template, { rows, more: more > 0 ? tr('more', { count: more }) : '', hint }, opts);
}

const reach = { audience: 15, sent: 12, noAccount: 2, failed: 1, pending: 0 };
const monthly: SurveyListData['surveys'][number] = {
  title: { en: 'Monthly pulse', es: 'Pulso mensual' },
  cron: '0 9 1-7 * 2',
  runs: [
    { id: 'r2', ref: 'r2', seq: 2, status: 'open', closes: '2026-12-08T09:00', reach: { ...reach, sent: 10, pending: 2 } },
    { id: 'r1', ref: 'r1', seq: 1, status: 'closed', closes: '2026-11-10T09:00', reach },
  ],
};
const examples: SurveyListData[] = [
  { surveys: [], can: { close: true, results: true } },
  {
    surveys: [monthly, { title: { en: 'PL check-in', es: 'Consulta de formación' }, cron: null, runs: [] }],
    can: { close: true, results: true },
  },
  { surveys: [monthly], can: { close: true, results: true }, confirmClose: 'r2' },
  { surveys: [monthly], can: { close: false, results: true }, shared: true },
];

export const card: CardDefinition<SurveyListData> = { name: SURVEY_LIST_CARD, render, examples };
