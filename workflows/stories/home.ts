// Success stories on a person's home (kernel/home.ts): the person's own stories that were sent
// back (from myStories, with the filled story form chat sends, so resubmitting runs the same
// verb and checks), for communications the stories waiting for review (the review card), and
// for communications and admins the reach of each digest by week, from digestReach (the code of
// `stories stats`). Reach is district-wide: it cannot be narrowed to one building.
import { formatLocal, localDate } from '../../cards/dates.ts';
import type { Dashboard, HomeContext, HomeQuery, HomeSpec, HomeTask } from '../../kernel/home.ts';
import { resubmitFormFor, reviewCardFor } from './chat.ts';
import { ErrorCode, refuse, StoryNotice } from './domain/refusals.ts';
import { pendingStories } from './domain/stories.ts';
import { type DigestReach, digestReach, myStories, STORY_REVIEWERS } from './operations.ts';

/** Stories waiting for review shown as tasks (the oldest first); the rest are in chat. */
const MAX_REVIEWS = 10;
/** Digests the reach chart shows (the latest). */
const MAX_WEEKS = 12;

const tr = (ctx: HomeContext, key: string, params?: Record<string, unknown>) => ctx.catalog.strings.translate(ctx.locale, `stories-list.home.${key}`, params);
const isReviewer = (ctx: HomeContext) => STORY_REVIEWERS.some((r) => ctx.roles.includes(r));

async function storyTasks(ctx: HomeContext): Promise<HomeTask[]> {
  const tasks: HomeTask[] = [];
  for (const s of await myStories(ctx, ctx.person.id))
    if (s.status === 'sent_back')
      tasks.push({ id: `resubmit:${s.id}`, title: s.title, kind: tr(ctx, 'resubmitKind'), status: 'waiting', form: await resubmitFormFor(ctx, s.id) });
  if (isReviewer(ctx))
    for (const s of (await pendingStories(ctx)).slice(0, MAX_REVIEWS))
      tasks.push({ id: `review:${s.id}`, title: s.title, kind: tr(ctx, 'reviewKind'), status: 'open', form: await reviewCardFor(ctx, s) });
  return tasks;
}

const sentOf = (d: DigestReach) => Object.values(d.platforms).reduce((n, p) => n + p.people + p.channels, 0);
const deliveredOf = (d: DigestReach) => Object.values(d.platforms).reduce((n, p) => n + p.delivered, 0);

async function reachDashboards(ctx: HomeContext, query: HomeQuery): Promise<Dashboard[]> {
  if (!isReviewer(ctx)) return [];
  if (query.building !== undefined) throw refuse(ErrorCode.Forbidden, StoryNotice.noBuildingReach, 'story reach is not kept per building');
  const { digests, termWeeks } = await digestReach(ctx);
  // No digest sent yet: no dashboard rather than an empty one.
  if (digests.length === 0) return [];
  // digestReach lists the newest first; the chart reads left to right in time.
  const shown = digests.slice(0, MAX_WEEKS).reverse();
  const latest = digests[0] as DigestReach;
  return [
    {
      id: 'stories-reach',
      title: tr(ctx, 'title'),
      scope: tr(ctx, 'district'),
      headline: [
        { label: tr(ctx, 'lastSent'), value: String(sentOf(latest)) },
        { label: tr(ctx, 'lastDelivered'), value: String(deliveredOf(latest)) },
        { label: tr(ctx, 'lastCelebrations'), value: String(latest.celebrations) },
        {
          label: tr(ctx, 'weeks'),
          value: ctx.catalog.strings.translate(ctx.locale, 'stories-list.weeksValue', { with: termWeeks.withDigest, of: termWeeks.sinceTermStart }),
        },
      ],
      charts: [
        {
          kind: 'bar',
          title: tr(ctx, 'byWeek'),
          unit: 'count',
          labels: shown.map((d) => formatLocal(localDate(ctx.timeZone, d.sentAt), ctx.locale)),
          series: [
            { label: tr(ctx, 'sent'), values: shown.map(sentOf) },
            { label: tr(ctx, 'delivered'), values: shown.map(deliveredOf) },
            { label: tr(ctx, 'celebrations'), values: shown.map((d) => d.celebrations) },
          ],
        },
      ],
    },
  ];
}

export const storiesHome: HomeSpec = { tasks: storyTasks, dashboards: reachDashboards };
