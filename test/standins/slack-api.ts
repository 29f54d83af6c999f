// A Slack Web API stand-in at /api/<method>, for @slack/web-api (and Bolt) via
// clientOptions.slackApiUrl = `${url}/api/`. Takes form-encoded or JSON bodies, checks the bearer
// token, records every call, and enforces rate limits with HTTP 429 + Retry-After as Slack does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { LoopbackServer, parseJson, sendJson } from './http.ts';
import { type BucketLimit, type Limiter, SlidingWindowLimiter, TokenBucketLimiter, type WindowLimit } from './rate-limit.ts';
import {
  type EphemeralMessage,
  type OpenedView,
  type PostedMessage,
  type PublishedHome,
  type SlackArgs,
  type SlackIdentity,
  type SlackResult,
  type SlackUser,
  SlackWorkspace,
} from './slack-workspace.ts';

export type { EphemeralMessage, OpenedView, PostedMessage, SlackUser };

export const DEFAULT_SLACK_TOKEN = 'xoxb-standin-token';

/** chat.postMessage: about 1 message per second per channel, short bursts tolerated; conversations.open: Tier 3. */
export const SLACK_LIMITS = {
  postMessagePerChannel: { burst: 3, perSecond: 1 },
  perMethod: { 'conversations.open': [{ max: 50, windowMs: 60_000 }] },
} as const satisfies { postMessagePerChannel: BucketLimit; perMethod: Record<string, WindowLimit[]> };

export interface SlackApiOptions {
  /** Accepted bot tokens. Default [DEFAULT_SLACK_TOKEN]. */
  tokens?: string[];
  identity?: Partial<SlackIdentity>;
  /** false turns limits off. perMethod windows apply per workspace to each named method. */
  limits?: false | { postMessagePerChannel?: BucketLimit; perMethod?: Record<string, readonly WindowLimit[]> };
  faults?: FaultOptions & { exemptMethods?: string[] };
  now?: () => number;
}

export interface SlackCall {
  method: string;
  /** Parsed arguments (JSON strings such as blocks/view decoded), without the token. */
  args: SlackArgs;
  hasToken: boolean;
  status: number;
  ok: boolean;
  error?: string;
  at: number;
}

export interface SlackViolation {
  method: string;
  key: string;
  limit: string;
  retryAfterSec: number;
  at: number;
}

export interface ScriptedSlackError {
  method?: string;
  channel?: string;
  user?: string;
  error: string;
  status?: number;
  headers?: Record<string, string>;
  times?: number;
}

type Answer = { status: number; body: SlackResult; headers?: Record<string, string> };

const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];

export class SlackApiStandin {
  private readonly server = new LoopbackServer((req, res, raw) => this.handle(req, res, raw));
  private readonly now: () => number;
  private readonly workspace: SlackWorkspace;
  private readonly faults: FaultInjector;
  private readonly exempt: Set<string>;
  private readonly perChannel: Limiter | undefined;
  private readonly perMethod = new Map<string, Limiter>();
  private readonly recorded: SlackCall[] = [];
  private readonly refused: SlackViolation[] = [];
  private scripts: ScriptedSlackError[] = [];

  constructor(private readonly options: SlackApiOptions = {}) {
    this.now = options.now ?? Date.now;
    this.workspace = new SlackWorkspace(
      {
        team: options.identity?.team ?? { id: 'T0DMPS0001', name: 'Des Moines Public Schools', domain: 'dmps' },
        bot: options.identity?.bot ?? { userId: 'U0BOT00001', botId: 'B0BOT00001', name: 'dmps-connect', appId: 'A0DMPS0001' },
      },
      this.now,
    );
    this.faults = new FaultInjector(options.faults);
    this.exempt = new Set(options.faults?.exemptMethods ?? ['auth.test']);
    const limits = options.limits === false ? undefined : (options.limits ?? SLACK_LIMITS);
    if (limits?.postMessagePerChannel) this.perChannel = new TokenBucketLimiter(limits.postMessagePerChannel);
    for (const [method, windows] of Object.entries(limits?.perMethod ?? {})) this.perMethod.set(method, new SlidingWindowLimiter(windows));
  }

  start(): Promise<{ url: string }> {
    return this.server.start();
  }
  close(): Promise<void> {
    return this.server.close();
  }
  get url(): string {
    return this.server.url;
  }
  /** What to pass as @slack/web-api's slackApiUrl. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }
  get identity(): SlackIdentity {
    return this.workspace.identity;
  }

  addUser(user: SlackUser): void {
    this.workspace.users.set(user.id, user);
  }
  addChannel(id: string): void {
    this.workspace.channels.add(id);
  }
  /** The DM id conversations.open returns for a user. */
  dmIdFor(userId: string): string {
    return this.workspace.dmIdFor(userId);
  }
  /** Answers matching calls with { ok: false, error } (HTTP 200 unless status is given). */
  scriptError(script: ScriptedSlackError): void {
    this.scripts.push({ ...script });
  }

