// The story use cases that chat commands, CLI commands, jobs and (later) the home tab all call;
// they only format. Submit and resubmit, the review decisions with the submitter told through
// delivery, the batched "new stories" message to communications, the weekly digest (claimed
// once per fire before anything is sent), the day-before warning, celebrations, reach figures
// from the delivery rows, the archive and one person's own stories.

import { z } from 'zod';
import { localDate } from '../../cards/dates.ts';
import { isUniqueViolation } from '../../core/db.ts';
import { channelAudience, peopleAudience } from '../../delivery/audience.ts';
import { createCampaign } from '../../delivery/index.ts';
import type { Services } from '../../kernel/turn.ts';
import { fireTimesBetween } from '../../scheduler/index.ts';
import { card as ackCard, type StoryAckData } from './cards/stories-ack/index.ts';
import { type DigestStory, card as digestCard, type StoryDigestData } from './cards/stories-digest/index.ts';
import { celebrate, celebrationCounts, claimDigest, digestStories, fireKeyOf, upcomingStories } from './domain/digest.ts';
import { shortRef } from './domain/model.ts';
import { type Story, storiesOf, toStory } from './domain/stories.ts';

/** Who reviews, edits, publishes and reads unpublished stories. */
export const STORY_REVIEWERS = ['communications', 'admin'] as const;

export const JOB_DIGEST = 'stories.digest';
export const JOB_WARN = 'stories.warn';
export const JOB_NOTIFY = 'stories.notify';
export const DIGEST_SCHEDULE = 'stories:digest';

const digestPurpose = (digestId: string, part: 'people' | 'channels') => `stories-digest:${digestId}:${part}`;
const DIGEST_PURPOSE = 'stories-digest:';

/** A digest schedule's parameters: optionally one region, who reads it (default everyone), and
 *  the Teams and Slack channels it is also posted to. */
export const DigestParams = z.object({
  region: z.string().min(1).optional(),
  audience: peopleAudience.optional(),
  channels: channelAudience.shape.channels.optional(),
});
export type DigestParams = z.infer<typeof DigestParams>;

/** Where communications hear of new submissions and warnings: their DMs, and channels if set. */
export const NotifyParams = z.object({ channels: channelAudience.shape.channels.optional() });

const reviewers = { roles: [...STORY_REVIEWERS] };

async function tell(deps: Services, name: string, personIds: string[], data: StoryAckData, purpose: string) {
  if (personIds.length === 0) return;
  await createCampaign(
    deps.db,
    { name, template: ackCard.name, data: data as unknown as Record<string, unknown>, audience: { personIds }, purpose },
    deps.clock.now(),
  );
}

async function tellReviewers(deps: Services, name: string, data: StoryAckData, purpose: string, channels?: DigestParams['channels']) {
  const now = deps.clock.now();
  const payload = { name, template: ackCard.name, data: data as unknown as Record<string, unknown>, purpose };
  await createCampaign(deps.db, { ...payload, audience: reviewers }, now);
  if (channels?.length) await createCampaign(deps.db, { ...payload, audience: { channels }, purpose: `${purpose}:channels` }, now);
}

/** The submitter hears the decision in their language, with the note or reason as written. */
export async function tellSubmitter(deps: Services, story: Story): Promise<void> {
  const message = story.status === 'approved' ? 'approved' : story.status === 'sent_back' ? 'sentBack' : 'declined';
  await tell(
    deps,
    `Story ${message}`,
    [story.submitterId],
    { message, params: { ref: shortRef(story.id) }, quotes: [story.title, ...(story.note ? [story.note] : [])] },
    `stories-decision:${story.id}`,
  );
}

/** Tells communications of stories submitted since the last batch (each story once). */
export async function notifyNewSubmissions(deps: Services, channels?: DigestParams['channels']): Promise<number> {
  const now = deps.clock.now();
  const fresh = await deps.db.story.findMany({
    where: { status: 'submitted', notifiedAt: null },
    orderBy: { createdAt: 'asc' },
    select: { id: true, title: true, building: true },
  });
  if (fresh.length === 0) return 0;
  // Claimed first: a second instance running the same batch finds them taken.
  const claimed = await deps.db.story.updateMany({ where: { id: { in: fresh.map((s) => s.id) }, notifiedAt: null }, data: { notifiedAt: now } });
  if (claimed.count === 0) return 0;
  const taken = await deps.db.story.findMany({
    where: { id: { in: fresh.map((s) => s.id) }, notifiedAt: now },
    select: { id: true, title: true, building: true },
  });
  await tellReviewers(
    deps,
    'New stories to review',
    { message: 'newSubmissions', params: { count: taken.length }, quotes: taken.map((s) => `${s.title} (${s.building})`), button: 'review' },
    `stories-new:${now.toISOString()}`,
    channels,
  );
  deps.log.info({ stories: taken.length }, 'communications told of new stories');
  return taken.length;
}

