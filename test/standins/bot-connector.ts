// A Bot Connector REST API v3 stand-in (the service behind a Teams activity's serviceUrl).
// Records every request, accepts activities, creates 1:1 conversations, answers roster look-ups,
// and enforces Teams' documented rate limits with 429 + Retry-After.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ConnectorMember, ConnectorRoster, teamsChannelAccount } from './connector-roster.ts';
import { type ConnectorOperation, connectorError, routeConnectorRequest } from './connector-routes.ts';
import { FaultInjector, type FaultOptions } from './faults.ts';
import { LoopbackServer, parseJson, sendJson } from './http.ts';
import { type Limiter, SlidingWindowLimiter, type WindowLimit } from './rate-limit.ts';
import { personalConversationId } from './teams-activity.ts';

export type { ConnectorMember };

/** Teams' documented limits: per bot per thread (conversation), and per app per tenant. */
export const TEAMS_CONNECTOR_LIMITS = {
  perConversation: [
    { max: 7, windowMs: 1_000 },
    { max: 8, windowMs: 2_000 },
    { max: 60, windowMs: 30_000 },
    { max: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ max: 50, windowMs: 1_000 }],
} as const satisfies { perConversation: WindowLimit[]; perTenant: WindowLimit[] };

export interface BotConnectorOptions {
  /** Rate limits to enforce; false turns them off. Default TEAMS_CONNECTOR_LIMITS. */
  limits?: false | { perConversation?: readonly WindowLimit[]; perTenant?: readonly WindowLimit[] };
  /** Random 429/5xx injection (seeded). */
  faults?: FaultOptions;
  /** Clock in ms; inject one to test limits without waiting. Default Date.now. */
  now?: () => number;
  /** Checks the Authorization header (e.g. OpenIdIssuer.verifyConnectorToken); failing requests get 401. */
  authorize?: (authorization: string | undefined) => boolean | Promise<boolean>;
}

export interface RecordedConnectorRequest {
  method: string;
  path: string;
  operation?: ConnectorOperation['op'];
  conversationId?: string;
  body: unknown;
  hasAuthorization: boolean;
  authorized?: boolean;
  status: number;
  at: number;
}

