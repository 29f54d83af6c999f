// `survey export`: the same aggregates as surveyResults, as CSV (RFC 4180: CRLF, fields with
// comma, quote or line break quoted, quotes doubled). Suppressed cells read "suppressed", never
// a number. Comments are not exported: they are read in chat, for large-enough groups only.
import type { ResultScope } from './access.ts';
import type { ItemResult } from './item-stats.ts';
import type { SurveyDeps } from './model.ts';
import { type GroupResult, type ResultsOptions, type ResultsTarget, surveyResults } from './results.ts';

const SUPPRESSED = 'suppressed';
const HEADER = [
  'section',
  'survey',
  'run',
  'opens_on',
  'group_by',
  'region',
  'building',
  'role',
  'job_category',
  'sent',
  'responses',
  'response_rate_pct',
  'question',
  'question_text',
  'kind',
  'n',
  'favourable_pct',
  'mean',
  'net_score',
  'distribution',
] as const;

/** One CSV field. Text that a spreadsheet would run as a formula gets a leading apostrophe. */
export function csvField(value: string | number | null | undefined, opts: { text?: boolean } = {}): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (opts.text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

const pct = (share: number | null) => (share === null ? '' : String(Math.round(share * 1000) / 10));

function itemFields(item: ItemResult): (string | number | null)[] {
  if (item.suppressed) return [SUPPRESSED, '', '', '', ''];
  return [item.n, pct(item.favourable), item.mean, item.netScore, item.distribution.map((d) => `${d.key}=${d.count}`).join('; ')];
}

export async function exportResultsCsv(deps: SurveyDeps, target: ResultsTarget, scope: ResultScope, opts: ResultsOptions = {}): Promise<string> {
  const r = await surveyResults(deps, target, scope, opts);
  const lines: string[] = [HEADER.join(',')];
  const base = (section: string, runSeq: number, opensOn: string) => [section, r.survey.title, runSeq, opensOn];
  const opensOn = r.trend.find((p) => p.runId === r.run.id)?.opensOn ?? '';
  const push = (fields: (string | number | null | undefined)[], textColumns: number[]) =>
    lines.push(fields.map((f, i) => csvField(f, { text: textColumns.includes(i) })).join(','));
  const TEXT = [1, 5, 6, 7, 8, 12, 13];
  const noItem = ['', '', '', '', '', '', '', ''];

  const rate = r.responseRate;
  push(
    [
      ...base('response_rate', r.run.seq, opensOn),
      '',
      '',
      '',
      '',
      '',
      rate.sent,
      rate.answered ?? SUPPRESSED,
      rate.rate === null ? SUPPRESSED : pct(rate.rate),
      ...noItem,
    ],
    TEXT,
  );

  const group = (section: string, by: string, g: GroupResult) => {
    const labels = [g.label.region, g.label.building, g.label.role, g.label.jobCategory].map((v) => (v === undefined ? '' : (v ?? '(none)')));
    for (const item of g.items)
      push(
        [
          ...base(section, r.run.seq, opensOn),
          by,
          ...labels,
          '',
          g.suppressed ? SUPPRESSED : g.responses,
          '',
          item.key,
          item.text,
          item.kind,
          ...itemFields(item),
        ],
        TEXT,
      );
  };
  group('overall', '', r.overall);
  if (r.breakdown) for (const g of r.breakdown.groups) group('group', r.breakdown.by, g);
  for (const p of r.trend)
    for (const item of p.items)
      push(
        [
          ...base('trend', p.seq, p.opensOn),
          '',
          '',
          '',
          '',
          '',
          '',
          p.suppressed ? SUPPRESSED : p.responses,
          '',
          item.key,
          item.text,
          item.kind,
          ...itemFields(item),
        ],
        TEXT,
      );
  return `${lines.join('\r\n')}\r\n`;
}
