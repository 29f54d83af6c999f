// Who in the directory can be reached, and where, before anyone writes to the bot: on Teams,
// on Slack, on both, or not at all, with the reason for each person not reachable. An account
// counts when delivery would use it (not a Slack member deactivated in the workspace, not a
// Teams account whose app the person blocked). Inactive people are reached nowhere.
import type { Db } from '../core/db.ts';

export type UnreachableReason = 'inactive' | 'slack_deactivated' | 'app_blocked' | 'no_account';

export const REASON_TEXT: Record<UnreachableReason, string> = {
  inactive: 'inactive in the directory',
  slack_deactivated: 'Slack user deactivated',
  app_blocked: 'app blocked in Teams',
  no_account: 'no account found',
};

export interface DirectoryReach {
  people: number;
  teamsOnly: number;
  slackOnly: number;
  both: number;
  none: number;
  byReason: Record<UnreachableReason, number>;
  /** Everyone not reachable, sorted by name. */
  unreachable: { employeeId: string; name: string; email: string; reason: UnreachableReason }[];
}

export async function directoryReach(db: Db): Promise<DirectoryReach> {
  const people = await db.person.findMany({
    select: {
      employeeId: true,
      name: true,
      email: true,
      inactiveAt: true,
      accounts: { select: { platform: true, deactivatedAt: true, appBlockedAt: true } },
    },
    orderBy: [{ name: 'asc' }, { employeeId: 'asc' }],
  });
  const out: DirectoryReach = {
    people: people.length,
    teamsOnly: 0,
    slackOnly: 0,
    both: 0,
    none: 0,
    byReason: { inactive: 0, slack_deactivated: 0, app_blocked: 0, no_account: 0 },
    unreachable: [],
  };
  for (const p of people) {
    const usable = p.accounts.filter((a) => !a.deactivatedAt && !a.appBlockedAt);
    const teams = usable.some((a) => a.platform === 'teams');
    const slack = usable.some((a) => a.platform === 'slack');
    if (!p.inactiveAt && teams && slack) out.both++;
    else if (!p.inactiveAt && teams) out.teamsOnly++;
    else if (!p.inactiveAt && slack) out.slackOnly++;
    else {
      const reason: UnreachableReason = p.inactiveAt
        ? 'inactive'
        : p.accounts.some((a) => a.deactivatedAt)
          ? 'slack_deactivated'
          : p.accounts.some((a) => a.appBlockedAt)
            ? 'app_blocked'
            : 'no_account';
      out.none++;
      out.byReason[reason]++;
      out.unreachable.push({ employeeId: p.employeeId, name: p.name, email: p.email, reason });
    }
  }
  return out;
}
