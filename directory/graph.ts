// Microsoft Graph with app-only (client credentials) access, through the Microsoft Graph
// JavaScript client. The token comes from MSAL (@azure/msal-node) for an https authority, as in
// production (https://login.microsoftonline.com); MSAL refuses any authority that is not https,
// so for a local http authority (the test stand-in, a developer's mock) the same client
// credentials grant is posted to `{authority}/{tenant}/oauth2/v2.0/token` directly.
// Graph's 429 and 503 are retried after their Retry-After through an injected `sleep` (tests
// never sleep for real); the client's own RetryHandler, which sleeps on its own timer, is not used.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, type Context, HTTPMessageHandler, type Middleware } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { AppError, ErrorCode } from '../core/errors.ts';

export interface GraphConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://login.microsoftonline.com */
  authorityHost?: string;
  /** Default https://graph.microsoft.com */
  graphBaseUrl?: string;
}

const url = z.string().url('must be a URL such as https://graph.microsoft.com');
/** Graph's settings from the environment: all three credentials, or none (Graph not used). */
const graphEnv = z
  .object({
    GRAPH_TENANT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    GRAPH_AUTHORITY_HOST: url.optional(),
    GRAPH_BASE_URL: url.optional(),
    TEAMS_APP_CATALOG_ID: z.string().min(1).optional(),
  })
  .refine((v) => Boolean(v.GRAPH_TENANT_ID) === Boolean(v.GRAPH_CLIENT_ID) && Boolean(v.GRAPH_CLIENT_ID) === Boolean(v.GRAPH_CLIENT_SECRET), {
    message: 'set all of GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET, or none',
  });

/** The Graph configuration, undefined when Graph is not configured; a half-set one is refused. */
export function graphConfigFrom(env: NodeJS.ProcessEnv): (GraphConfig & { teamsAppId?: string }) | undefined {
  const parsed = graphEnv.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k, v]) => (k.startsWith('GRAPH_') || k === 'TEAMS_APP_CATALOG_ID' ? v !== '' : false))),
  );
  if (!parsed.success)
    throw new AppError(
      ErrorCode.ConfigInvalid,
      `invalid Graph configuration: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`).join('; ')}`,
    );
  const v = parsed.data;
  if (!v.GRAPH_TENANT_ID || !v.GRAPH_CLIENT_ID || !v.GRAPH_CLIENT_SECRET) return undefined;
  return {
    tenantId: v.GRAPH_TENANT_ID,
    clientId: v.GRAPH_CLIENT_ID,
    clientSecret: v.GRAPH_CLIENT_SECRET,
    ...(v.GRAPH_AUTHORITY_HOST ? { authorityHost: v.GRAPH_AUTHORITY_HOST } : {}),
    ...(v.GRAPH_BASE_URL ? { graphBaseUrl: v.GRAPH_BASE_URL } : {}),
    ...(v.TEAMS_APP_CATALOG_ID ? { teamsAppId: v.TEAMS_APP_CATALOG_ID } : {}),
  };
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const MAX_RETRIES = 5;

/** An access token for Graph, fetched again a minute before it expires. */
function tokenSource(config: GraphConfig, now: () => number): () => Promise<string> {
  const authorityHost = (config.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/$/, '');
  let cached: { token: string; until: number } | undefined;
  const msal = authorityHost.startsWith('https:')
    ? new ConfidentialClientApplication({
        auth: { clientId: config.clientId, clientSecret: config.clientSecret, authority: `${authorityHost}/${config.tenantId}` },
      })
    : undefined;
  return async () => {
    if (cached && cached.until > now()) return cached.token;
    if (msal) {
      const r = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }).catch((cause: unknown) => {
        throw new AppError(
          ErrorCode.ConfigInvalid,
          `Microsoft Entra ID refused the Graph credentials: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        );
      });
      if (!r?.accessToken) throw new AppError(ErrorCode.ConfigInvalid, 'Microsoft Entra ID returned no Graph token');
      cached = { token: r.accessToken, until: (r.expiresOn?.getTime() ?? now() + 3_000_000) - 60_000 };
      return r.accessToken;
    }
    const res = await fetch(`${authorityHost}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret, scope: GRAPH_SCOPE }),
    }).catch((cause: unknown) => {
      throw new AppError(ErrorCode.PlatformUnavailable, `the Graph token endpoint at ${authorityHost} did not answer`, { cause });
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: unknown; error_description?: string };
    if (!res.ok || !body.access_token)
      throw new AppError(
        ErrorCode.ConfigInvalid,
        `Microsoft Entra ID refused the Graph credentials (${typeof body.error === 'string' ? body.error : res.status}${body.error_description ? `: ${body.error_description}` : ''})`,
      );
    cached = { token: body.access_token, until: now() + (body.expires_in ?? 3600) * 1000 - 60_000 };
    return body.access_token;
  };
}

/** Adds the bearer token to requests for the configured Graph origin only (a nextLink that
 *  pointed elsewhere would not get it). The client's AuthenticationHandler does this for https
 *  hosts only, so a local http Graph would never get a token. */
class BearerHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly origin: string,
    private readonly token: () => Promise<string>,
  ) {}
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('authorization', `Bearer ${await this.token()}`);
      context.options = { ...context.options, headers };
    }
    await this.next?.execute(context);
  }
}

/** Retries a 429 or 503 after its Retry-After (seconds), up to MAX_RETRIES times. */
class ThrottleHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly onThrottle: (seconds: number) => void,
  ) {}
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await this.next?.execute(context);
      const status = context.response?.status;
      if ((status !== 429 && status !== 503) || attempt >= MAX_RETRIES) return;
      const seconds = Number(context.response?.headers.get('retry-after') ?? '') || 2 ** attempt;
      this.onThrottle(seconds);
      await this.sleep(seconds * 1000);
    }
  }
}

export interface GraphDeps {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Called with the seconds of each Retry-After honoured. */
  onThrottle?: (seconds: number) => void;
}

/** Graph as `people sync graph` and the Teams install use it: a GET or POST of a path
 *  ("/users/delta?...") or of a link Graph returned (@odata.nextLink / deltaLink, which are
 *  absolute URLs on the same Graph host). Errors are GraphError (statusCode) from the client. */
export interface GraphApi {
  get<T>(pathOrLink: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

export function graphClient(config: GraphConfig, deps: GraphDeps): GraphApi {
  const base = new URL(config.graphBaseUrl ?? 'https://graph.microsoft.com');
  const token = tokenSource(config, deps.now);
  const auth = new BearerHandler(base.origin, token);
  const throttle = new ThrottleHandler(deps.sleep, deps.onThrottle ?? (() => {}));
  auth.setNext(throttle);
  throttle.setNext(new HTTPMessageHandler());
  const client = Client.initWithMiddleware({ middleware: auth, baseUrl: base.origin });
  // The client reads only https:// links as absolute; a link is made a path on the client's base.
  const path = (link: string) => (link.startsWith(`${base.origin}/v1.0/`) ? link.slice(`${base.origin}/v1.0`.length) : link);
  return {
    async get(link) {
      await token(); // a refused credential is an AppError here, not a wrapped GraphError
      return client.api(path(link)).get();
    },
    async post(p, body) {
      await token();
      return client.api(path(p)).post(body);
    },
  };
}
