// The Teams endpoint: the Bot Framework JWT is checked (token-gate.ts, then botbuilder's own
// authentication), or, with no MicrosoftAppId, the request runs unauthenticated for local use
// and only loopback service URLs are accepted; then the turn runs. Every refusal is a plain
// 401/403 and one log line; botbuilder's console output for bad tokens is never reached.
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  AuthenticationError,
  type ConnectorClient,
  ConnectorFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Request, Response } from 'express';
import type { Clock } from '../../core/clock.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { Logger } from '../../core/log.ts';
import { reportError } from '../../core/log.ts';
import { isLoopbackUrl } from '../../core/loopback.ts';
import type { Router } from '../../kernel/router.ts';
import { teamsTurn } from './bot.ts';
import { createTokenGate } from './token-gate.ts';

export interface TeamsOptions {
  /** The Bot Framework configuration keys (MicrosoftAppId, ToBotFromChannelOpenIdMetadataUrl, ...). */
  env: Record<string, string | undefined>;
  /** Outbound credentials (tests inject a local one; production lets MSAL do it). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** The district's tenant ids: only their activities reach the router. Required with MicrosoftAppId. */
  tenantIds?: readonly string[];
}

/** Service URLs whose connector clients are kept (Teams has a few per region). */
const KEPT_CONNECTORS = 32;

/** The connector clients a turn replies with, made once per bot, service URL and audience and
 *  kept, as the fan-out adapter keeps its own (outbound.ts): botbuilder builds one for every
 *  activity (a request pipeline, its policies and credentials), which was about a twentieth of
 *  a Teams turn's CPU, for a client that is the same every time. Its credentials keep their
 *  token between turns and renew it themselves. */
class KeptConnectors extends ConnectorFactory {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  constructor(
    private readonly made: ConnectorFactory,
    private readonly appId: string,
  ) {
    super();
  }
  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId, serviceUrl, audience ?? null]);
    let client = this.clients.get(key);
    if (!client) {
      client = this.made.create(serviceUrl, audience);
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
      for (const oldest of this.clients.keys()) if (this.clients.size > KEPT_CONNECTORS) this.clients.delete(oldest);
    }
    return client;
  }
}

/** CloudAdapter.process without its console output: we authenticate, it runs the turn. */
class GatedCloudAdapter extends CloudAdapter {
  /** Per bot app id (the audience botbuilder makes the turn's factory for). */
  private readonly kept = new Map<string, KeptConnectors>();

  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    const made = auth.connectorFactory;
    if (!made) return this.processActivity(auth, activity, logic);
    const identity = auth.claimsIdentity;
    const appId = identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
    let connectors = this.kept.get(appId);
    if (!connectors) {
      connectors = new KeptConnectors(made, appId);
      // One bot has one app id; anything else (a skill, a test) is not kept past a few.
      if (this.kept.size < 4) this.kept.set(appId, connectors);
    }
    return this.processActivity({ ...auth, connectorFactory: connectors }, activity, logic);
  }
}

/** What botbuilder's activity validator does to a parsed body: wire timestamps become Dates. */
function activityFrom(body: Record<string, unknown>): Activity {
  const a: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
  return a as unknown as Activity;
}

const UNAUTHORIZED = 'Unauthorized: the request does not carry a valid Bot Framework token.';
const NOT_LOOPBACK = 'Forbidden: in local mode (no MicrosoftAppId) only loopback service URLs are accepted.';

export interface TeamsBot {
  adapter: CloudAdapter;
  appId: string;
  handle(req: Request, res: Response): Promise<void>;
}

export function createTeamsBot(opts: TeamsOptions, deps: { router: Router; log: Logger; clock: Clock }): TeamsBot {
  const auth = new ConfigurationBotFrameworkAuthentication(opts.env as ConfigurationBotFrameworkAuthenticationOptions, opts.credentialsFactory);
  const adapter = new GatedCloudAdapter(auth);
  const log = deps.log.child({ platform: 'teams' });
  adapter.onTurnError = async (context, error) => {
    reportError(log, error, { activityType: context.activity.type });
  };
  const authenticated = Boolean(opts.env.MicrosoftAppId?.trim());
  if (authenticated && !opts.tenantIds?.length)
    throw new AppError(ErrorCode.ConfigInvalid, 'invalid configuration: TEAMS_TENANT_IDS is required when MicrosoftAppId is set');
  const tenants = opts.tenantIds?.length ? new Set(opts.tenantIds.map((t) => t.toLowerCase())) : undefined;
  const gate = createTokenGate({ env: opts.env });
  const turn = teamsTurn({ ...deps, log, tenants });

  const refuse = (res: Response, status: 401 | 403, body: string, reason: string) => {
    log.warn({ status, reason }, 'teams request refused');
    res.status(status).type('text/plain').send(body);
  };

  async function handle(req: Request, res: Response): Promise<void> {
    const activity = activityFrom(req.body as Record<string, unknown>);
    let result: AuthenticateRequestResult;
    if (!authenticated) {
      // Nobody vouches for the serviceUrl here: calling it would let any caller aim the bot
      // (roster look-ups, replies) at an address of their choosing.
      if (!isLoopbackUrl(String(activity.serviceUrl))) return refuse(res, 403, NOT_LOOPBACK, 'service url not loopback');
      result = await auth.authenticateRequest(activity, '');
    } else {
      const header = req.headers.authorization;
      const verdict = await gate.check(header);
      if (!verdict.ok) return refuse(res, 401, UNAUTHORIZED, verdict.reason);
      try {
        result = await auth.authenticateRequest(activity, header ?? '');
      } catch (e) {
        // Audience, issuer, endorsements, the serviceurl claim: botbuilder's messages can quote
        // token claims, so the log gets a fixed reason.
        if (e instanceof AuthenticationError || (e as { statusCode?: unknown })?.statusCode === 401)
          return refuse(res, 401, UNAUTHORIZED, 'refused by Bot Framework validation');
        throw e;
      }
    }
    const invokeResponse = await adapter.run(result, activity, turn);
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
    else res.end();
  }

  return { adapter, appId: opts.env.MicrosoftAppId ?? '', handle };
}
