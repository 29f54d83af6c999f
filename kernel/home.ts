// A person's home: the Teams personal tab and Slack's App Home. Each workflow module fills it
// through `home` (module.ts) with data only, never markup: the tasks waiting for this person
// and, by role and scope, dashboards. The surfaces (service/tab, bots/slack/home.ts) render
// the same data; acting on a task runs a verb of its workflow through the router, with the
// same checks and once-only guarantees as the card in chat.
import { DATA_CARD, DATA_VERB, RESERVED_DATA_KEYS } from '../cards/ids.ts';
import type { AdaptiveCard, SubmittedValues } from '../cards/types.ts';
import { AppError, ErrorCode, isAppError } from '../core/errors.ts';
import { reportError } from '../core/log.ts';
import type { Actor } from './events.ts';
import { type EmailLookup, identify, type PersonWithRoles, rolesOf } from './identity.ts';
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
  /** Pages to open (a course in the learning system). https only: others are dropped. */
  links?: HomeLink[];
}

interface HomeLink {
  /** In the person's language. */
  title: string;
  url: string;
}

/** The task's links that are well-formed https URLs (a surface opens nothing else). */
function safeLinks(links: readonly HomeLink[] | undefined): HomeLink[] | undefined {
  const ok = (links ?? []).filter((l) => URL.canParse(l.url) && new URL(l.url).protocol === 'https:');
  return ok.length ? ok.map((l) => ({ title: l.title, url: new URL(l.url).href })) : undefined;
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
      for (const { links, ...t } of (await m.home.tasks?.(ctx)) ?? []) {
        const safe = safeLinks(links);
        tasks.push({ ...t, ...(safe ? { links: safe } : {}), workflow: m.name, key: taskKey(m.name, t.id) });
      }
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

/** What acting on a task submits to the router: the verb, the card instance and the values,
 *  taken from the task as the server holds it now (never from the client). */
export interface HomeSubmission {
  verb: string;
  cardInstanceId: string;
  values: SubmittedValues;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A card's first submit that takes its inputs (card actions, then the body in reading order),
 *  as its modal's submit or the tab's form button stands for it. */
function formSubmit(card: AdaptiveCard): { verb: string; cardInstanceId: string; data: Record<string, string> } | undefined {
  const queue: unknown[] = [...(card.actions ?? []), ...(card.body ?? [])];
  while (queue.length) {
    const el = queue.shift();
    if (!isRecord(el)) continue;
    if ((el.type === 'Action.Execute' || el.type === 'Action.Submit') && el.associatedInputs !== 'none') {
      const data = isRecord(el.data) ? el.data : {};
      const verb = typeof el.verb === 'string' ? el.verb : data[DATA_VERB];
      const cardInstanceId = data[DATA_CARD];
      if (typeof verb === 'string' && typeof cardInstanceId === 'string') {
        const own = Object.fromEntries(
          Object.entries(data).filter((e): e is [string, string] => !RESERVED_DATA_KEYS.includes(e[0]) && typeof e[1] === 'string'),
        );
        return { verb, cardInstanceId, data: own };
      }
    }
    for (const key of ['actions', 'items', 'columns', 'body'] as const) if (Array.isArray(el[key])) queue.push(...(el[key] as unknown[]));
  }
  return undefined;
}

/** The submission for a task's form filled with `values` (its own data wins over them), or
 *  for its action number `action`. Undefined when the task has no such thing. */
export function submissionOf(task: OwnedTask, act: { values: Record<string, string> } | { action: number }): HomeSubmission | undefined {
  if ('action' in act) {
    const a = task.actions?.[act.action];
    return a ? { verb: a.verb, cardInstanceId: `home:${task.key}:${act.action}`, values: { ...a.values } } : undefined;
  }
  const submit = task.form ? formSubmit(task.form) : undefined;
  if (!submit) return undefined;
  const typed = Object.fromEntries(Object.entries(act.values).filter(([k]) => !RESERVED_DATA_KEYS.includes(k)));
  return { verb: submit.verb, cardInstanceId: submit.cardInstanceId, values: { ...typed, ...submit.data } };
}

/** The home for the surfaces: by directory person (the tab signs people in itself) or by a
 *  platform account (Slack's App Home), linked by email as chat does. */
export interface Home {
  viewFor(person: PersonWithRoles, opts?: { dashboards?: boolean; query?: HomeQuery }): Promise<HomeView>;
  taskFor(person: PersonWithRoles, key: string): Promise<OwnedTask>;
  personOf(actor: Actor, lookupEmail: EmailLookup): Promise<PersonWithRoles | undefined>;
  /** A string of the home's own (`home.*`) in a language. */
  text(locale: string, key: string, params?: Record<string, unknown>): string;
}

export function createHome(services: Services, modules: readonly WorkflowModule[]): Home {
  return {
    viewFor: (person, opts) => homeOf(services, modules, person, opts),
    taskFor: (person, key) => taskOf(services, modules, person, key),
    personOf: async (actor, lookupEmail) => (await identify(services.db, actor, undefined, lookupEmail, services.clock.now()))?.person,
    text: (locale, key, params) => services.catalog.strings.translate(locale, `home.${key}`, params),
  };
}
