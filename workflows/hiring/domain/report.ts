// The quarterly review: for the processes opened in a quarter (in the viewer's scope), the share
// meeting the selection-team parameters (and exceptions), checklist items answered yes per item,
// checklist completion and its delay after the interview, the panel verification response rate
// and its agreement with the manager's checklist, beside the quarter before. HR sees every
// figure; a leader's view hides the verification figures of any group with fewer answers than the
// pulse surveys' minimum group, with the surveys' own complementary suppression.
import { DEFAULTS as SURVEY_DEFAULTS } from '../../surveys/domain/model.ts';
import { suppressCells } from '../../surveys/domain/suppression.ts';
import {
  type Actor,
  ErrorCode,
  type HiringDeps,
  HiringNotice,
  HOUR_MS,
  isHr,
  previousQuarter,
  type Quarter,
  refuse,
  VERIFY_CHECKS,
  VERIFY_QUESTIONS,
} from './model.ts';

export const REPORT_BY = ['building', 'region', 'jobCategory'] as const;
export type ReportBy = (typeof REPORT_BY)[number];

/** The minimum group of leaders' aggregates: the pulse surveys' score threshold. */
export const MIN_GROUP = SURVEY_DEFAULTS.minScores;

export type Scope = { kind: 'all' } | { kind: 'building'; building: string } | { kind: 'region'; region: string };

export function reportScope(actor: Actor): Scope {
  if (isHr(actor)) return { kind: 'all' };
  if (actor.roles.includes('leader')) {
    if (actor.building) return { kind: 'building', building: actor.building };
    if (actor.region) return { kind: 'region', region: actor.region };
  }
  throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'no hiring report scope');
}

export interface ItemFigure {
  key: string;
  textEn: string;
  textEs: string;
  yes: number;
  answered: number;
}

export interface VerificationFigures {
  sent: number;
  answered: number;
  /** Panel answers that agree with the manager's checklist on the same point, of those compared. */
  agree: number;
  compared: number;
  /** Panel members who felt pressure to change a score. */
  pressure: number;
}

export interface Figures {
  processes: number;
  meetingParameters: number;
  exceptions: number;
  interviews: number;
  checklists: number;
  /** Median hours from the interview to its checklist (null: none completed). */
  medianDelayHours: number | null;
  items: ItemFigure[];
  /** null when hidden (a leader's view of a group below the minimum). */
  verification: VerificationFigures | null;
}

export interface HiringReport {
  quarter: string;
  by: ReportBy | null;
  scope: Scope;
  /** Whether small groups' verification figures are hidden (leaders' view). */
  suppressed: boolean;
  minGroup: number;
  total: Figures;
  groups: { label: string; figures: Figures }[];
  previous: { quarter: string; total: Figures };
}

export interface ProcessFacts {
  id: string;
  ref: string;
  requisitionId: string;
  position: string;
  building: string;
  region: string | null;
  jobCategory: string;
  status: string;
  createdAt: Date;
  closedAt: Date | null;
  rulesPass: boolean;
  exception: boolean;
  failedRules: string[];
  figures: Figures;
}

const scopeWhere = (s: Scope) => (s.kind === 'building' ? { building: s.building } : s.kind === 'region' ? { region: s.region } : {});

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return Math.round(m * 10) / 10;
}

interface Raw {
  p: { rulesPass: boolean; exceptionReason: string | null };
  interviews: { interviewAt: Date; checklistAt: Date | null; answers: { itemKey: string; answer: string }[] }[];
  verifications: {
    answeredAt: Date | null;
    receivedAhead: string | null;
    scoredIndependently: string | null;
    sameQuestions: string | null;
    feltPressure: string | null;
  }[];
}