export interface AcceptedActivity {
  kind: 'send' | 'reply' | 'update' | 'create';
  conversationId: string;
  id: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface ConnectorViolation {
  scope: 'conversation' | 'tenant';
  key: string;
  limit: string;
  retryAfterSec: number;
  path: string;
  at: number;
}

export interface ScriptedConnectorResponse {
  /** Match on any of these that are given. */
  conversationId?: string;
  memberId?: string;
  operation?: ConnectorOperation['op'];
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests get this answer. Default: all. */
  times?: number;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export class BotConnectorStandin {
  private readonly server = new LoopbackServer((req, res, raw) => this.handle(req, res, raw));
  private readonly now: () => number;
  private readonly faults: FaultInjector;
  private readonly perConversation: Limiter | undefined;
  private readonly perTenant: Limiter | undefined;
  private readonly roster = new ConnectorRoster();
  private scripts: ScriptedConnectorResponse[] = [];
  private readonly recorded: RecordedConnectorRequest[] = [];
  private readonly accepted: AcceptedActivity[] = [];
  private readonly refused: ConnectorViolation[] = [];
  private readonly delivered = new Map<string, number>();
  private sequence = 0;

  constructor(private readonly options: BotConnectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = new FaultInjector(options.faults);
    const limits = options.limits === false ? undefined : (options.limits ?? TEAMS_CONNECTOR_LIMITS);
    this.perConversation = limits?.perConversation?.length ? new SlidingWindowLimiter(limits.perConversation) : undefined;
    this.perTenant = limits?.perTenant?.length ? new SlidingWindowLimiter(limits.perTenant) : undefined;
  }

  start(): Promise<{ url: string }> {
    return this.server.start();
  }
  close(): Promise<void> {
    return this.server.close();
  }
  /** Base URL to use as an activity's serviceUrl. */
  get url(): string {
    return this.server.url;
  }

  /** Seeds the roster. `id` is the Teams user id ("29:..."); look-ups also match aadObjectId. */
  addMember(member: ConnectorMember): void {
    this.roster.addMember(member);
  }
  /** Declares a conversation's tenant and members (1:1s created through the API are known already). */
  addConversation(conversationId: string, info: { tenantId?: string; memberIds?: string[] }): void {
    this.roster.setConversation(conversationId, info.tenantId, info.memberIds ?? []);
  }
  /** Answers matching requests with a fixed response instead of handling them. */
  script(response: ScriptedConnectorResponse): void {
    this.scripts.push({ ...response });
  }
  /** The user blocked or uninstalled the bot: writes answer 403 MessageWritesBlocked. */
  blockWrites(conversationId: string): void {
    this.script({ conversationId, status: 403, body: connectorError('MessageWritesBlocked', 'Thread is blocked') });
  }
  conversationNotFound(conversationId: string): void {
    this.script({ conversationId, status: 404, body: connectorError('ConversationNotFound', 'Conversation not found.') });
  }
  /** The conversation id createConversation returns for this member and tenant. */
  personalConversationId(memberId: string, tenantId: string): string {
    return personalConversationId(memberId, tenantId);
  }

  get requests(): readonly RecordedConnectorRequest[] {
    return this.recorded;
  }
  get activities(): readonly AcceptedActivity[] {
    return this.accepted;
  }
  get violations(): readonly ConnectorViolation[] {
    return this.refused;
  }
  /** Messages accepted per conversation (sends, replies, activities in createConversation; not updates). */
  get deliveredCountByConversation(): ReadonlyMap<string, number> {
    return this.delivered;
  }

  /** Forgets the requests, activities and refusals recorded so far, and nothing else (limits,
   *  members and counts stay): a long benchmark's memory, read turn by turn. */
  forgetRequests(): void {
    this.recorded.length = 0;
    this.accepted.length = 0;
    this.refused.length = 0;
  }

  /** Forgets recorded traffic, limits and scripts, and restarts the fault PRNG; keeps members. */
  reset(): void {
    this.recorded.length = 0;
    this.accepted.length = 0;
    this.refused.length = 0;
    this.delivered.clear();
    this.scripts = [];
    this.perConversation?.reset();
    this.perTenant?.reset();
    this.faults.reset();
    this.sequence = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = parseJson(raw);
    const authorization = req.headers.authorization;
    const at = this.now();
    const route = routeConnectorRequest(method, path);
    const record: RecordedConnectorRequest = {
      method,
      path,
      operation: route?.op,
      conversationId: route && 'conversationId' in route ? route.conversationId : undefined,
      body,
      hasAuthorization: typeof authorization === 'string' && authorization.length > 0,
      status: 0,
      at,
    };
    this.recorded.push(record);
    const answer = await this.answer(route, body, authorization, record, at, path);
    record.status = answer.status;
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  private async answer(
    route: ConnectorOperation | undefined,
    body: unknown,
    authorization: string | undefined,
    record: RecordedConnectorRequest,
    at: number,
    path: string,
  ): Promise<Answer> {
    if (!route) return { status: 404, body: connectorError('NotFound', 'No such Bot Connector operation.') };
    if (this.options.authorize) {
      record.authorized = await this.options.authorize(authorization);
      if (!record.authorized) return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    const conversationId = 'conversationId' in route ? route.conversationId : undefined;
    const tenantId = this.tenantOf(conversationId, body);
    const limited = this.enforceLimits(conversationId, tenantId, at, path);
    if (limited) return limited;
    const scripted = this.scripted(route, body);
    if (scripted) return scripted;
    const fault = this.faults.next();
    if (fault?.kind === '429') {
      return { status: 429, body: connectorError('TooManyRequests', 'Injected throttle.'), headers: { 'retry-after': String(fault.retryAfterSec) } };
    }
    if (fault) return { status: fault.status, body: connectorError('ServiceError', 'Injected failure.') };
    return this.perform(route, body, tenantId, at);
  }

  private enforceLimits(conversationId: string | undefined, tenantId: string, at: number, path: string): Answer | undefined {
    const checks: Array<[ConnectorViolation['scope'], Limiter | undefined, string | undefined]> = [
      ['conversation', this.perConversation, conversationId],
      ['tenant', this.perTenant, tenantId],
    ];
    for (const [scope, limiter, key] of checks) {
      const denial = key === undefined ? undefined : limiter?.check(key, at);
      if (denial && key !== undefined) {
        this.refused.push({ scope, key, limit: denial.limit, retryAfterSec: denial.retryAfterSec, path, at });
        return {
          status: 429,
          body: connectorError('TooManyRequests', `Rate limit ${denial.limit} exceeded for ${scope}.`),
          headers: { 'retry-after': String(denial.retryAfterSec) },
        };
      }
    }
    for (const [, limiter, key] of checks) if (key !== undefined) limiter?.record(key, at);
    return undefined;
  }

  private scripted(route: ConnectorOperation, body: unknown): Answer | undefined {
    const conversationId = 'conversationId' in route ? route.conversationId : undefined;
    const memberIds = route.op === 'getMember' ? [route.memberId] : route.op === 'createConversation' ? memberIdsOf(body) : [];
    const index = this.scripts.findIndex(
      (s) =>
        (s.operation === undefined || s.operation === route.op) &&
        (s.conversationId === undefined || s.conversationId === conversationId) &&
        (s.memberId === undefined || memberIds.includes(s.memberId)),
    );
    const script = this.scripts[index];
    if (!script) return undefined;
    if (script.times !== undefined && --script.times <= 0) this.scripts.splice(index, 1);
    return { status: script.status, body: script.body, headers: script.headers };
  }

  private perform(route: ConnectorOperation, body: unknown, tenantId: string, at: number): Answer {
    switch (route.op) {
      case 'send':
      case 'reply':
      case 'update': {
        if (!isObject(body) || typeof body.type !== 'string') {
          return { status: 400, body: connectorError('BadArgument', 'Activity must have a type.') };
        }
        const id = route.op === 'update' ? route.activityId : this.nextActivityId();
        const replyToId = route.op === 'reply' ? route.activityId : undefined;
        this.accept({ kind: route.op, conversationId: route.conversationId, id, replyToId, activity: body, at });
        return { status: route.op === 'update' ? 200 : 201, body: { id } };
      }
      case 'delete':
        return { status: 200, body: undefined };
      case 'createConversation':
        return this.createConversation(body, at);
      case 'getMember': {
        const member = this.roster.findMember(route.memberId, tenantId);
        if (!member) {
          return { status: 404, body: connectorError('MemberNotFoundInConversation', 'The specified member was not found in the conversation.') };
        }
        return { status: 200, body: teamsChannelAccount(member) };
      }
      case 'getMembers':
        return { status: 200, body: this.roster.membersOf(route.conversationId, tenantId).map(teamsChannelAccount) };
      case 'getPagedMembers':
        return { status: 200, body: { members: this.roster.membersOf(route.conversationId, tenantId).map(teamsChannelAccount) } };
    }
  }

  private createConversation(body: unknown, at: number): Answer {
    const memberIds = memberIdsOf(body);
    const tenantId = isObject(body) ? tenantOfBody(body) : undefined;
    if (!isObject(body) || memberIds.length === 0) {
      return { status: 400, body: connectorError('BadArgument', 'Conversation must have members.') };
    }
    if (!tenantId) return { status: 400, body: connectorError('BadArgument', 'Tenant id is required.') };
    const [memberId] = memberIds as [string];
    const id = this.personalConversationId(memberId, tenantId);
    this.roster.setConversation(id, tenantId, memberIds);
    if (isObject(body.activity)) {
      const activityId = this.nextActivityId();
      this.accept({ kind: 'create', conversationId: id, id: activityId, activity: body.activity, at });
      return { status: 201, body: { id, activityId } };
    }
    return { status: 201, body: { id } };
  }

  private accept(activity: AcceptedActivity): void {
    this.accepted.push(activity);
    if (activity.kind !== 'update') {
      this.delivered.set(activity.conversationId, (this.delivered.get(activity.conversationId) ?? 0) + 1);
    }
  }

  private nextActivityId(): string {
    this.sequence += 1;
    return String(1_700_000_000_000 + this.sequence);
  }

  private tenantOf(conversationId: string | undefined, body: unknown): string {
    const fromBody = isObject(body) ? (tenantOfBody(body) ?? (isObject(body.activity) ? tenantOfBody(body.activity) : undefined)) : undefined;
    return this.roster.tenantOf(conversationId, fromBody) ?? '';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberIdsOf(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.members)) return [];
  return body.members.flatMap((m: unknown) => (isObject(m) && typeof m.id === 'string' ? [m.id] : []));
}

function tenantOfBody(body: Record<string, unknown>): string | undefined {
  if (typeof body.tenantId === 'string') return body.tenantId;
  const conversation = body.conversation;
  if (isObject(conversation) && typeof conversation.tenantId === 'string') return conversation.tenantId;
  const channelData = body.channelData;
  if (isObject(channelData) && isObject(channelData.tenant) && typeof channelData.tenant.id === 'string') return channelData.tenant.id;
  return undefined;
}
