// A Microsoft Graph stand-in over real HTTP, with its token endpoint: what `people sync graph`
// and the Teams proactive install call, as Graph documents them.
//
//   POST /{tenant}/oauth2/v2.0/token          client credentials grant (form-encoded)
//   GET  /v1.0/users/delta                    the users delta query: pages of `pageSize` users
//                                             with @odata.nextLink, the last with @odata.deltaLink;
//                                             a deltaLink later returns only users changed since
//   POST /v1.0/users/{id}/teamwork/installedApps   installs an app for a user (201; 409 when
//                                             installed; 403 when the user's policy blocks it)
//   GET  /v1.0/users/{id}/teamwork/installedApps/{installId}/chat   the 1:1 chat with the bot
//
// Any Graph call (not the token endpoint) can be made to answer 429 with Retry-After (`throttleNext`). Every request is recorded.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer, parseJson, sendJson } from './http.ts';

export interface GraphUser {
  id: string;
  displayName?: string;
  mail?: string;
  userPrincipalName?: string;
  employeeId?: string | null;
  employeeHireDate?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  preferredLanguage?: string | null;
  accountEnabled?: boolean;
  /** The manager's user id. */
  managerId?: string;
  /** The user's Teams app permission policy blocks the app. */
  appBlocked?: boolean;
}

export interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
}

export const GRAPH_CLIENT = { tenantId: 'dmps-tenant', clientId: 'graph-client-id', clientSecret: 'graph-client-secret' };

export class GraphStandin {
  private readonly server = new LoopbackServer((req, res, raw) => this.handle(req, res, raw));
  private readonly users = new Map<string, { user: GraphUser; version: number; removed?: boolean }>();
  private version = 0;
  private readonly tokens = new Set<string>();
  private throttles: { count: number; retryAfterSec: number }[] = [];
  readonly calls: GraphCall[] = [];
  /** Installed apps by user id → (install id → app id). */
  readonly installed = new Map<string, Map<string, string>>();

  constructor(private readonly opts: { pageSize?: number } = {}) {}

  start() {
    return this.server.start();
  }
  close() {
    return this.server.close();
  }
  get url() {
    return this.server.url;
  }

  /** Adds or changes a user (a change shows in the next delta). */
  setUser(user: GraphUser): void {
    const before = this.users.get(user.id)?.user;
    this.users.set(user.id, { user: { ...before, ...user }, version: ++this.version });
  }
  /** Deletes a user (the next delta returns it with @removed). */
  removeUser(id: string): void {
    const u = this.users.get(id);
    if (u) this.users.set(id, { ...u, removed: true, version: ++this.version });
  }
  /** The next `count` Graph calls answer 429 with Retry-After. */
  throttleNext(count: number, retryAfterSec: number): void {
    this.throttles.push({ count, retryAfterSec });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, path: url.pathname, query: url.searchParams, status });
      sendJson(res, status, body, headers);
    };
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && method === 'POST') {
      const form = new URLSearchParams(raw);
      if (token[1] !== GRAPH_CLIENT.tenantId) return answer(400, { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
      if (form.get('grant_type') !== 'client_credentials') return answer(400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== GRAPH_CLIENT.clientId || form.get('client_secret') !== GRAPH_CLIENT.clientSecret)
        return answer(401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
      if (form.get('scope') !== 'https://graph.microsoft.com/.default') return answer(400, { error: 'invalid_scope' });
      const accessToken = `graph-${randomUUID()}`;
      this.tokens.add(accessToken);
      return answer(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }
    const throttle = this.throttles[0];
    if (throttle) {
      if (--throttle.count <= 0) this.throttles.shift();
      return answer(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': String(throttle.retryAfterSec) });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.tokens.has(bearer))
      return answer(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' } });

    if (url.pathname === '/v1.0/users/delta' && method === 'GET') return this.delta(url, answer);
    const install = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
    if (install && method === 'POST') {
      const user = this.users.get(decodeURIComponent(install[1] as string));
      if (!user || user.removed) return answer(404, { error: { code: 'NotFound', message: 'User not found' } });
      const bind = String((parseJson(raw) as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'] ?? '');
      const appId = /appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1];
      if (!appId) return answer(400, { error: { code: 'BadRequest', message: 'teamsApp@odata.bind is required' } });
      if (user.user.appBlocked) return answer(403, { error: { code: 'Forbidden', message: 'App is blocked by app permission policy' } });
      const apps = this.installed.get(user.user.id) ?? new Map<string, string>();
      if ([...apps.values()].includes(appId)) return answer(409, { error: { code: 'Conflict', message: 'App is already installed' } });
      apps.set(randomUUID(), appId);
      this.installed.set(user.user.id, apps);
      return answer(201, {});
    }
    const chat = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/.exec(url.pathname);
    if (chat && method === 'GET') {
      const userId = decodeURIComponent(chat[1] as string);
      if (!this.installed.get(userId)?.has(decodeURIComponent(chat[2] as string)))
        return answer(404, { error: { code: 'NotFound', message: 'Installation not found' } });
      return answer(200, { id: `19:${userId}_bot@unq.gbl.spaces`, chatType: 'oneOnOne' });
    }
    const list = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
    if (list && method === 'GET') {
      const apps = this.installed.get(decodeURIComponent(list[1] as string)) ?? new Map<string, string>();
      const filterApp = /teamsApp\/id eq '([^']+)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      return answer(200, { value: [...apps].filter(([, app]) => !filterApp || app === filterApp).map(([id, app]) => ({ id, teamsApp: { id: app } })) });
    }
    return answer(404, { error: { code: 'NotFound', message: `no such resource ${method} ${url.pathname}` } });
  }

  private delta(url: URL, answer: (status: number, body: unknown) => void): void {
    const pageSize = this.opts.pageSize ?? 2;
    const skip = url.searchParams.get('$skiptoken');
    const deltaToken = url.searchParams.get('$deltatoken');
    // A skiptoken carries the version the pages were taken at and the offset.
    const [since, upTo, offset] = skip
      ? (Buffer.from(skip, 'base64url').toString().split(':').map(Number) as [number, number, number])
      : [Number(deltaToken ?? 0), this.version, 0];
    const changed = [...this.users.values()]
      .filter((u) => u.version > since && u.version <= upTo && (!u.removed || since > 0))
      .sort((a, b) => a.version - b.version);
    const page = changed.slice(offset, offset + pageSize);
    const value = page.map(({ user, removed }) =>
      removed
        ? { id: user.id, '@removed': { reason: 'deleted' } }
        : {
            id: user.id,
            displayName: user.displayName,
            mail: user.mail,
            userPrincipalName: user.userPrincipalName,
            employeeId: user.employeeId ?? null,
            employeeHireDate: user.employeeHireDate ?? null,
            jobTitle: user.jobTitle ?? null,
            department: user.department ?? null,
            officeLocation: user.officeLocation ?? null,
            preferredLanguage: user.preferredLanguage ?? null,
            accountEnabled: user.accountEnabled ?? true,
            ...(user.managerId ? { 'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: user.managerId }] } : {}),
          },
    );
    const base = `${this.url}/v1.0/users/delta`;
    const more = offset + pageSize < changed.length;
    answer(200, {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users',
      value,
      ...(more
        ? { '@odata.nextLink': `${base}?$skiptoken=${Buffer.from(`${since}:${upTo}:${offset + pageSize}`).toString('base64url')}` }
        : { '@odata.deltaLink': `${base}?$deltatoken=${upTo}` }),
    });
  }
}