/** A story as the digest card shows it (both versions; the card picks the reader's). */
export function digestStory(s: Story, celebrations?: number): DigestStory {
  return {
    id: s.id,
    language: s.language,
    title: s.title,
    body: s.body,
    ...(s.translatedTitle && s.translatedBody ? { translated: { title: s.translatedTitle, body: s.translatedBody } } : {}),
    building: s.building,
    category: s.category,
    ...(s.photoUrl && s.photoAlt ? { photoUrl: s.photoUrl, photoAlt: s.photoAlt } : {}),
    ...(celebrations !== undefined ? { celebrations } : {}),
  };
}

/** The coming digest exactly as staff will see it (with a preview banner). */
export async function digestPreview(deps: Pick<Services, 'db'>, region?: string): Promise<StoryDigestData> {
  const { next } = await upcomingStories(deps, region);
  return { stories: next.map((s) => digestStory(s)), preview: true };
}

/** A schedule fire: claims it with its stories and queues the card for the audience and the
 *  channels in the same transaction (once, across instances and restarts). Nothing approved:
 *  nothing sent. */
export async function runDigest(
  deps: Services,
  fire: { scheduleName: string; fireAt: Date },
  params: DigestParams,
): Promise<{ digestId?: string; stories: number }> {
  const now = deps.clock.now();
  const audience = params.audience ?? (params.region ? { regions: [params.region] } : { everyone: true });
  const claim = await claimDigest(deps, { ...fire, ...(params.region ? { region: params.region } : {}) }, async (tx, digestId, stories) => {
    const data: StoryDigestData = { stories: stories.map((s) => digestStory(s)) };
    const base = {
      name: `Success stories ${localDate(deps.timeZone, fire.fireAt)}`,
      template: digestCard.name,
      data: data as unknown as Record<string, unknown>,
    };
    await createCampaign(tx, { ...base, audience, purpose: digestPurpose(digestId, 'people') }, now);
    if (params.channels?.length)
      await createCampaign(tx, { ...base, audience: { channels: params.channels }, purpose: digestPurpose(digestId, 'channels') }, now);
  });
  if (!claim) {
    deps.log.info({ schedule: fire.scheduleName }, 'no digest claimed: nothing approved, or this fire was already sent');
    return { stories: 0 };
  }
  deps.log.info({ digestId: claim.digestId, stories: claim.stories.length }, 'story digest sent to delivery');
  return { digestId: claim.digestId, stories: claim.stories.length };
}

/** The next fire of each digest schedule within a day: when nothing is approved for it,
 *  communications are told (once per coming digest) so that they can approve one in time. */
export async function warnIfNothingApproved(deps: Services): Promise<number> {
  const now = deps.clock.now();
  const schedules = await deps.db.schedule.findMany({ where: { job: JOB_DIGEST, enabled: true } });
  let warned = 0;
  for (const s of schedules) {
    const [next] = fireTimesBetween(s.cron, s.timeZone, new Date(now.getTime() + 60_000), new Date(now.getTime() + 86_400_000), 1);
    if (!next) continue;
    const params = DigestParams.safeParse(s.params);
    const region = params.success ? params.data.region : undefined;
    if ((await upcomingStories(deps, region)).next.length > 0) continue;
    const key = fireKeyOf(s.name, next);
    // Claimed first, once per coming fire: another instance or a second run of the check finds it taken.
    try {
      await deps.db.storyWarning.create({ data: { key, sentAt: now } });
    } catch (e) {
      if (isUniqueViolation(e)) continue;
      throw e;
    }
    await tellReviewers(
      deps,
      'No story approved for tomorrow',
      { message: 'nothingApproved', params: { date: localDate(s.timeZone, next) }, button: 'review' },
      `stories-warning:${key}`,
    );
    warned += 1;
  }
  return warned;
}

/** One person's submitted stories and where each stands (for `stories mine` and the home tab). */
export async function myStories(
  deps: Pick<Services, 'db'>,
  personId: string,
): Promise<{ id: string; ref: string; title: string; status: Story['status']; note: string | null; submittedAt: Date }[]> {
  return (await storiesOf(deps, personId)).map((s) => ({
    id: s.id,
    ref: shortRef(s.id),
    title: s.title,
    status: s.status,
    note: s.note,
    submittedAt: s.createdAt,
  }));
}

export interface DigestReach {
  digestId: string;
  sentAt: Date;
  region: string | null;
  stories: number;
  celebrations: number;
  /** Per platform: rows queued, delivered (the platform took it), failed by reason, pending. */
  platforms: Record<string, { people: number; channels: number; delivered: number; failed: Record<string, number>; pending: number }>;
}

const TERM_START_MONTHS = [0, 7]; // January (spring term) and August (fall term)

