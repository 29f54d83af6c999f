// Required training in chat: `training` (my list, for everyone), `training new` and `training list`
// for HR, `training status [course] [building|region|role|job]` and `training export` for HR and
// leaders (in their scope, in a 1:1 chat only), and the cards' verbs: "I've completed it" redraws
// the card in place without that course.
import { z } from 'zod';
import type { Role } from '../../core/db.ts';
import type { Reply } from '../../kernel/events.ts';
import { type CommandSpec, defineVerb } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { DONE_ASSIGNMENT_INPUT, TRAINING_DONE_VERB, card as trainingCard } from './cards/training/index.ts';
import { card as ackCard } from './cards/training-ack/index.ts';
import { card as coursesCard, STATUS_COURSE_INPUT, TRAINING_STATUS_VERB } from './cards/training-courses/index.ts';
import { DUE_KIND_CHOICES, TRAINING_NEW_INPUTS as I, card as newCard, TRAINING_CREATE_VERB, type TrainingNewData } from './cards/training-new/index.ts';
import { card as statusCard, type TrainingStatusData } from './cards/training-status/index.ts';
import { type GroupBy, reportCsv } from './domain/compliance.ts';
import { ErrorCode, refuse, TrainingNotice } from './domain/refusals.ts';
import { cardItems, courseOverview, createTrainingCourse, dueInWords, markDone, myTraining, trainingStatus } from './operations.ts';

export const TRAINING_MANAGERS: readonly Role[] = ['hr', 'admin'];
export const STATUS_VIEWERS: readonly Role[] = ['hr', 'admin', 'leader'];

const BY_WORDS: Record<string, GroupBy> = { building: 'building', region: 'region', role: 'role', job: 'jobCategory', jobcategory: 'jobCategory' };

/** Figures and exports only in a 1:1 chat: in a channel everyone there would read them. */
function privateOnly(ctx: TurnContext, command: string): void {
  if (ctx.conversation.kind !== 'personal')
    throw refuse(ErrorCode.Forbidden, TrainingNotice.privateOnly, `${command} in a ${ctx.conversation.kind}`, { command });
}

/** `[course] [building|region|role|job]` in either order; a word that is a grouping groups. */
function statusArgs(args: string[], usage: string): { courseRef?: string; by?: GroupBy } {
  let by: GroupBy | undefined;
  let courseRef: string | undefined;
  for (const a of args) {
    const g = BY_WORDS[a.toLowerCase()];
    if (g && !by) by = g;
    else if (!courseRef) courseRef = a;
    else throw refuse(ErrorCode.InvalidInput, TrainingNotice.usage, `usage: ${usage}`, { usage });
  }
  return { ...(courseRef ? { courseRef } : {}), ...(by ? { by } : {}) };
}

const viewerOf = (ctx: TurnContext) => ({ roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });

async function statusCardOf(ctx: TurnContext, opts: { courseRef?: string; by?: GroupBy }) {
  const r = await trainingStatus(ctx, viewerOf(ctx), opts);
  const byCourse = new Map<string, TrainingStatusData['courses'][number]>();
  for (const row of r.rows) {
    let c = byCourse.get(row.course);
    if (!c) {
      c = { title: row.title, rows: [] };
      byCourse.set(row.course, c);
    }
    c.rows.push({ group: row.group, assigned: row.assigned, completed: row.completed, onTime: row.onTime, overdue: row.overdue, rate: row.rate });
  }
  const scope: TrainingStatusData['scope'] =
    r.scope.kind === 'building'
      ? { kind: 'building', name: r.scope.building }
      : r.scope.kind === 'region'
        ? { kind: 'region', name: r.scope.region }
        : { kind: 'all' };
  return ctx.card(statusCard, { scope, courses: [...byCourse.values()], newHires: r.newHires });
}

async function listCard(ctx: TurnContext) {
  const overview = await courseOverview(ctx, viewerOf(ctx));
  return ctx.card(coursesCard, {
    courses: overview.map(({ course: c, totals }) => ({
      key: c.key,
      title: c.title,
      due: dueInWords(c),
      verifiedOnly: c.verifiedOnly,
      assigned: totals.assigned,
      completed: totals.completed,
      overdue: totals.overdue,
    })),
  });
}

async function myCard(ctx: TurnContext, done?: { en: string; es: string }) {
  const items = await myTraining(ctx, ctx.person.id);
  return ctx.card(trainingCard, { items: cardItems(items), ...(done ? { done } : {}) });
}

async function formData(ctx: TurnContext): Promise<TrainingNewData> {
  const counted = (rows: { value: string | null; n: number }[]) =>
    rows
      .filter((r): r is { value: string; n: number } => typeof r.value === 'string' && r.value.trim() !== '')
      .map((r) => ({ value: r.value, people: r.n }))
      .sort((a, b) => a.value.localeCompare(b.value));
  const active = { inactiveAt: null };
  const [buildings, regions, jobs, roles] = await Promise.all([
    ctx.db.person.groupBy({ by: ['building'], where: active, _count: { _all: true } }),
    ctx.db.person.groupBy({ by: ['region'], where: active, _count: { _all: true } }),
    ctx.db.person.groupBy({ by: ['jobCategory'], where: active, _count: { _all: true } }),
    ctx.db.personRole.groupBy({ by: ['role'], where: { person: active }, _count: { _all: true } }),
  ]);
  return {
    audience: {
      buildings: counted(buildings.map((r) => ({ value: r.building, n: r._count._all }))),
      regions: counted(regions.map((r) => ({ value: r.region, n: r._count._all }))),
      jobCategories: counted(jobs.map((r) => ({ value: r.jobCategory, n: r._count._all }))),
      roles: counted(roles.map((r) => ({ value: r.role, n: r._count._all }))),
    },
  };
}

