// Links directory people to Slack workspace members by email, ahead of time, so a campaign can
// open the DM (conversations.open) for someone who never wrote to the bot. A linked-ahead
// account is stored as never seen (lastSeenAt at the epoch), so an account the person really
// uses stays the one delivery picks. Members deactivated in the workspace are recorded as such
// (deactivatedAt: no message goes there) and cleared when they come back. Logs counts only.
import type { Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';

export interface SlackMemberLike {
  teamId: string;
  userId: string;
  email: string | undefined;
  deleted: boolean;
}

export interface SlackLinkOutcome {
  /** Members read (bots left out). */
  members: number;
  /** Accounts created for people who had none in that workspace. */
  linked: number;
  /** Accounts whose deactivation changed (either way) or that were not yet linked to the person. */
  updated: number;
  /** Members deactivated in the workspace (recorded, never messaged). */
  deactivated: number;
  /** Members whose email nobody in the directory has. */
  notInDirectory: number;
}

const NEVER_SEEN = new Date(0);

export async function linkSlackMembers(db: Db, members: AsyncIterable<SlackMemberLike>, now: Date, log?: Logger): Promise<SlackLinkOutcome> {
  const out: SlackLinkOutcome = { members: 0, linked: 0, updated: 0, deactivated: 0, notInDirectory: 0 };
  const people = new Map((await db.person.findMany({ select: { id: true, email: true } })).map((p) => [p.email, p.id]));
  const accounts = new Map(
    (
      await db.platformAccount.findMany({
        where: { platform: 'slack' },
        select: { id: true, workspaceId: true, userId: true, personId: true, deactivatedAt: true },
      })
    ).map((a) => [`${a.workspaceId}/${a.userId}`, a]),
  );
  let writes: ReturnType<typeof db.platformAccount.create>[] = [];
  const flush = async () => {
    if (writes.length) await db.$transaction(writes);
    writes = [];
  };
  for await (const m of members) {
    out.members++;
    if (m.deleted) out.deactivated++;
    const personId = m.email ? people.get(m.email) : undefined;
    const existing = accounts.get(`${m.teamId}/${m.userId}`);
    if (!personId && !existing) {
      out.notInDirectory++;
      continue;
    }
    const deactivatedAt = m.deleted ? (existing?.deactivatedAt ?? now) : null;
    if (!existing) {
      writes.push(
        db.platformAccount.create({
          data: {
            platform: 'slack',
            workspaceId: m.teamId,
            userId: m.userId,
            email: m.email ?? null,
            personId: personId ?? null,
            lastSeenAt: NEVER_SEEN,
            deactivatedAt,
          },
        }),
      );
      out.linked++;
    } else if ((existing.deactivatedAt === null) !== (deactivatedAt === null) || (personId && !existing.personId)) {
      writes.push(db.platformAccount.update({ where: { id: existing.id }, data: { deactivatedAt, ...(personId && !existing.personId ? { personId } : {}) } }));
      out.updated++;
    }
    if (writes.length >= 500) await flush();
  }
  await flush();
  log?.info({ ...out }, 'slack members linked');
  return out;
}
