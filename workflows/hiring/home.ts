// Hiring on a person's home (kernel/home.ts): the checklists this hiring manager still owes and
// the verification surveys waiting for this panel member (from myHiringTasks, as `hiring tasks`
// lists them), each with the card chat sends, so answering from the tab runs the same verb with
// its once-only guarantee and refusals; and for HR and leaders the process fidelity by quarter
// in their scope, from hiringReport (the code of `hiring report`), under its suppression.
import type { Dashboard, HomeContext, HomeQuery, HomeSpec, HomeTask } from '../../kernel/home.ts';
import { card as checklistCard } from './cards/hiring-checklist/index.ts';
import { card as verifyCard } from './cards/hiring-verify/index.ts';
import { interviewFor } from './domain/interviews.ts';
import { type Actor, ErrorCode, HiringNotice, isHr, previousQuarter, type Quarter, quarterOf, refuse } from './domain/model.ts';
import { type Figures, hiringReport, reportScope } from './domain/report.ts';
import { checklistCardData, myHiringTasks } from './operations.ts';

/** Quarters the fidelity chart shows, the current one last. */
const QUARTERS = 4;

const actorOf = (ctx: HomeContext): Actor => ({ id: ctx.person.id, roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });
const tr = (ctx: HomeContext, key: string, params?: Record<string, unknown>) => ctx.catalog.strings.translate(ctx.locale, `hiring-tasks.${key}`, params);

async function hiringTasks(ctx: HomeContext): Promise<HomeTask[]> {
  const actor = actorOf(ctx);
  const mine = await myHiringTasks(ctx, ctx.person.id);
  const tasks: HomeTask[] = [];
  for (const c of mine.checklists) {
    // The same lookup and check as the chat button that opens this checklist.
    const interview = await interviewFor(ctx, actor, c.interviewId);
    tasks.push({
      id: `checklist:${c.interviewId}`,
      title: tr(ctx, 'checklist', c),
      kind: tr(ctx, 'home.checklistKind'),
      status: 'open',
      form: ctx.card(checklistCard, await checklistCardData(ctx, interview.process, interview)),
    });
  }
  for (const v of mine.verifications)
    tasks.push({
      id: `verify:${v.processId}`,
      title: tr(ctx, 'verification', v),
      kind: tr(ctx, 'home.verifyKind'),
      status: 'open',
      form: ctx.card(verifyCard, v),
    });
  return tasks;
}

const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);
/** A quarter's figures; undefined for a building with no process that quarter. */
type Quarterly = Figures | undefined;
const fidelity = (f: Quarterly) => (f ? share(f.meetingParameters, f.processes) : null);
const completion = (f: Quarterly) => (f ? share(f.checklists, f.interviews) : null);
/** Null when hidden (a leader's view below the minimum group) or when nobody was asked. */
const responseRate = (f: Quarterly) => (f?.verification ? share(f.verification.answered, f.verification.sent) : null);
const shown = (x: number | null, missing: string) => (x === null ? missing : `${x}%`);

/** The report's figures for the viewer, narrowed to one building when asked and allowed. */
async function reportFor(ctx: HomeContext, actor: Actor, quarter: Quarter, building: string | undefined): Promise<Quarterly> {
  if (building === undefined) return (await hiringReport(ctx, actor, quarter)).total;
  return (await hiringReport(ctx, actor, quarter, 'building')).groups.find((g) => g.label === building)?.figures;
}

async function fidelityDashboards(ctx: HomeContext, query: HomeQuery): Promise<Dashboard[]> {
  const actor = actorOf(ctx);
  const leader = actor.roles.includes('leader') && (actor.building !== null || actor.region !== null);
  if (!isHr(actor) && !leader) return [];
  const scope = reportScope(actor);
  if (query.building !== undefined && scope.kind !== 'all' && !(scope.kind === 'building' && scope.building === query.building))
    throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'a building outside the viewer’s hiring report scope was asked for');
  const building = scope.kind === 'all' ? query.building : undefined;
  const quarters: Quarter[] = [quarterOf(ctx.clock.now())];
  while (quarters.length < QUARTERS) quarters.unshift(previousQuarter(quarters[0] as Quarter));
  const figures: Quarterly[] = [];
  for (const q of quarters) figures.push(await reportFor(ctx, actor, q, building));
  // Nothing hired in this scope over the quarters shown: no dashboard rather than an empty one.
  if (figures.every((f) => !f?.processes)) return [];
  const current = figures[figures.length - 1];
  const t = (key: string, params?: Record<string, unknown>) => tr(ctx, `home.${key}`, params);
  const missing = t('missing');
  return [
    {
      id: 'hiring-fidelity',
      title: t('title'),
      scope: building ?? (scope.kind === 'all' ? t('district') : scope.kind === 'building' ? scope.building : scope.region),
      headline: [
        { label: t('processes'), value: String(current?.processes ?? 0) },
        { label: t('fidelity'), value: shown(fidelity(current), missing) },
        { label: t('completion'), value: shown(completion(current), missing) },
      ],
      charts: [
        {
          kind: 'line',
          title: t('byQuarter'),
          unit: 'percent',
          labels: quarters.map((q) => q.label),
          series: [
            { label: t('fidelity'), values: figures.map(fidelity) },
            { label: t('completion'), values: figures.map(completion) },
            { label: t('responseRate'), values: figures.map(responseRate) },
          ],
          missing,
        },
        {
          kind: 'bar',
          title: t('processesByQuarter'),
          unit: 'count',
          labels: quarters.map((q) => q.label),
          series: [
            { label: t('processes'), values: figures.map((f) => f?.processes ?? 0) },
            { label: t('exceptions'), values: figures.map((f) => f?.exceptions ?? 0) },
          ],
        },
      ],
    },
  ];
}

export const hiringHome: HomeSpec = { tasks: hiringTasks, dashboards: fidelityDashboards };
