// Success stories in chat: `story` (the submit form) and `stories mine` for everyone;
// `stories review|digest|stats` for communications and admins; `stories archive` of published
// stories for everyone. Each step parses, calls operations.ts or the domain, and formats.
import { z } from 'zod';
import { formatLocal, localDate } from '../../cards/dates.ts';
import type { Reply } from '../../kernel/events.ts';
import type { HomeContext } from '../../kernel/home.ts';
import { type CommandSpec, defineVerb } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { card as ackCard, STORIES_DIGEST_VERB, STORIES_REVIEW_VERB } from './cards/stories-ack/index.ts';
import { CELEBRATE_STORY_INPUT, card as digestCard, STORIES_CELEBRATE_VERB } from './cards/stories-digest/index.ts';
import { card as formCard, STORIES_SUBMIT_VERB, STORY_FORM_INPUTS, STORY_RESUBMIT_INPUT, type StoryFormData } from './cards/stories-form/index.ts';
import { card as listCard, type StoryListData } from './cards/stories-list/index.ts';
import {
  REVIEW_INPUTS,
  REVIEW_STORY_INPUT,
  card as reviewCard,
  STORIES_APPROVE_VERB,
  STORIES_DECLINE_VERB,
  STORIES_SAVE_VERB,
  STORIES_SEND_BACK_VERB,
} from './cards/stories-review/index.ts';
import { STORIES_HOLD_VERB, STORIES_RELEASE_VERB, STORIES_UP_VERB, UPCOMING_STORY_INPUT, card as upcomingCard } from './cards/stories-upcoming/index.ts';
import { moveUp, setHeld, upcomingStories } from './domain/digest.ts';
import { CATEGORIES, STORY_LANGUAGES, shortRef } from './domain/model.ts';
import { ErrorCode, refuse, StoryNotice } from './domain/refusals.ts';
import { type Decision, decideStory, type Edits, editApprovedStory, findStory, pendingStories, type Story, submitStory } from './domain/stories.ts';
import { archive, celebrateStory, digestPreview, digestReach, myStories, STORY_REVIEWERS, tellSubmitter } from './operations.ts';

const tr = (ctx: HomeContext, key: string, params?: Record<string, unknown>) => ctx.catalog.strings.translate(ctx.locale, key, params);

async function buildings(ctx: HomeContext): Promise<string[]> {
  const rows = await ctx.db.person.findMany({
    where: { inactiveAt: null, building: { not: null } },
    distinct: ['building'],
    select: { building: true },
    orderBy: { building: 'asc' },
    take: 100,
  });
  return rows.flatMap((r) => (r.building ? [r.building] : []));
}

async function formFor(ctx: HomeContext, values: StoryFormData['values'] = {}, resubmit?: StoryFormData['resubmit']) {
  return ctx.card(formCard, { buildings: await buildings(ctx), values: { building: ctx.person.building ?? '', ...values }, ...(resubmit ? { resubmit } : {}) });
}

// ---------- review ----------