/** The first day of the term a day is in ("2026-08-01" for any day from August to December). */
export function termStart(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const start = [...TERM_START_MONTHS].reverse().find((s) => m - 1 >= s) ?? 0;
  return `${y}-${String(start + 1).padStart(2, '0')}-01`;
}

/** Reach per digest, from the delivery rows (per platform, failed by reason) and celebrations;
 *  `week` (any day of it, YYYY-MM-DD) narrows to the digests of that week. */
export async function digestReach(
  deps: Pick<Services, 'db' | 'clock' | 'timeZone'>,
  week?: string,
): Promise<{ digests: DigestReach[]; termWeeks: { withDigest: number; sinceTermStart: number; termStart: string } }> {
  const today = localDate(deps.timeZone, deps.clock.now());
  const start = termStart(today);
  const digests = await deps.db.storyDigest.findMany({ orderBy: { sentAt: 'desc' }, include: { stories: { select: { storyId: true } } } });
  const weekOf = (day: string) => {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  const shown = week ? digests.filter((d) => weekOf(localDate(deps.timeZone, d.sentAt)) === weekOf(week)) : digests;
  const out: DigestReach[] = [];
  for (const d of shown) {
    const campaigns = await deps.db.campaign.findMany({ where: { purpose: { startsWith: `${DIGEST_PURPOSE}${d.id}:` } }, select: { id: true } });
    const groups = await deps.db.delivery.groupBy({
      by: ['platform', 'status', 'reason', 'channelKey'],
      where: { campaignId: { in: campaigns.map((c) => c.id) } },
      _count: { _all: true },
    });
    const platforms: DigestReach['platforms'] = {};
    for (const g of groups) {
      const p = g.platform ?? 'none';
      platforms[p] ??= { people: 0, channels: 0, delivered: 0, failed: {}, pending: 0 };
      const row = platforms[p];
      const n = g._count._all;
      if (g.channelKey) row.channels += n;
      else row.people += n;
      if (g.status === 'sent') row.delivered += n;
      else if (g.status === 'failed') row.failed[g.reason ?? 'unknown'] = (row.failed[g.reason ?? 'unknown'] ?? 0) + n;
      else row.pending += n;
    }
    const counts = await celebrationCounts(
      deps,
      d.stories.map((s) => s.storyId),
    );
    out.push({
      digestId: d.id,
      sentAt: d.sentAt,
      region: d.region,
      stories: d.stories.length,
      celebrations: [...counts.values()].reduce((a, b) => a + b, 0),
      platforms,
    });
  }
  const termDigestWeeks = new Set(
    digests
      .map((d) => localDate(deps.timeZone, d.sentAt))
      .filter((day) => day >= start)
      .map(weekOf),
  );
  const sinceTermStart = Math.floor((Date.parse(`${weekOf(today)}T12:00:00Z`) - Date.parse(`${weekOf(start)}T12:00:00Z`)) / (7 * 86_400_000)) + 1;
  return { digests: out, termWeeks: { withDigest: termDigestWeeks.size, sinceTermStart, termStart: start } };
}

export interface ArchivedStory {
  story: Story;
  digestId: string;
  publishedOn: string;
}

/** Every published story (optionally of one building), newest digest first. */
export async function archive(
  deps: Pick<Services, 'db' | 'timeZone'>,
  opts: { building?: string; publicOnly?: boolean; take?: number } = {},
): Promise<ArchivedStory[]> {
  const pubs = await deps.db.storyPublication.findMany({
    where: { story: { status: 'published', ...(opts.building ? { building: opts.building } : {}), ...(opts.publicOnly ? { publicOk: true } : {}) } },
    include: { story: true, digest: { select: { sentAt: true } } },
    orderBy: [{ digest: { sentAt: 'desc' } }, { position: 'asc' }],
    ...(opts.take ? { take: opts.take } : {}),
  });
  return pubs.map((p) => ({ story: toStory(p.story), digestId: p.digestId, publishedOn: localDate(deps.timeZone, p.digest.sentAt) }));
}

/** A reader celebrates a story (once, however often they click) and gets their digest card
 *  back with the counts and their own celebrations. */
export async function celebrateStory(deps: Services, storyId: string, personId: string): Promise<{ counted: boolean; card: StoryDigestData }> {
  const { counted } = await celebrate(deps, storyId, personId);
  const pub = await deps.db.storyPublication.findUniqueOrThrow({ where: { storyId } });
  const stories = await digestStories(deps, pub.digestId);
  const ids = stories.map((s) => s.id);
  const counts = await celebrationCounts(deps, ids);
  const mine = await deps.db.storyCelebration.findMany({ where: { personId, storyId: { in: ids } }, select: { storyId: true } });
  return { counted, card: { stories: stories.map((s) => digestStory(s, counts.get(s.id) ?? 0)), celebrated: mine.map((m) => m.storyId) } };
}
