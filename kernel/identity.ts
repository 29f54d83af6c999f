// Links a platform account to a directory person by email and keeps what is needed to message
// them later (Teams conversation reference, Slack DM channel). Someone the directory does not
// know leaves no trace: nothing is stored for them.
//
// Every turn starts here, so the usual case (an account already linked, nothing new to keep)
// costs one read and no write: one SELECT joining account, person and roles, straight on the
// driver (core/hot.ts; through Prisma the same raw SELECT cost about ten times the CPU), and
// the account row is written only when something in it changes, or when `lastSeenAt` is an hour old or no longer the person's latest.
import { type Db, hotStatements, type Person, type Role } from '../core/db.ts';
import type { AccountRow } from '../core/hot.ts';
import type { Actor, Conversation } from './events.ts';

export type PersonWithRoles = Person & { roles: { role: Role }[] };

/** The command that fills the directory, for logs that find it empty. */
export const IMPORT_COMMAND = 'npm run cli -- people import <file.csv>';

/** True when nobody is in the directory yet (a first start before HR's file was imported). */
export const directoryIsEmpty = async (db: Db): Promise<boolean> => (await db.person.findFirst({ select: { id: true } })) === null;

/** Looks up the email the platform holds for an actor (Teams member lookup; Slack users.info). */
export type EmailLookup = (actor: Actor) => Promise<string | undefined>;

/** How fresh `lastSeenAt` is kept (it only orders a person's accounts: "the one used last"). */
const LAST_SEEN_GRANULARITY_MS = 3_600_000;

const accountKey = (a: Actor) => ({ platform_workspaceId_userId: { platform: a.platform, workspaceId: a.workspaceId, userId: a.userId } });

/** How to reach the actor 1:1 later, learned from a personal conversation. */
function reachFrom(actor: Actor, conversation: Conversation | undefined) {
  if (conversation?.kind !== 'personal') return {};
  return actor.platform === 'teams' ? { conversationRef: conversation.ref as object } : { dmChannelId: conversation.id };
}

/** A stored time as a Date: SQLite keeps ISO text (or "YYYY-MM-DD HH:MM:SS" UTC from a column default). */
function asDate(v: unknown): Date {
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]$|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

const findAccount = (db: Db, a: Actor) => hotStatements(db).findAccount(a);

function personOf(rows: AccountRow[]): PersonWithRoles | undefined {
  const r = rows[0];
  if (!r?.personId) return undefined;
  return {
    id: r.personId,
    employeeId: r.employeeId,
    name: r.name,
    email: r.email,
    building: r.building,
    region: r.region,
    jobCategory: r.jobCategory,
    hireDate: r.hireDate == null ? null : asDate(r.hireDate),
    managerEmail: r.managerEmail,
    language: r.language,
    primaryPlatform: r.primaryPlatform,
    inactiveAt: r.inactiveAt == null ? null : asDate(r.inactiveAt),
    createdAt: asDate(r.createdAt),
    updatedAt: asDate(r.updatedAt),
    roles: rows.flatMap((x) => (x.role ? [{ role: x.role }] : [])),
  };
}

/** JSON with sorted keys (PostgreSQL's jsonb does not keep key order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
/** A conversation reference without the activity it was taken from (new on every message). */
const refKey = (ref: unknown): string => {
  const o = (typeof ref === 'string' ? JSON.parse(ref) : ref) as Record<string, unknown> | null;
  if (!o) return '';
  const { activityId: _, ...rest } = o;
  return canonical(rest);
};

/** True when a turn must write to a linked account: when it was seen (hourly, or a platform
 *  switch), how to reach the person (Slack DM channel, Teams conversation reference). */
function changed(row: AccountRow, actor: Actor, conversation: Conversation | undefined, now: Date): boolean {
  const reach = reachFrom(actor, conversation);
  if ('conversationRef' in reach && refKey(reach.conversationRef) !== refKey(row.conversationRef)) return true;
  const seen = asDate(row.lastSeenAt).getTime();
  if (now.getTime() - seen >= LAST_SEEN_GRANULARITY_MS) return true;
  if (row.otherSeenAt != null && asDate(row.otherSeenAt).getTime() >= seen) return true;
  if (actor.channelUserId && actor.channelUserId !== row.channelUserId) return true;
  return 'dmChannelId' in reach && reach.dmChannelId !== row.dmChannelId;
}

/** Returns the directory person behind the actor, linking the account by email on first
 *  contact and recording that they were seen (and where). Undefined for unknown people. */
export async function identify(
  db: Db,
  actor: Actor,
  conversation: Conversation | undefined,
  lookupEmail: EmailLookup,
  now: Date,
  opts: { quiet?: boolean } = {},
): Promise<{ person: PersonWithRoles } | undefined> {
  const rows = await findAccount(db, actor);
  const existing = rows[0];
  let person = personOf(rows);
  if (existing && person) {
    // A quiet turn (an anonymous answer) writes nothing about when this person acted.
    const changes = !opts.quiet && changed(existing, actor, conversation, now);
    // The usual writes (the first turn of the hour; a first reply in Teams after a campaign,
    // whose conversation reference differs from the one the proactive send stored, as when
    // hundreds answer at once): one raw UPDATE of the known row, about a sixth of the upsert's CPU.
    if (changes) {
      const reach = reachFrom(actor, conversation);
      await hotStatements(db).touchAccount(existing.accountId, now, {
        channelUserId: actor.channelUserId ?? null,
        dmChannelId: ('dmChannelId' in reach ? reach.dmChannelId : null) ?? null,
        conversationRef: ('conversationRef' in reach ? reach.conversationRef : null) ?? null,
      });
    }
    return { person };
  }
  let email = existing?.accountEmail ?? undefined;
  if (!person) {
    email = (await lookupEmail(actor).catch(() => undefined))?.trim().toLowerCase();
    if (!email) return undefined;
    person = (await db.person.findUnique({ where: { email }, include: { roles: true } })) ?? undefined;
    if (!person) return undefined;
  }
  const data = {
    lastSeenAt: now,
    personId: person.id,
    ...(email ? { email } : {}),
    ...(actor.channelUserId ? { channelUserId: actor.channelUserId } : {}),
    ...reachFrom(actor, conversation),
  };
  await db.platformAccount.upsert({
    where: accountKey(actor),
    create: { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId, ...data },
    update: data,
  });
  return { person };
}

export const rolesOf = (p: PersonWithRoles): Role[] => p.roles.map((r) => r.role);
