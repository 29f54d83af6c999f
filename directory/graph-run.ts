// One `people sync graph`: the Entra ID users delta into the directory, then (with
// TEAMS_APP_CATALOG_ID) the Teams app installed for people with no Teams conversation yet, and
// `directoryChanged()` when the sync changed anyone (training assigns new hires from it). The
// CLI command and the nightly job (workflows/people) both run this.
import type { Services } from '../kernel/turn.ts';
import { type GraphConfig, graphClient } from './graph.ts';
import { type GraphSyncOutcome, syncGraph } from './graph-sync.ts';
import { installTeamsApp, type TeamsInstallOutcome } from './teams-install.ts';

export interface GraphRunOutcome {
  sync: GraphSyncOutcome;
  /** Undefined without TEAMS_APP_CATALOG_ID (Teams then reaches people through the team roster only). */
  install: TeamsInstallOutcome | undefined;
}

export const syncChanged = (s: GraphSyncOutcome): boolean => s.created + s.updated + s.deactivated + s.reactivated > 0;

export async function runGraphSync(
  services: Pick<Services, 'db' | 'clock' | 'log' | 'defaultLocale' | 'directoryChanged'>,
  config: GraphConfig & { teamsAppId?: string },
  hooks: { onPage?: (users: number) => void; onThrottle?: (seconds: number) => void } = {},
): Promise<GraphRunOutcome> {
  const { db, clock, log } = services;
  const client = graphClient(config, {
    now: () => clock.now().getTime(),
    sleep: (ms) => clock.sleep(ms),
    ...(hooks.onThrottle ? { onThrottle: hooks.onThrottle } : {}),
  });
  const sync = await syncGraph(db, client, {
    now: clock.now(),
    defaultLocale: services.defaultLocale,
    log,
    ...(hooks.onPage ? { onPage: hooks.onPage } : {}),
  });
  if (syncChanged(sync)) await services.directoryChanged();
  const install = config.teamsAppId
    ? await installTeamsApp(db, client, {
        teamsAppId: config.teamsAppId,
        tenantId: config.tenantId,
        ...(config.graphBaseUrl ? { graphBaseUrl: config.graphBaseUrl } : {}),
        now: clock.now(),
        log,
      })
    : undefined;
  return { sync, install };
}
