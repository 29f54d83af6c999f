// Reaching Teams users ahead of time, as Company Communicator does: for each active directory
// person known in Entra ID (EntraUser) with no usable Teams account, the app is installed for
// them through Graph (POST /users/{id}/teamwork/installedApps; 409 means it already was), and
// the installation's 1:1 chat is read to confirm it. Their Teams account is then stored (the
// Entra object id, never seen); the first campaign message creates the 1:1 conversation with
// the Bot Connector (bots/teams/outbound.ts createAndSend) and the delivery worker keeps its
// reference on the account. A 403 (the user's app permission policy blocks the app) is recorded
// as app blocked, so `people reach` and delivery know. Without Graph, the team roster path
// (installation in a team, kernel/identity.ts) is the only one. Logs counts only.
import type { Db } from '../core/db.ts';
import type { Logger } from '../core/log.ts';
import type { GraphApi } from './graph.ts';

export interface TeamsInstallOutcome {
  /** People considered (active, in Entra ID, no usable Teams account). */
  candidates: number;
  installed: number;
  alreadyInstalled: number;
  blocked: number;
  failed: number;
}

const NEVER_SEEN = new Date(0);
const status = (e: unknown) => (e as { statusCode?: number }).statusCode;

export async function installTeamsApp(
  db: Db,
  graph: GraphApi,
  opts: { teamsAppId: string; tenantId: string; graphBaseUrl?: string; now: Date; log?: Logger },
): Promise<TeamsInstallOutcome> {
  const out: TeamsInstallOutcome = { candidates: 0, installed: 0, alreadyInstalled: 0, blocked: 0, failed: 0 };
  const links = await db.entraUser.findMany();
  const people = new Map(
    (
      await db.person.findMany({
        where: { id: { in: links.map((l) => l.personId) }, inactiveAt: null },
        select: { id: true, accounts: { where: { platform: 'teams' }, select: { id: true, userId: true, appBlockedAt: true } } },
      })
    ).map((p) => [p.id, p]),
  );
  const catalog = `${(opts.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/$/, '')}/v1.0/appCatalogs/teamsApps/${opts.teamsAppId}`;
  for (const link of links) {
    const person = people.get(link.personId);
    if (!person || person.accounts.some((a) => !a.appBlockedAt)) continue;
    out.candidates++;
    const user = encodeURIComponent(link.id);
    let blocked = false;
    try {
      await graph.post(`/users/${user}/teamwork/installedApps`, { 'teamsApp@odata.bind': catalog });
      out.installed++;
    } catch (e) {
      if (status(e) === 409) out.alreadyInstalled++;
      else if (status(e) === 403) blocked = true;
      else {
        out.failed++;
        opts.log?.warn({ status: status(e) ?? 'no answer' }, 'Teams app installation for a user failed');
        continue;
      }
    }
    if (!blocked) {
      try {
        const apps = await graph.get<{ value?: { id: string }[] }>(
          `/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${encodeURIComponent(`teamsApp/id eq '${opts.teamsAppId}'`)}`,
        );
        const installId = apps.value?.[0]?.id;
        if (installId) await graph.get(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installId)}/chat`);
      } catch (e) {
        out.failed++;
        opts.log?.warn({ status: status(e) ?? 'no answer' }, 'reading the Teams chat of an installation failed');
        continue;
      }
    } else out.blocked++;
    const existing = person.accounts.find((a) => a.userId === link.id);
    const appBlockedAt = blocked ? (existing?.appBlockedAt ?? opts.now) : null;
    if (existing) await db.platformAccount.update({ where: { id: existing.id }, data: { appBlockedAt } });
    else
      await db.platformAccount.create({
        data: { platform: 'teams', workspaceId: opts.tenantId, userId: link.id, personId: person.id, lastSeenAt: NEVER_SEEN, appBlockedAt },
      });
  }
  opts.log?.info({ ...out }, 'Teams app installed for people ahead of time');
  return out;
}
