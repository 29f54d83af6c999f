// Links a platform account to a directory person by email and keeps what is needed to message
// them later (Teams conversation reference, Slack DM channel). Someone the directory does not
// know leaves no trace: nothing is stored for them.
import type { Db, Person, PlatformAccount, Role } from '../core/db.ts';
import type { Actor, Conversation } from './events.ts';

export type PersonWithRoles = Person & { roles: { role: Role }[] };

/** The command that fills the directory, for logs that find it empty. */
export const IMPORT_COMMAND = 'npm run cli -- people import <file.csv>';

/** True when nobody is in the directory yet (a first start before HR's file was imported). */
export const directoryIsEmpty = async (db: Db): Promise<boolean> => (await db.person.findFirst({ select: { id: true } })) === null;

/** Looks up the email the platform holds for an actor (Teams member lookup; Slack users.info). */
export type EmailLookup = (actor: Actor) => Promise<string | undefined>;

const accountKey = (a: Actor) => ({ platform_workspaceId_userId: { platform: a.platform, workspaceId: a.workspaceId, userId: a.userId } });

/** How to reach the actor 1:1 later, learned from a personal conversation. */
function reachFrom(actor: Actor, conversation: Conversation | undefined) {
  if (conversation?.kind !== 'personal') return {};
  return actor.platform === 'teams' ? { conversationRef: conversation.ref as object } : { dmChannelId: conversation.id };
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
): Promise<{ person: PersonWithRoles; account: PlatformAccount } | undefined> {
  const existing = await db.platformAccount.findUnique({ where: accountKey(actor), include: { person: { include: { roles: true } } } });
  // A quiet turn (an anonymous answer) writes nothing about when this person acted.
  if (opts.quiet && existing?.person) {
    const { person, ...account } = existing;
    return { person, account };
  }
  let person: PersonWithRoles | null | undefined = existing?.person;
  let email = existing?.email ?? undefined;
  if (!person) {
    email = (await lookupEmail(actor).catch(() => undefined))?.trim().toLowerCase();
    if (!email) return undefined;
    person = await db.person.findUnique({ where: { email }, include: { roles: true } });
    if (!person) return undefined;
  }
  const data = {
    lastSeenAt: now,
    personId: person.id,
    ...(email ? { email } : {}),
    ...(actor.channelUserId ? { channelUserId: actor.channelUserId } : {}),
    ...reachFrom(actor, conversation),
  };
  const account = await db.platformAccount.upsert({
    where: accountKey(actor),
    create: { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId, ...data },
    update: data,
  });
  return { person, account };
}

export const rolesOf = (p: PersonWithRoles): Role[] => p.roles.map((r) => r.role);
