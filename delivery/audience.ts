// Who a campaign reaches: people by role, building, region, job category or an explicit list
// (or everyone), or channels. Each person is reached once, on one platform: the district's
// choice for them (Person.primaryPlatform) or else the platform they used last.
import { z } from 'zod';
import { type Db, type Platform, readInSlices } from '../core/db.ts';

const roles = z.enum(['staff', 'hiring_manager', 'communications', 'hr', 'leader', 'admin']);
export const peopleAudience = z
  .object({
    everyone: z.boolean().optional(),
    roles: z.array(roles).optional(),
    buildings: z.array(z.string().min(1)).optional(),
    regions: z.array(z.string().min(1)).optional(),
    jobCategories: z.array(z.string().min(1)).optional(),
    personIds: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine(
    (a) => a.everyone || a.roles || a.buildings || a.regions || a.jobCategories || a.personIds,
    'an audience must name who it reaches (or everyone: true)',
  );

export const channelAudience = z
  .object({
    channels: z
      .array(
        z.object({
          platform: z.enum(['teams', 'slack']),
          workspaceId: z.string().min(1),
          channelId: z.string().min(1),
          conversationRef: z.record(z.string(), z.unknown()).nullish(),
        }),
      )
      .min(1),
  })
  .strict();

export const audienceSchema = z.union([channelAudience, peopleAudience]);
export type Audience = z.infer<typeof audienceSchema>;

export interface PersonRecipient {
  personId: string;
  /** Undefined when the person has no usable platform account. */
  platform?: Platform;
  accountId?: string;
  /** Why not, when they have accounts but none usable (else no account at all). */
  unreachable?: 'slack_deactivated' | 'app_blocked';
}

/** The people an audience names (filters combine with AND; each list is any-of). */
export async function expandPeople(db: Db, a: z.infer<typeof peopleAudience>): Promise<PersonRecipient[]> {
  const find = (personIds?: string[]) =>
    db.person.findMany({
      where: {
        // People who left are in no audience (their history stays).
        inactiveAt: null,
        ...(a.roles ? { roles: { some: { role: { in: a.roles } } } } : {}),
        ...(a.buildings ? { building: { in: a.buildings } } : {}),
        ...(a.regions ? { region: { in: a.regions } } : {}),
        ...(a.jobCategories ? { jobCategory: { in: a.jobCategories } } : {}),
        ...(personIds ? { id: { in: personIds } } : {}),
      },
      select: {
        id: true,
        primaryPlatform: true,
        accounts: { select: { id: true, platform: true, lastSeenAt: true, deactivatedAt: true, appBlockedAt: true } },
      },
      orderBy: { id: 'asc' },
    });
  // An explicit list (a survey run's recipients: thousands at 9:00) is read in slices, in id order.
  const people = a.personIds ? await readInSlices([...new Set(a.personIds)].sort(), find) : await find();
  return people.map((p) => {
    // An account of a deactivated Slack member or a Teams user who blocked the app is never used.
    const usable = p.accounts.filter((acc) => !acc.deactivatedAt && !acc.appBlockedAt);
    const preferred = p.primaryPlatform ? usable.filter((acc) => acc.platform === p.primaryPlatform) : [];
    const pool = preferred.length ? preferred : usable;
    const chosen = [...pool].sort((x, y) => y.lastSeenAt.getTime() - x.lastSeenAt.getTime())[0];
    if (chosen) return { personId: p.id, platform: chosen.platform, accountId: chosen.id };
    const unreachable = p.accounts.some((acc) => acc.deactivatedAt)
      ? 'slack_deactivated'
      : p.accounts.some((acc) => acc.appBlockedAt)
        ? 'app_blocked'
        : undefined;
    return unreachable ? { personId: p.id, unreachable } : { personId: p.id };
  });
}

export interface Reach {
  /** Everyone the audience names in the directory. */
  people: number;
  /** Reached on Teams / on Slack (one platform each, as delivery chooses). */
  teams: number;
  slack: number;
  /** No usable Teams or Slack account (none linked, Slack member deactivated, Teams app blocked):
   *  delivery marks them `no_account` and sends nothing; `people reach` gives each one's reason. */
  unreachable: number;
}

/** How many people an audience reaches now and where: the same choice of platform delivery
 *  makes, so a preview and a launch acknowledgement can say true figures. */
export async function reachOf(db: Db, audience: z.infer<typeof peopleAudience>): Promise<Reach> {
  const reach: Reach = { people: 0, teams: 0, slack: 0, unreachable: 0 };
  for (const r of await expandPeople(db, audience)) {
    reach.people += 1;
    if (r.platform === 'teams') reach.teams += 1;
    else if (r.platform === 'slack') reach.slack += 1;
    else reach.unreachable += 1;
  }
  return reach;
}
