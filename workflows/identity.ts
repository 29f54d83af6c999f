// Links a platform account to a directory person by email and keeps what is needed to message
// them later (Teams conversation reference, Slack DM channel).
import type { Db, Person, PlatformAccount, Role } from '../core/db.ts';
import type { Actor, Conversation } from './events.ts';

export type PersonWithRoles = Person & { roles: { role: Role }[] };

export interface KnownPerson {
  person: PersonWithRoles;
  account: PlatformAccount;
}

/** Looks up the email the platform holds for an actor (Teams member lookup; Slack users.info). */
export type EmailLookup = (actor: Actor) => Promise<string | undefined>;

/** Records that the actor was seen (and where to reach them 1:1), returning the account. */
export async function touchAccount(db: Db, actor: Actor, conversation: Conversation | undefined, now: Date) {
  const personal = conversation?.kind === 'personal';
  const reach = personal
    ? actor.platform === 'teams'
      ? { conversationRef: conversation.ref as object }
      : { dmChannelId: conversation.id }
    : {};
  return db.platformAccount.upsert({
    where: { platform_workspaceId_userId: { platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId } },
    create: {
      platform: actor.platform,
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      channelUserId: actor.channelUserId ?? null,
      lastSeenAt: now,
      ...reach,
    },
    update: { lastSeenAt: now, ...(actor.channelUserId ? { channelUserId: actor.channelUserId } : {}), ...reach },
  });
}

/** Returns the directory person behind the account, linking by email on first contact.
 *  Undefined when the platform gives no email or nobody in the directory has it. */
export async function resolvePerson(db: Db, account: PlatformAccount, actor: Actor, lookupEmail: EmailLookup): Promise<PersonWithRoles | undefined> {
  if (account.personId) {
    const person = await db.person.findUnique({ where: { id: account.personId }, include: { roles: true } });
    if (person) return person;
  }
  const email = (await lookupEmail(actor))?.trim().toLowerCase();
  if (!email) return undefined;
  const person = await db.person.findUnique({ where: { email }, include: { roles: true } });
  if (!person) {
    await db.platformAccount.update({ where: { id: account.id }, data: { email } });
    return undefined;
  }
  await db.platformAccount.update({ where: { id: account.id }, data: { email, personId: person.id } });
  return person;
}

export const rolesOf = (p: PersonWithRoles): Role[] => p.roles.map((r) => r.role);
