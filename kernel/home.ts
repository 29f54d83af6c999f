// A person's home: the Teams personal tab and Slack's App Home. Each workflow module fills it
// through `home` (module.ts) with data only, never markup: the tasks waiting for this person
// and, by role and scope, dashboards. The surfaces (service/tab, bots/slack/home.ts) render
// the same data; acting on a task runs a verb of its workflow through the router, with the
// same checks and once-only guarantees as the card in chat.
import type { AdaptiveCard } from '../cards/types.ts';
import { AppError, ErrorCode, isAppError } from '../core/errors.ts';
import { reportError } from '../core/log.ts';
import { type PersonWithRoles, rolesOf } from './identity.ts';
import type { WorkflowModule } from './module.ts';
import type { Services, TurnContext } from './turn.ts';

/** What a workflow's home parts get: the person (already signed in and found in the
 *  directory), their roles and language, and the services. */
export type HomeContext = Omit<TurnContext, 'conversation' | 'commands'>;

/** A button on a task: runs `verb` with `values`, as the card's button would. */
export interface HomeAction {
  /** In the person's language. */
  title: string;
  verb: string;
  values: Record<string, string>;
}

export type HomeTaskStatus = 'open' | 'dueSoon' | 'overdue' | 'waiting';

/** Something this person has to do. Text is in the person's language. */
export interface HomeTask {
  /** Stable across refreshes, unique within the workflow (e.g. the survey run's id). */
  id: string;
  title: string;
  /** What kind of task, in words ("Survey"). */
  kind: string;
  due?: Date;
  status: HomeTaskStatus;
  /** The card to fill, the same one chat sends: the tab shows it in place, Slack opens it as
   *  a modal; its submit runs the card's own verb. */
  form?: AdaptiveCard;
  /** One-click actions that need no form. */
  actions?: HomeAction[];
}

/** One chart and, on every surface, the same numbers as a table (rows = labels, columns =
 *  series). A null value is not zero: it is hidden (`missing` says why, e.g. too few answers). */
export interface DashboardChart {
  kind: 'line' | 'bar';
  title: string;
  unit: 'percent' | 'count';
  /** The x axis (line) or the bars (bar), in order. */
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
  missing?: string;
}

export interface Dashboard {
  id: string;
  title: string;
  /** Whose numbers these are, in words ("Roosevelt High School", "the whole district"). */
  scope: string;
  /** The few numbers Slack's App Home shows (label and value as text). */
  headline: { label: string; value: string }[];
  charts: DashboardChart[];
}

/** A narrower scope the viewer asks for (HR looking at one building). A part that cannot
 *  narrow to it for this viewer refuses with a Forbidden AppError; it never widens. */
export interface HomeQuery {
  building?: string;
}

/** What a workflow module contributes to the home. */
export interface HomeSpec {
  /** The person's open tasks, most urgent first. */
  tasks?(ctx: HomeContext): Promise<HomeTask[]>;
  /** Dashboards this person may see, under the same access rules as chat. */
  dashboards?(ctx: HomeContext, query: HomeQuery): Promise<Dashboard[]>;
}

export type OwnedTask = HomeTask & { workflow: string; key: string };
export type OwnedDashboard = Dashboard & { workflow: string };

export interface HomeView {
  locale: string;
  tasks: OwnedTask[];
  dashboards: OwnedDashboard[];
  /** Workflows whose part failed (logged): the surfaces say that something is missing. */
  unavailable: string[];
}

export function homeContext(services: Services, person: PersonWithRoles): HomeContext {
  const locale = services.catalog.strings.localeOrFallback(person.language || services.defaultLocale);
  return { ...services, person, roles: rolesOf(person), locale, card: (card, data) => services.catalog.render(card.name, data, locale) };
}

const taskKey = (workflow: string, id: string) => `${workflow}:${id}`;
const urgency = (t: HomeTask) => (t.status === 'overdue' ? 0 : t.status === 'dueSoon' ? 1 : t.status === 'open' ? 2 : 3);

/** The person's home, from every module. One workflow failing leaves the others shown; a
 *  refusal (another building asked for) is the whole answer. */
export async function homeOf(
  services: Services,
  modules: readonly WorkflowModule[],
  person: PersonWithRoles,
  opts: { dashboards?: boolean; query?: HomeQuery } = {},
): Promise<HomeView> {
  const ctx = homeContext(services, person);
  const tasks: OwnedTask[] = [];
  const dashboards: OwnedDashboard[] = [];
  const unavailable: string[] = [];
  for (const m of modules) {
    if (!m.home) continue;
    try {
      for (const t of (await m.home.tasks?.(ctx)) ?? []) tasks.push({ ...t, workflow: m.name, key: taskKey(m.name, t.id) });
      if (opts.dashboards !== false) for (const d of (await m.home.dashboards?.(ctx, opts.query ?? {})) ?? []) dashboards.push({ ...d, workflow: m.name });
    } catch (e) {
      if (isAppError(e) && e.code === ErrorCode.Forbidden) throw e;
      reportError(services.log, e, { part: 'home', workflow: m.name });
      unavailable.push(m.name);
    }
  }
  tasks.sort((a, b) => urgency(a) - urgency(b) || (a.due?.getTime() ?? Number.POSITIVE_INFINITY) - (b.due?.getTime() ?? Number.POSITIVE_INFINITY));
  return { locale: ctx.locale, tasks, dashboards, unavailable };
}

/** One of the person's current tasks by its key, or a NotFound refusal (done or gone since). */
export async function taskOf(services: Services, modules: readonly WorkflowModule[], person: PersonWithRoles, key: string): Promise<OwnedTask> {
  const { tasks } = await homeOf(services, modules, person, { dashboards: false });
  const task = tasks.find((t) => t.key === key);
  if (!task) throw new AppError(ErrorCode.NotFound, 'that task is no longer open', { notice: { key: 'formClosed' } });
  return task;
}
