// `npm start`: validates the configuration, creates and migrates the database, starts the bot.
import { loadConfig } from '../core/config.ts';
import { createLogger, reportError } from '../core/log.ts';
import { startService } from './service.ts';

const bootLog = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startService(config);
  const { log, endpoints } = running;
  log.info({ teams: endpoints.teams, authenticated: config.teams.authenticated }, 'Teams enabled');
  if (!config.teams.authenticated)
    log.warn(
      { listening: config.host },
      'TEAMS RUNS UNAUTHENTICATED: no MicrosoftAppId is set, so any local caller can post activities. Local use only: listening on loopback, and only loopback serviceUrls are answered.',
    );
  if (config.teams.authenticated) log.info({ tab: `${endpoints.tab}?inTeams=true` }, 'Teams tab served (Teams single sign-on)');
  else
    log.warn({ tab: endpoints.tab }, 'TEAMS TAB IN DEVELOPMENT MODE: open it in a browser on this machine and pick who to sign in as. For development only.');
  if (endpoints.slack) log.info({ slack: endpoints.slack }, 'Slack enabled');
  else log.info('Slack disabled: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to enable it');
  log.info({ health: endpoints.health, database: running.database.kind }, 'DMPS Connect is running');

  const stop = async (signal: string) => {
    log.info({ signal, withinMs: config.shutdownTimeoutMs }, 'stopping: not ready, no more claims, finishing what is held');
    // Whatever hangs, the process ends within the timeout (rows still in flight come back when
    // their lease ends).
    setTimeout(() => {
      log.error({ signal }, 'stop took longer than SHUTDOWN_TIMEOUT_MS: exiting anyway');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await running.close();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  const err = reportError(bootLog, e, { stage: 'start' });
  console.error(`DMPS Connect did not start: ${err.message}`);
  process.exit(1);
});