/** Adds up the figures of a set of processes. */
function figuresOf(raws: readonly Raw[], items: readonly Omit<ItemFigure, 'yes' | 'answered'>[]): Figures {
  const f: Figures = {
    processes: raws.length,
    meetingParameters: 0,
    exceptions: 0,
    interviews: 0,
    checklists: 0,
    medianDelayHours: null,
    items: items.map((i) => ({ ...i, yes: 0, answered: 0 })),
    verification: { sent: 0, answered: 0, agree: 0, compared: 0, pressure: 0 },
  };
  const byItem = new Map(f.items.map((i) => [i.key, i]));
  const delays: number[] = [];
  const v = f.verification as VerificationFigures;
  for (const { p, interviews, verifications } of raws) {
    if (p.rulesPass) f.meetingParameters++;
    else if (p.exceptionReason !== null) f.exceptions++;
    // The manager's word per item over the process: yes only when every checklist said yes.
    const managerSays = new Map<string, boolean>();
    for (const iv of interviews) {
      f.interviews++;
      if (!iv.checklistAt) continue;
      f.checklists++;
      delays.push(Math.max(0, iv.checklistAt.getTime() - iv.interviewAt.getTime()) / HOUR_MS);
      for (const a of iv.answers) {
        const it = byItem.get(a.itemKey);
        if (it && a.answer !== 'na') {
          it.answered++;
          if (a.answer === 'yes') it.yes++;
        }
        if (a.answer !== 'na') managerSays.set(a.itemKey, (managerSays.get(a.itemKey) ?? true) && a.answer === 'yes');
      }
    }
    for (const r of verifications) {
      v.sent++;
      if (!r.answeredAt) continue;
      v.answered++;
      if (r.feltPressure === 'yes') v.pressure++;
      for (const q of VERIFY_QUESTIONS) {
        const item = VERIFY_CHECKS[q];
        const said = item ? managerSays.get(item) : undefined;
        if (said === undefined || !r[q]) continue;
        v.compared++;
        if ((r[q] === 'yes') === said) v.agree++;
      }
    }
  }
  f.medianDelayHours = median(delays);
  return f;
}

async function load(deps: HiringDeps, scope: Scope, quarter: Quarter) {
  return deps.db.hiringProcess.findMany({
    where: { ...scopeWhere(scope), createdAt: { gte: quarter.start, lt: quarter.end } },
    orderBy: { createdAt: 'asc' },
    include: {
      interviews: { select: { interviewAt: true, checklistAt: true, answers: { select: { itemKey: true, answer: true } } } },
      verifications: { select: { answeredAt: true, receivedAhead: true, scoredIndependently: true, sameQuestions: true, feltPressure: true } },
    },
  });
}

const itemList = (deps: HiringDeps) =>
  deps.db.hiringChecklistItem.findMany({ orderBy: { sortOrder: 'asc' }, select: { key: true, textEn: true, textEs: true } });

const labelOf = (by: ReportBy, p: { building: string; region: string | null; jobCategory: string }) => p[by] ?? '—';

/** The report for a quarter, in the viewer's scope, optionally by building, region or job category. */
export async function hiringReport(deps: HiringDeps, actor: Actor, quarter: Quarter, by?: ReportBy): Promise<HiringReport> {
  const scope = reportScope(actor);
  const items = await itemList(deps);
  const rows = await load(deps, scope, quarter);
  const before = previousQuarter(quarter);
  const prevRows = await load(deps, scope, before);
  const raw = (r: (typeof rows)[number]): Raw => ({ p: r, interviews: r.interviews, verifications: r.verifications });
  const grouped = new Map<string, Raw[]>();
  if (by) for (const r of rows) grouped.set(labelOf(by, r), [...(grouped.get(labelOf(by, r)) ?? []), raw(r)]);
  const total = figuresOf(rows.map(raw), items);
  const groups = [...grouped.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, rs]) => ({ label, figures: figuresOf(rs, items) }));
  const previous = { quarter: before.label, total: figuresOf(prevRows.map(raw), items) };

  const suppressed = !isHr(actor);
  if (suppressed) {
    const hide = (nodes: { id: string; parent: string | null; n: number }[]) => suppressCells(nodes, MIN_GROUP);
    const answered = (f: Figures) => f.verification?.answered ?? 0;
    const hidden = hide([{ id: '*', parent: null, n: answered(total) }, ...groups.map((g) => ({ id: `g:${g.label}`, parent: '*', n: answered(g.figures) }))]);
    if (hidden.has('*')) total.verification = null;
    for (const g of groups) if (hidden.has(`g:${g.label}`)) g.figures.verification = null;
    if (hide([{ id: '*', parent: null, n: answered(previous.total) }]).has('*')) previous.total.verification = null;
  }
  return { quarter: quarter.label, by: by ?? null, scope, suppressed, minGroup: MIN_GROUP, total, groups, previous };
}

/** Per-process facts for the export (HR only): the same figures as the report, one row each. */
export async function processFacts(deps: HiringDeps, actor: Actor, quarter: Quarter): Promise<ProcessFacts[]> {
  if (!isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'only HR exports hiring data');
  const items = await itemList(deps);
  const rows = await load(deps, { kind: 'all' }, quarter);
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    requisitionId: r.requisitionId,
    position: r.position,
    building: r.building,
    region: r.region,
    jobCategory: r.jobCategory,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    rulesPass: r.rulesPass,
    exception: !r.rulesPass && r.exceptionReason !== null,
    failedRules: (r.ruleResults as { key: string; pass: boolean }[]).filter((x) => !x.pass).map((x) => x.key),
    figures: figuresOf([{ p: r, interviews: r.interviews, verifications: r.verifications }], items),
  }));
}