const reply = (messages: Reply['messages']): Reply => ({ messages });

export const trainingCommands: readonly CommandSpec[] = [
  { name: 'training', helpIds: ['training.mine'], run: async (ctx) => reply([{ card: await myCard(ctx) }]) },
  {
    name: 'training new',
    helpIds: ['training.new'],
    roles: TRAINING_MANAGERS,
    // A message, as `survey new` is: on Slack a form too large for a message opens as a modal from it.
    run: async (ctx) => reply([{ card: ctx.card(newCard, await formData(ctx)) }]),
  },
  { name: 'training list', helpIds: ['training.list'], roles: STATUS_VIEWERS, run: async (ctx) => reply([{ card: await listCard(ctx) }]) },
  {
    name: 'training status',
    helpIds: ['training.status'],
    roles: STATUS_VIEWERS,
    run: async (ctx, args) => {
      privateOnly(ctx, 'training status');
      return reply([{ card: await statusCardOf(ctx, statusArgs(args, 'training status [course] [building|region|role|job]')) }]);
    },
  },
  {
    name: 'training export',
    helpIds: ['training.export'],
    roles: STATUS_VIEWERS,
    run: async (ctx, args) => {
      privateOnly(ctx, 'training export');
      const opts = statusArgs(args, 'training export [course] [building|region|role|job]');
      const csv = reportCsv(await trainingStatus(ctx, viewerOf(ctx), opts));
      return { messages: [{ text: `\`\`\`\n${csv.trimEnd()}\n\`\`\`` }] };
    },
  },
];

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const NewForm = z.object({
  [I.key]: z.string().max(100),
  [I.titleEn]: z.string().max(300),
  [I.titleEs]: z.string().max(300).optional(),
  [I.descriptionEn]: z.string().max(2000).optional(),
  [I.descriptionEs]: z.string().max(2000).optional(),
  [I.url]: z.string().max(2000),
  [I.roles]: z.string().max(2000).optional(),
  [I.buildings]: z.string().max(20_000).optional(),
  [I.regions]: z.string().max(20_000).optional(),
  [I.jobCategories]: z.string().max(20_000).optional(),
  [I.dueKind]: z.enum(DUE_KIND_CHOICES),
  [I.dueDate]: z.string().max(20).optional(),
  [I.dueDays]: z.string().max(20).optional(),
  [I.monthDay]: z.string().max(10).optional(),
  [I.verifiedOnly]: z.enum(['true', 'false']).optional(),
});

/** The form's values as the course definition createCourse checks (it names what is wrong). */
function courseFromForm(f: z.output<typeof NewForm>) {
  const audience: Record<string, string[]> = {};
  for (const k of [I.roles, I.buildings, I.regions, I.jobCategories] as const) if (list(f[k]).length) audience[k] = list(f[k]);
  const days = f[I.dueDays]?.trim() ? Number(f[I.dueDays]) : Number.NaN;
  const due =
    f[I.dueKind] === 'fixed'
      ? { kind: 'fixed', date: f[I.dueDate] ?? '' }
      : f[I.dueKind] === 'hire'
        ? { kind: 'hire', days }
        : f[I.dueKind] === 'yearly'
          ? { kind: 'yearly', monthDay: f[I.monthDay] ?? '' }
          : { kind: 'interval', days, firstDate: f[I.dueDate] ?? '' };
  return {
    key: f[I.key],
    title: { en: f[I.titleEn], es: f[I.titleEs] ?? '' },
    description: { en: f[I.descriptionEn] ?? '', es: f[I.descriptionEs] ?? '' },
    url: f[I.url],
    audience,
    due,
    verifiedOnly: f[I.verifiedOnly] === 'true',
  };
}

export const trainingVerbs = [
  defineVerb({
    verb: TRAINING_DONE_VERB,
    input: z.object({ [DONE_ASSIGNMENT_INPUT]: z.string().min(1).max(100) }),
    run: async (ctx, input) => {
      const { title } = await markDone(ctx, ctx.person.id, input[DONE_ASSIGNMENT_INPUT]);
      return { update: await myCard(ctx, title) };
    },
  }),
  defineVerb({
    verb: TRAINING_STATUS_VERB,
    input: z.object({ [STATUS_COURSE_INPUT]: z.string().min(1).max(100) }),
    roles: STATUS_VIEWERS,
    run: async (ctx, input) => {
      privateOnly(ctx, 'training status');
      return { update: await listCard(ctx), messages: [{ card: await statusCardOf(ctx, { courseRef: input[STATUS_COURSE_INPUT] }) }] };
    },
  }),
  defineVerb({
    verb: TRAINING_CREATE_VERB,
    input: NewForm,
    roles: TRAINING_MANAGERS,
    run: async (ctx, form) => {
      const { course, assigned } = await createTrainingCourse(ctx, courseFromForm(form), ctx.person.id);
      const l = ctx.locale.toLowerCase().startsWith('es') ? 'es' : 'en';
      return reply([{ card: ctx.card(ackCard, { title: course.title[l], key: course.key, due: dueInWords(course), assigned }) }]);
    },
  }),
];