/** The review card for a story (chat's `stories review` and the home's review task). */
export async function reviewCardFor(ctx: HomeContext, story: Story) {
  const submitter = await ctx.db.person.findUnique({ where: { id: story.submitterId }, select: { name: true } });
  const decisions = await ctx.db.storyDecision.findMany({ where: { storyId: story.id }, orderBy: { at: 'asc' } });
  const names = new Map(
    (await ctx.db.person.findMany({ where: { id: { in: decisions.map((d) => d.byId) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]),
  );
  const waiting = (await pendingStories(ctx)).filter((s) => s.id !== story.id).length;
  return ctx.card(reviewCard, {
    story: {
      id: story.id,
      ref: shortRef(story.id),
      title: story.title,
      body: story.body,
      translatedTitle: story.translatedTitle ?? '',
      translatedBody: story.translatedBody ?? '',
      language: story.language,
      building: story.building,
      category: story.category,
      photoUrl: story.photoUrl ?? '',
      photoAlt: story.photoAlt ?? '',
      studentsShown: story.studentsShown,
      publicOk: story.publicOk,
      status: story.status === 'approved' ? 'approved' : 'submitted',
    },
    submitter: submitter?.name ?? '',
    history: decisions.map((d) =>
      tr(ctx, `stories-review.history.${d.action.replace('+', '_')}`, {
        name: names.get(d.byId) ?? '',
        date: formatLocal(localDate(ctx.timeZone, d.at), ctx.locale),
      }),
    ),
    waiting,
  });
}

/** The next story waiting for review, or the one a reference names. */
async function reviewReply(ctx: TurnContext, ref?: string): Promise<Reply> {
  if (ref) {
    const s = await findStory(ctx, ref);
    if (s.status !== 'submitted' && s.status !== 'approved') throw refuse(ErrorCode.Conflict, StoryNotice.alreadyDecided, 'review of a decided story');
    return { messages: [{ card: await reviewCardFor(ctx, s) }] };
  }
  const [next] = await pendingStories(ctx);
  return { messages: [{ card: next ? await reviewCardFor(ctx, next) : ctx.card(ackCard, { message: 'nothingToReview' }) }] };
}

const ReviewInput = z.object({
  [REVIEW_STORY_INPUT]: z.string().min(1).max(100),
  [REVIEW_INPUTS.title]: z.string().max(100_000).default(''),
  [REVIEW_INPUTS.body]: z.string().max(100_000).default(''),
  [REVIEW_INPUTS.translatedTitle]: z.string().max(100_000).default(''),
  [REVIEW_INPUTS.translatedBody]: z.string().max(100_000).default(''),
  [REVIEW_INPUTS.publicOk]: z.enum(['yes', 'no', '']).default(''),
  [REVIEW_INPUTS.note]: z.string().max(100_000).default(''),
});
type ReviewInput = z.output<typeof ReviewInput>;

/** What the reviewer changed: a field left empty keeps what the story has. */
function editsOf(i: ReviewInput): Edits {
  const edits: Edits = {};
  const keep = (v: string) => v.trim() !== '';
  if (keep(i[REVIEW_INPUTS.title])) edits.title = i[REVIEW_INPUTS.title];
  if (keep(i[REVIEW_INPUTS.body])) edits.body = i[REVIEW_INPUTS.body];
  if (keep(i[REVIEW_INPUTS.translatedTitle])) edits.translatedTitle = i[REVIEW_INPUTS.translatedTitle];
  if (keep(i[REVIEW_INPUTS.translatedBody])) edits.translatedBody = i[REVIEW_INPUTS.translatedBody];
  if (i[REVIEW_INPUTS.publicOk]) edits.publicOk = i[REVIEW_INPUTS.publicOk] === 'yes';
  return edits;
}

const ACK_OF: Record<Decision, 'reviewApproved' | 'reviewSentBack' | 'reviewDeclined'> = {
  approve: 'reviewApproved',
  sendBack: 'reviewSentBack',
  decline: 'reviewDeclined',
};

function decisionVerb(verb: string, decision: Decision) {
  return defineVerb({
    verb,
    input: ReviewInput,
    roles: STORY_REVIEWERS,
    run: async (ctx, input) => {
      const story = await decideStory(ctx, input[REVIEW_STORY_INPUT], ctx.person.id, decision, { edits: editsOf(input), note: input[REVIEW_INPUTS.note] });
      await tellSubmitter(ctx, story);
      const waiting = (await pendingStories(ctx)).length;
      const ack = ctx.card(ackCard, {
        message: ACK_OF[decision],
        params: { ref: shortRef(story.id), waiting },
        quotes: [story.title],
        ...(waiting ? { button: 'review' as const } : {}),
      });
      return { update: ack };
    },
  });
}

// ---------- digest ----------

async function upcomingCardFor(ctx: TurnContext) {
  const { next, later, held } = await upcomingStories(ctx);
  const rows = [
    ...next.map((s) => ({ s, place: 'next' as const })),
    ...later.map((s) => ({ s, place: 'later' as const })),
    ...held.map((s) => ({ s, place: 'held' as const })),
  ];
  return ctx.card(upcomingCard, {
    rows: rows.slice(0, 15).map(({ s, place }, i) => ({ id: s.id, ref: shortRef(s.id), title: s.title, building: s.building, place, position: i + 1 })),
  });
}

async function digestReply(ctx: TurnContext): Promise<Reply> {
  const preview = await digestPreview(ctx);
  return { messages: [...(preview.stories.length ? [{ card: ctx.card(digestCard, preview) }] : []), { card: await upcomingCardFor(ctx) }] };
}

const StoryButton = z.object({ [UPCOMING_STORY_INPUT]: z.string().min(1).max(100) });

// ---------- lists ----------

async function statsCard(ctx: TurnContext, week?: string) {
  if (week !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(week))
    throw refuse(ErrorCode.InvalidInput, StoryNotice.usage, 'stats week', { usage: 'stories stats [YYYY-MM-DD]' });
  const { digests, termWeeks } = await digestReach(ctx, week);
  const l = (key: string, params?: Record<string, unknown>) => tr(ctx, `stories-list.${key}`, params);
  const groups: StoryListData['groups'] = digests.map((d) => ({
    title: formatLocal(localDate(ctx.timeZone, d.sentAt), ctx.locale),
    facts: [
      { title: l('stories'), value: String(d.stories) },
      ...Object.entries(d.platforms)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([platform, r]) => ({
          title: l(`platform.${platform}`),
          value:
            l('reach', {
              people: r.people,
              channels: r.channels,
              delivered: r.delivered,
              pending: r.pending,
              failed: Object.values(r.failed).reduce((a, b) => a + b, 0),
            }) +
            Object.entries(r.failed)
              .map(([reason, n]) => ` · ${reason}: ${n}`)
              .join(''),
        })),
      { title: l('celebrations'), value: String(d.celebrations) },
    ],
  }));
  groups.push({
    title: l('term', { date: formatLocal(termWeeks.termStart, ctx.locale) }),
    facts: [{ title: l('weeks'), value: l('weeksValue', { with: termWeeks.withDigest, of: termWeeks.sinceTermStart }) }],
  });
  return ctx.card(listCard, { kind: 'stats', groups });
}

async function archiveCard(ctx: TurnContext, building?: string) {
  const rows = await archive(ctx, { ...(building ? { building } : {}), take: 60 });
  const byBuilding = new Map<string, { title: string; value: string }[]>();
  for (const r of rows) {
    const facts = byBuilding.get(r.story.building) ?? [];
    facts.push({ title: formatLocal(r.publishedOn, ctx.locale), value: r.story.title });
    byBuilding.set(r.story.building, facts);
  }
  const groups = [...byBuilding.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([title, facts]) => ({ title, facts }));
  return ctx.card(listCard, { kind: 'archive', groups });
}

async function mineCard(ctx: TurnContext) {
  const mine = await myStories(ctx, ctx.person.id);
  return ctx.card(listCard, {
    kind: 'mine',
    groups: mine.map((s) => ({
      title: s.title,
      facts: [
        { title: tr(ctx, 'stories-list.status'), value: tr(ctx, `stories-list.statusValue.${s.status}`) },
        ...(s.note ? [{ title: tr(ctx, 'stories-list.note'), value: s.note }] : []),
        { title: tr(ctx, 'stories-list.submitted'), value: formatLocal(localDate(ctx.timeZone, s.submittedAt), ctx.locale) },
      ],
    })),
  });
}

export const storyCommands: readonly CommandSpec[] = [
  {
    name: 'stories new',
    helpIds: ['stories.new'],
    run: async (ctx, [ref]) => {
      if (!ref) return { messages: [{ card: await formFor(ctx) }] };
      return { messages: [{ card: await resubmitFormFor(ctx, ref) }] };
    },
  },
  { name: 'stories mine', helpIds: ['stories.mine'], run: async (ctx) => ({ messages: [{ card: await mineCard(ctx) }] }) },
  { name: 'stories review', helpIds: ['stories.review'], roles: STORY_REVIEWERS, run: (ctx, [ref]) => reviewReply(ctx, ref) },
  { name: 'stories digest', helpIds: ['stories.digest'], roles: STORY_REVIEWERS, run: (ctx) => digestReply(ctx) },
  {
    name: 'stories stats',
    helpIds: ['stories.stats'],
    roles: STORY_REVIEWERS,
    run: async (ctx, [week]) => ({ messages: [{ card: await statsCard(ctx, week) }] }),
  },
  {
    name: 'stories archive',
    helpIds: ['stories.archive'],
    run: async (ctx, args) => ({ messages: [{ card: await archiveCard(ctx, args.join(' ') || undefined) }] }),
  },
];

const long = z.string().max(100_000).default('');
const FormInput = z.object({
  [STORY_RESUBMIT_INPUT]: z.string().max(100).optional(),
  [STORY_FORM_INPUTS.title]: long,
  [STORY_FORM_INPUTS.body]: long,
  [STORY_FORM_INPUTS.building]: z.string().min(1).max(200),
  [STORY_FORM_INPUTS.category]: z.enum(CATEGORIES),
  [STORY_FORM_INPUTS.language]: z.enum(STORY_LANGUAGES),
  [STORY_FORM_INPUTS.photoUrl]: long,
  [STORY_FORM_INPUTS.photoAlt]: long,
  [STORY_FORM_INPUTS.students]: z.enum(['yes', 'no', '']).default(''),
  [STORY_FORM_INPUTS.consent]: z.enum(['yes', 'no', '']).default(''),
});

export const storyVerbs = [
  defineVerb({
    verb: STORIES_SUBMIT_VERB,
    input: FormInput,
    run: async (ctx, f) => {
      const resubmitId = f[STORY_RESUBMIT_INPUT];
      const story = await submitStory(
        ctx,
        ctx.person.id,
        {
          title: f[STORY_FORM_INPUTS.title],
          body: f[STORY_FORM_INPUTS.body],
          building: f[STORY_FORM_INPUTS.building],
          category: f[STORY_FORM_INPUTS.category],
          language: f[STORY_FORM_INPUTS.language],
          photoUrl: f[STORY_FORM_INPUTS.photoUrl],
          photoAlt: f[STORY_FORM_INPUTS.photoAlt],
          studentsShown: f[STORY_FORM_INPUTS.students] === 'yes',
          consentConfirmed: f[STORY_FORM_INPUTS.consent] === 'yes',
        },
        resubmitId,
      );
      return { update: ctx.card(ackCard, { message: resubmitId ? 'resubmitted' : 'submitted', params: { ref: shortRef(story.id) }, quotes: [story.title] }) };
    },
  }),
  defineVerb({ verb: STORIES_REVIEW_VERB, input: z.object({}), roles: STORY_REVIEWERS, run: (ctx) => reviewReply(ctx) }),
  decisionVerb(STORIES_APPROVE_VERB, 'approve'),
  decisionVerb(STORIES_SEND_BACK_VERB, 'sendBack'),
  decisionVerb(STORIES_DECLINE_VERB, 'decline'),
  defineVerb({
    verb: STORIES_SAVE_VERB,
    input: ReviewInput,
    roles: STORY_REVIEWERS,
    run: async (ctx, input) => {
      const story = await editApprovedStory(ctx, input[REVIEW_STORY_INPUT], ctx.person.id, editsOf(input));
      return { update: ctx.card(ackCard, { message: 'saved', params: { ref: shortRef(story.id) }, quotes: [story.title] }) };
    },
  }),
  defineVerb({ verb: STORIES_DIGEST_VERB, input: z.object({}), roles: STORY_REVIEWERS, run: (ctx) => digestReply(ctx) }),
  defineVerb({
    verb: STORIES_UP_VERB,
    input: StoryButton,
    roles: STORY_REVIEWERS,
    run: async (ctx, input) => {
      await moveUp(ctx, input[UPCOMING_STORY_INPUT]);
      return { update: await upcomingCardFor(ctx) };
    },
  }),
  defineVerb({
    verb: STORIES_HOLD_VERB,
    input: StoryButton,
    roles: STORY_REVIEWERS,
    run: async (ctx, input) => {
      await setHeld(ctx, input[UPCOMING_STORY_INPUT], true);
      return { update: await upcomingCardFor(ctx) };
    },
  }),
  defineVerb({
    verb: STORIES_RELEASE_VERB,
    input: StoryButton,
    roles: STORY_REVIEWERS,
    run: async (ctx, input) => {
      await setHeld(ctx, input[UPCOMING_STORY_INPUT], false);
      return { update: await upcomingCardFor(ctx) };
    },
  }),
  defineVerb({
    verb: STORIES_CELEBRATE_VERB,
    input: z.object({ [CELEBRATE_STORY_INPUT]: z.string().min(1).max(100) }),
    run: async (ctx, input) => {
      const { card } = await celebrateStory(ctx, input[CELEBRATE_STORY_INPUT], ctx.person.id);
      return { update: ctx.card(digestCard, card) };
    },
  }),
];

/** `story <ref>` and the home's task: a story sent back, to edit and send again (the
 *  submitter's own only). */
export async function resubmitFormFor(ctx: HomeContext, ref: string) {
  const story = await findStory(ctx, ref);
  if (story.submitterId !== ctx.person.id) throw refuse(ErrorCode.NotFound, StoryNotice.notFound, 'not the submitter’s story');
  if (story.status !== 'sent_back') throw refuse(ErrorCode.Conflict, StoryNotice.notSentBack, 'story not sent back');
  return resubmitForm(ctx, story);
}

/** A sent-back story comes back to its submitter as the form, filled, with the note. */
async function resubmitForm(ctx: HomeContext, story: Story) {
  return formFor(
    ctx,
    {
      title: story.title,
      body: story.body,
      building: story.building,
      category: story.category,
      language: story.language,
      photoUrl: story.photoUrl ?? '',
      photoAlt: story.photoAlt ?? '',
      students: story.studentsShown ? 'yes' : 'no',
      consent: story.consentConfirmed ? 'yes' : 'no',
    },
    { storyId: story.id, note: story.note ?? '' },
  );
}
