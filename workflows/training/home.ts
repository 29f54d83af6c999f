// Required training on a person's home (kernel/home.ts): their open assignments, soonest first
// (myTraining, the list `training` shows in chat), each with a link that opens the course and
// "I've completed it" running the card's own verb (absent when HR requires verified
// completion); and for HR and leaders, compliance in their scope from trainingStatus, the
// operation `training status` uses: completion rate by building and by course, and the
// new-hire figure. Staff get no dashboard.
import { formatLocal } from '../../cards/dates.ts';
import type { Dashboard, HomeContext, HomeQuery, HomeSpec, HomeTask } from '../../kernel/home.ts';
import { addDays, zonedTime } from '../../scheduler/school-days.ts';
import { DONE_ASSIGNMENT_INPUT, TRAINING_DONE_VERB } from './cards/training/index.ts';
import { statusScope } from './domain/compliance.ts';
import { myTraining, trainingStatus } from './operations.ts';

/** Due within this many days: shown as due soon (the last reminders before the due day). */
const DUE_SOON_DAYS = 7;

const languageOf = (locale: string) => (locale.toLowerCase().startsWith('es') ? 'es' : 'en');

async function openTraining(ctx: HomeContext): Promise<HomeTask[]> {
  const t = (key: string) => ctx.catalog.strings.translate(ctx.locale, `training.${key}`);
  const l = languageOf(ctx.locale);
  return (await myTraining(ctx, ctx.person.id)).map((i) => ({
    id: i.assignmentId,
    title: i.title[l],
    kind: t('home.kind'),
    // The last minute of the due day in the district: on time until then.
    due: new Date(zonedTime(ctx.timeZone, addDays(i.dueDate, 1), 0).getTime() - 60_000),
    status: i.daysLeft < 0 ? 'overdue' : i.daysLeft <= DUE_SOON_DAYS ? 'dueSoon' : 'open',
    links: [{ title: t('open'), url: i.url }],
    ...(i.verifiedOnly ? {} : { actions: [{ title: t('markDone'), verb: TRAINING_DONE_VERB, values: { [DONE_ASSIGNMENT_INPUT]: i.assignmentId } }] }),
  }));
}

const rateOf = (completed: number, assigned: number) => (assigned === 0 ? null : Math.round((100 * completed) / assigned));

/** Compliance in the viewer's scope, or one building of it when asked (never wider). */
async function complianceDashboards(ctx: HomeContext, query: HomeQuery): Promise<Dashboard[]> {
  const viewer = { roles: ctx.roles, building: ctx.person.building, region: ctx.person.region };
  if (statusScope(viewer).kind === 'none') return [];
  const t = (key: string, params?: Record<string, unknown>) => ctx.catalog.strings.translate(ctx.locale, `training.home.${key}`, params);
  const l = languageOf(ctx.locale);
  const r = await trainingStatus(ctx, viewer, { by: 'building', ...(query.building ? { within: { building: query.building } } : {}) });
  const totals = r.rows.filter((x) => x.group === '');
  // No required course yet: nothing to show.
  if (totals.length === 0) return [];
  const buildings = new Map<string, { assigned: number; completed: number }>();
  for (const x of r.rows) {
    if (x.group === '') continue;
    const b = buildings.get(x.group) ?? { assigned: 0, completed: 0 };
    b.assigned += x.assigned;
    b.completed += x.completed;
    buildings.set(x.group, b);
  }
  const byBuilding = [...buildings.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const assigned = totals.reduce((n, x) => n + x.assigned, 0);
  const completed = totals.reduce((n, x) => n + x.completed, 0);
  const overall = rateOf(completed, assigned);
  const n = r.newHires;
  const scope = r.scope.kind === 'building' ? r.scope.building : r.scope.kind === 'region' ? r.scope.region : t('district');
  return [
    {
      id: 'training-compliance',
      title: t('title'),
      scope,
      headline: [
        { label: t('completionRate'), value: overall === null ? t('none') : `${overall}%` },
        { label: t('overdue'), value: String(totals.reduce((s, x) => s + x.overdue, 0)) },
        { label: t('newHires'), value: n.rate === null ? t('none') : `${n.rate}% (${n.completedInWindow}/${n.hired})` },
      ],
      charts: [
        {
          kind: 'bar',
          title: t('byBuilding'),
          unit: 'percent',
          labels: byBuilding.map(([b]) => b || t('noBuilding')),
          series: [{ label: t('completionRate'), values: byBuilding.map(([, b]) => rateOf(b.completed, b.assigned)) }],
          missing: t('none'),
        },
        {
          kind: 'bar',
          title: t('byCourse'),
          unit: 'percent',
          labels: totals.map((x) => x.title[l]),
          series: [{ label: t('completionRate'), values: totals.map((x) => x.rate) }],
          missing: t('none'),
        },
        {
          kind: 'bar',
          title: t('newHiresChart', { from: formatLocal(n.from, ctx.locale), to: formatLocal(n.to, ctx.locale) }),
          unit: 'count',
          labels: [t('hired'), t('completedInWindow'), t('stillInWindow')],
          series: [{ label: t('people'), values: [n.hired, n.completedInWindow, n.stillInWindow] }],
        },
      ],
    },
  ];
}

export const trainingHome: HomeSpec = { tasks: openTraining, dashboards: complianceDashboards };