  get calls(): readonly SlackCall[] {
    return this.recorded;
  }
  get messages(): readonly PostedMessage[] {
    return this.workspace.messages;
  }
  get ephemerals(): readonly EphemeralMessage[] {
    return this.workspace.ephemerals;
  }
  get views(): ReadonlyMap<string, OpenedView> {
    return this.workspace.views;
  }
  /** App Home views by user id (views.publish). */
  get homes(): ReadonlyMap<string, PublishedHome> {
    return this.workspace.homes;
  }
  get violations(): readonly SlackViolation[] {
    return this.refused;
  }

  /** Forgets the calls and refusals recorded so far, and nothing else (messages, views and
   *  limits stay, so later calls act on them): a long benchmark's memory, read turn by turn. */
  forgetCalls(): void {
    this.recorded.length = 0;
    this.refused.length = 0;
  }

  /** Forgets calls, messages, views, limits and scripts, and restarts the fault PRNG; keeps users and channels. */
  reset(): void {
    this.recorded.length = 0;
    this.refused.length = 0;
    this.scripts = [];
    this.workspace.clearTraffic();
    this.perChannel?.reset();
    for (const l of this.perMethod.values()) l.reset();
    this.faults.reset();
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : '';
    const args = parseArgs(req.headers['content-type'] ?? '', raw, url.searchParams);
    const token = bearer(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const at = this.now();
    const answer = this.answer(method, args, token, at);
    this.recorded.push({
      method,
      args,
      hasToken: token !== undefined,
      status: answer.status,
      ok: answer.body.ok,
      error: answer.body.ok ? undefined : answer.body.error,
      at,
    });
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  private answer(method: string, args: SlackArgs, token: string | undefined, at: number): Answer {
    if (!method) return { status: 404, body: { ok: false, error: 'unknown_method' } };
    if (token === undefined) return { status: 200, body: { ok: false, error: 'not_authed' } };
    if (!(this.options.tokens ?? [DEFAULT_SLACK_TOKEN]).includes(token)) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    const limited = this.enforceLimits(method, args, at);
    if (limited) return limited;
    const scripted = this.scripted(method, args);
    if (scripted) return scripted;
    const fault = this.exempt.has(method) ? undefined : this.faults.next();
    if (fault?.kind === '429') return ratelimited(fault.retryAfterSec);
    if (fault) return { status: fault.status, body: { ok: false, error: 'internal_error' } };
    return { status: 200, body: this.workspace.call(method, args) };
  }

  private enforceLimits(method: string, args: SlackArgs, at: number): Answer | undefined {
    const teamKey = this.workspace.identity.team.id;
    const checks: Array<[Limiter | undefined, string]> = [[this.perMethod.get(method), teamKey]];
    if (method === 'chat.postMessage' && typeof args.channel === 'string') checks.push([this.perChannel, args.channel]);
    for (const [limiter, key] of checks) {
      const denial = limiter?.check(key, at);
      if (denial) {
        this.refused.push({ method, key, limit: denial.limit, retryAfterSec: denial.retryAfterSec, at });
        return ratelimited(denial.retryAfterSec);
      }
    }
    for (const [limiter, key] of checks) limiter?.record(key, at);
    return undefined;
  }

  private scripted(method: string, args: SlackArgs): Answer | undefined {
    const users = [args.user, ...String(args.users ?? '').split(',')].filter((u): u is string => typeof u === 'string' && u !== '');
    const index = this.scripts.findIndex(
      (s) =>
        (s.method === undefined || s.method === method) &&
        (s.channel === undefined || s.channel === args.channel) &&
        (s.user === undefined || users.includes(s.user)),
    );
    const script = this.scripts[index];
    if (!script) return undefined;
    if (script.times !== undefined && --script.times <= 0) this.scripts.splice(index, 1);
    return { status: script.status ?? 200, body: { ok: false, error: script.error }, headers: script.headers };
  }
}

function ratelimited(retryAfterSec: number): Answer {
  return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(retryAfterSec) } };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1];
}

function parseArgs(contentType: string, raw: string, query: URLSearchParams): SlackArgs {
  const args: SlackArgs = Object.fromEntries(query.entries());
  if (contentType.includes('application/json')) {
    const body = parseJson(raw);
    if (typeof body === 'object' && body !== null) Object.assign(args, body);
  } else if (raw) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(raw).entries()));
  }
  for (const key of JSON_ARGS) {
    const value = args[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      const parsed = parseJson(value);
      if (parsed !== undefined) args[key] = parsed;
    }
  }
  return args;
}
