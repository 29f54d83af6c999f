// The weekly digest: which approved stories go next (communications' order and holds, else
// newest first), the claim that publishes them once (a digest row unique per schedule fire and
// one publication row per story, written in one transaction before anything is sent), and
// celebrations (one per person and story).
import { type Db, isUniqueViolation } from '../../../core/db.ts';
import { AppError, isAppError } from '../../../core/errors.ts';
import type { Services } from '../../../kernel/turn.ts';
import { DIGEST_SIZE } from './model.ts';
import { ErrorCode, refuse, StoryNotice } from './refusals.ts';
import { type Story, toStory } from './stories.ts';

type Deps = Pick<Services, 'db' | 'clock'>;

/** Approved, unpublished stories in the order the next digest takes them: ranked ones first
 *  (communications' order), then newest approved first. Held ones are listed after, apart. */
export async function upcomingStories(deps: Pick<Services, 'db'>, region?: string): Promise<{ next: Story[]; later: Story[]; held: Story[] }> {
  const rows = (await deps.db.story.findMany({ where: { status: 'approved', ...(region ? { region } : {}) } })).map(toStory);
  const ordered = rows.sort(
    (a, b) =>
      (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
      (b.approvedAt?.getTime() ?? 0) - (a.approvedAt?.getTime() ?? 0) ||
      b.createdAt.getTime() - a.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  const free = ordered.filter((s) => !s.held);
  return { next: free.slice(0, DIGEST_SIZE), later: free.slice(DIGEST_SIZE), held: ordered.filter((s) => s.held) };
}

/** Moves a story one place up in the coming order (it and the ones around it get ranks). */
export async function moveUp(deps: Pick<Services, 'db'>, storyId: string): Promise<void> {
  const { next, later } = await upcomingStories(deps);
  const order = [...next, ...later];
  const i = order.findIndex((s) => s.id === storyId);
  if (i === -1) throw refuse(ErrorCode.NotFound, StoryNotice.notApproved, 'move of a story not in the coming digests');
  if (i > 0) [order[i - 1], order[i]] = [order[i] as Story, order[i - 1] as Story];
  await deps.db.$transaction(order.map((s, rank) => deps.db.story.update({ where: { id: s.id }, data: { rank } })));
}

/** Holds a story back from digests, or lets it go again. */
export async function setHeld(deps: Pick<Services, 'db'>, storyId: string, held: boolean): Promise<void> {
  const r = await deps.db.story.updateMany({ where: { id: storyId, status: 'approved' }, data: { held } });
  if (r.count === 0) throw refuse(ErrorCode.NotFound, StoryNotice.notApproved, 'hold of a story not approved');
}

export const fireKeyOf = (scheduleName: string, fireAt: Date) => `${scheduleName}@${fireAt.toISOString()}`;

/** Claims a fire and publishes its stories in one transaction: the digest row (unique per fire),
 *  a publication per story (unique per story), and what `queue` writes (the delivery campaigns),
 *  so the digest is either claimed and queued or not at all. Another instance or a restart that
 *  claims the same fire, or a story already published, gets `undefined` and sends nothing. */
export async function claimDigest(
  deps: Deps,
  fire: { scheduleName: string; fireAt: Date; region?: string },
  queue: (tx: Db, digestId: string, stories: Story[]) => Promise<void>,
): Promise<{ digestId: string; stories: Story[] } | undefined> {
  const fireKey = fireKeyOf(fire.scheduleName, fire.fireAt);
  if (await deps.db.storyDigest.findUnique({ where: { fireKey } })) return undefined;
  const { next } = await upcomingStories(deps, fire.region);
  if (next.length === 0) return undefined;
  const now = deps.clock.now();
  try {
    const digest = await deps.db.$transaction(
      async (tx) => {
        const d = await tx.storyDigest.create({ data: { fireKey, scheduleName: fire.scheduleName, region: fire.region ?? null, sentAt: now } });
        await tx.storyPublication.createMany({ data: next.map((s, position) => ({ storyId: s.id, digestId: d.id, position })) });
        const r = await tx.story.updateMany({ where: { id: { in: next.map((s) => s.id) }, status: 'approved' }, data: { status: 'published' } });
        if (r.count !== next.length) throw new AppError(ErrorCode.Conflict, 'a story changed while the digest was claimed');
        // The transaction client does what the client does for delivery's few statements.
        await queue(tx as unknown as Db, d.id, next);
        return d;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    return { digestId: digest.id, stories: next };
  } catch (e) {
    if (isUniqueViolation(e) || (isAppError(e) && e.code === ErrorCode.Conflict)) return undefined;
    throw e;
  }
}

/** A digest's stories in their order. */
export async function digestStories(deps: Pick<Services, 'db'>, digestId: string): Promise<Story[]> {
  const pubs = await deps.db.storyPublication.findMany({ where: { digestId }, orderBy: { position: 'asc' }, include: { story: true } });
  return pubs.map((p) => toStory(p.story));
}

/** Records a person's celebration of a published story (once, however often they click). */
export async function celebrate(deps: Deps, storyId: string, personId: string): Promise<{ counted: boolean }> {
  const s = await deps.db.story.findUnique({ where: { id: storyId }, select: { status: true } });
  if (s?.status !== 'published') throw refuse(ErrorCode.NotFound, StoryNotice.notFound, 'celebration of a story not published');
  try {
    await deps.db.storyCelebration.create({ data: { storyId, personId, at: deps.clock.now() } });
    return { counted: true };
  } catch (e) {
    if (isUniqueViolation(e)) return { counted: false };
    throw e;
  }
}

/** Celebrations per story. */
export async function celebrationCounts(deps: Pick<Services, 'db'>, storyIds: string[]): Promise<Map<string, number>> {
  const groups = await deps.db.storyCelebration.groupBy({ by: ['storyId'], where: { storyId: { in: storyIds } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.storyId, g._count._all]));
}
