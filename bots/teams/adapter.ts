// The Teams endpoint: botbuilder's CloudAdapter verifies the Bot Framework JWT (or, with no
// MicrosoftAppId, runs unauthenticated for local use), then runs the turn.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { ConnectorClientOptions, ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Request, Response } from 'express';
import type { Logger } from '../../core/log.ts';
import type { Clock } from '../../core/clock.ts';
import { reportError } from '../../core/log.ts';
import type { Router } from '../../kernel/router.ts';
import { teamsTurn } from './bot.ts';
import { noRetryHttpClient } from './no-retry-http.ts';

export interface TeamsOptions {
  /** The Bot Framework configuration keys (MicrosoftAppId, ToBotFromChannelOpenIdMetadataUrl, ...). */
  env: Record<string, string | undefined>;
  /** Outbound credentials (tests inject a local one; production lets MSAL do it). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

export interface TeamsBot {
  adapter: CloudAdapter;
  appId: string;
  handle(req: Request, res: Response): Promise<void>;
}

/**
 * A second adapter for proactive fan-out whose connector client does not retry by itself: the
 * delivery engine owns retries and pacing, and hidden retries would spend the tenant's rate
 * limit behind the pacer's back.
 */
export function createTeamsFanoutAdapter(opts: TeamsOptions): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication(
    opts.env as ConfigurationBotFrameworkAuthenticationOptions,
    opts.credentialsFactory,
    undefined,
    undefined,
    { httpClient: noRetryHttpClient } as unknown as ConnectorClientOptions,
  );
  return new CloudAdapter(auth);
}

export function createTeamsBot(opts: TeamsOptions, deps: { router: Router; log: Logger; clock: Clock }): TeamsBot {
  const auth = new ConfigurationBotFrameworkAuthentication(
    opts.env as ConfigurationBotFrameworkAuthenticationOptions,
    opts.credentialsFactory,
  );
  const adapter = new CloudAdapter(auth);
  const log = deps.log.child({ platform: 'teams' });
  adapter.onTurnError = async (context, error) => {
    reportError(log, error, { activityType: context.activity.type });
  };
  const turn = teamsTurn({ ...deps, log });
  return {
    adapter,
    appId: opts.env.MicrosoftAppId ?? '',
    handle: (req, res) => adapter.process(req, res, turn),
  };
}
