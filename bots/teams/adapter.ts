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
  type ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
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
/** Bot app ids whose clients are kept: one bot has one; anything else (a skill) is not kept past a few. */
const KEPT_APPS = 4;

/** Keeps at most `limit` entries, dropping the oldest; a value that fails is not kept. */
function keep<T>(kept: Map<string, Promise<T>>, key: string, limit: number, make: () => Promise<T>): Promise<T> {
  let value = kept.get(key);
  if (!value) {
    value = make();
    value.catch(() => kept.delete(key));
    kept.set(key, value);
    for (const oldest of kept.keys()) if (kept.size > limit) kept.delete(oldest);
  }
  return value;
}

/** The connector clients a turn replies with, made once per service URL and audience, as the
 *  fan-out adapter keeps its own (outbound.ts). */
class KeptConnectors extends ConnectorFactory {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  constructor(private readonly made: ConnectorFactory) {
    super();
  }
  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return keep(this.clients, JSON.stringify([serviceUrl, audience ?? null]), KEPT_CONNECTORS, () => this.made.create(serviceUrl, audience));
  }
}

/** The bot's app id in a turn's claims (as botbuilder reads it to make the turn's clients). */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/**
 * Bot Framework authentication whose per-turn clients are made once and kept. botbuilder makes
 * a connector client and a user-token client for every activity (each a request pipeline with
 * its policies and credentials), about a tenth of a Teams turn's CPU, for clients that are the
 * same every time: they depend only on the bot's app id, the service URL and the audience. Their
 * credentials keep their token between turns and renew it themselves.
 */
class KeptClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, KeptConnectors>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const made = result.connectorFactory;
    if (!made) return result;
    const appId = appIdOf(result.claimsIdentity);
    let connectors = this.connectors.get(appId);
    if (!connectors) {
      connectors = new KeptConnectors(made);
      if (this.connectors.size < KEPT_APPS) this.connectors.set(appId, connectors);
    }
    return { ...result, connectorFactory: connectors };
  }

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    return keep(this.tokenClients, appIdOf(identity), KEPT_APPS, () => super.createUserTokenClient(identity));
  }
}

/** CloudAdapter.process without its console output: we authenticate, it runs the turn. */
class GatedCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
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
  const auth = new KeptClientsAuthentication(opts.env as ConfigurationBotFrameworkAuthenticationOptions, opts.credentialsFactory);
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

  // Local mode sees the same one or two service URLs on every turn; parsing each again cost
  // about 25 µs of a turn. The verdicts of at most 64 are kept, so made-up URLs cannot grow it.
  const loopbackVerdicts = new Map<string, boolean>();
  const loopbackServiceUrl = (url: string) => {
    let verdict = loopbackVerdicts.get(url);
    if (verdict === undefined) {
      verdict = isLoopbackUrl(url);
      if (loopbackVerdicts.size < 64) loopbackVerdicts.set(url, verdict);
    }
    return verdict;
  };

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
      if (!loopbackServiceUrl(String(activity.serviceUrl))) return refuse(res, 403, NOT_LOOPBACK, 'service url not loopback');
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
    // Written as express's res.json would, without its ETag: a hash of the whole card on every
    // answer (about 40 µs of a Teams invoke under load) for a POST that is never revalidated.
    if (invokeResponse?.body !== undefined) res.type('application/json').end(JSON.stringify(invokeResponse.body));
    else res.end();
  }

  return { adapter, appId: opts.env.MicrosoftAppId ?? '', handle };
}
