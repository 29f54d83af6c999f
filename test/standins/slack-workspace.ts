// The state behind the Slack Web API stand-in and the methods it answers, each returning the
// documented success body or { ok: false, error }. Transport, auth and limits live in slack-api.ts.
import { createHash } from 'node:crypto';

export type SlackArgs = Record<string, unknown>;
export type SlackResult = ({ ok: true } & Record<string, unknown>) | { ok: false; error: string };

export interface SlackUser {
  id: string;
  teamId: string;
  name: string;
  email?: string;
  realName?: string;
  deleted?: boolean;
  isBot?: boolean;
  tz?: string;
}

export interface SlackIdentity {
  team: { id: string; name: string; domain: string };
  bot: { userId: string; botId: string; name: string; appId: string };
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  /** How many chat.update calls changed it. */
  updates: number;
  at: number;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  messageTs: string;
  text?: string;
  blocks?: unknown[];
  at: number;
}

export interface OpenedView {
  id: string;
  triggerId?: string;
  view: Record<string, unknown>;
  hash: string;
  updates: number;
}

export interface PublishedHome {
  view: Record<string, unknown>;
  /** How many views.publish calls set it. */
  publishes: number;
}

export class SlackWorkspace {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Set<string>();
  readonly dms = new Map<string, string>();
  readonly messages: PostedMessage[] = [];
  readonly ephemerals: EphemeralMessage[] = [];
  readonly views = new Map<string, OpenedView>();
  /** Each user's App Home as views.publish last set it. */
  readonly homes = new Map<string, PublishedHome>();
  private lastMicros = 0;
  private viewSeq = 0;

  constructor(
    readonly identity: SlackIdentity,
    private readonly now: () => number,
  ) {}

  /** Forgets messages, ephemerals, views and opened DMs; keeps users and channels. */
  clearTraffic(): void {
    this.messages.length = 0;
    this.ephemerals.length = 0;
    this.views.clear();
    this.homes.clear();
    this.dms.clear();
    this.viewSeq = 0;
  }

  /** The D… id conversations.open returns for this user (stable per user). */
  dmIdFor(userId: string): string {
    return `D${createHash('sha256').update(userId).digest('hex').slice(0, 10).toUpperCase()}`;
  }

  call(method: string, args: SlackArgs): SlackResult {
    switch (method) {
      case 'auth.test':
        return this.authTest();
      case 'users.info':
        return this.usersInfo(args);
      case 'users.lookupByEmail':
        return this.lookupByEmail(args);
      case 'users.list':
        return this.usersList(args);
      case 'conversations.open':
        return this.conversationsOpen(args);
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'views.open':
      case 'views.push':
        return this.viewsOpen(args);
      case 'views.update':
        return this.viewsUpdate(args);
      case 'views.publish':
        return this.viewsPublish(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private authTest(): SlackResult {
    const { team, bot } = this.identity;
    return {
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: bot.name,
      team_id: team.id,
      user_id: bot.userId,
      bot_id: bot.botId,
      is_enterprise_install: false,
    };
  }

  /** users.list, paged as Slack pages it: `limit` members (default 100), the next page's cursor in response_metadata. */
  private usersList(args: SlackArgs): SlackResult {
    const all = [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), 'base64url').toString().replace('offset:', '')) : 0;
    if (!Number.isInteger(start) || start < 0) return { ok: false, error: 'invalid_cursor' };
    const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(`offset:${start + limit}`).toString('base64url') : '';
    return { ok: true, members: page.map(userObject), response_metadata: { next_cursor: next } };
  }

  private usersInfo(args: SlackArgs): SlackResult {
    const user = this.users.get(String(args.user ?? ''));
    return user ? { ok: true, user: userObject(user) } : { ok: false, error: 'user_not_found' };
  }

  private lookupByEmail(args: SlackArgs): SlackResult {
    const email = String(args.email ?? '').toLowerCase();
    const user = [...this.users.values()].find((u) => u.email?.toLowerCase() === email);
    return user ? { ok: true, user: userObject(user) } : { ok: false, error: 'users_not_found' };
  }

  private conversationsOpen(args: SlackArgs): SlackResult {
    if (typeof args.channel === 'string') {
      return this.isKnownChannel(args.channel) ? { ok: true, channel: { id: args.channel } } : { ok: false, error: 'channel_not_found' };
    }
    const ids = String(args.users ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    if (ids.length > 1) return { ok: false, error: 'method_not_supported_for_channel_type' };
    const user = this.users.get(ids[0] ?? '');
    if (!user) return { ok: false, error: 'user_not_found' };
    if (user.deleted) return { ok: false, error: 'user_disabled' };
    const id = this.dmIdFor(user.id);
    const alreadyOpen = this.dms.has(id);
    this.dms.set(id, user.id);
    const channel =
      args.return_im === true || args.return_im === 'true'
        ? { id, created: Math.floor(this.now() / 1000), is_im: true, is_org_shared: false, user: user.id, is_user_deleted: false, priority: 0 }
        : { id };
    return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  }

  private postMessage(args: SlackArgs): SlackResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const content = contentOf(args);
    if (!content.text && !content.blocks?.length && !content.attachments?.length) return { ok: false, error: 'no_text' };
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const ts = this.nextTs();
    this.messages.push({ channel, ts, ...content, threadTs, updates: 0, at: this.now() });
    return { ok: true, channel, ts, message: this.messageObject(ts, content, threadTs) };
  }

  private update(args: SlackArgs): SlackResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const message = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    const content = contentOf(args);
    if (!content.text && !content.blocks?.length && !content.attachments?.length) return { ok: false, error: 'no_text' };
    Object.assign(message, content, { updates: message.updates + 1 });
    return { ok: true, channel, ts: message.ts, text: content.text ?? '', message: this.messageObject(message.ts, content, message.threadTs) };
  }

  private postEphemeral(args: SlackArgs): SlackResult {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const user = this.users.get(String(args.user ?? ''));
    if (!user) return { ok: false, error: 'user_not_found' };
    const content = contentOf(args);
    if (!content.text && !content.blocks?.length && !content.attachments?.length) return { ok: false, error: 'no_text' };
    const messageTs = this.nextTs();
    this.ephemerals.push({ channel, user: user.id, messageTs, text: content.text, blocks: content.blocks, at: this.now() });
    return { ok: true, message_ts: messageTs };
  }

  private viewsOpen(args: SlackArgs): SlackResult {
    if (typeof args.trigger_id !== 'string' || !args.trigger_id) return { ok: false, error: 'invalid_arguments' };
    if (!isObject(args.view)) return { ok: false, error: 'invalid_arguments' };
    this.viewSeq += 1;
    const id = `V${String(this.viewSeq).padStart(10, '0')}`;
    const opened: OpenedView = { id, triggerId: args.trigger_id, view: args.view, hash: this.hash(id, 0), updates: 0 };
    this.views.set(id, opened);
    return { ok: true, view: this.viewObject(opened) };
  }

  /** Slack's limits for a home view: type "home", at most 100 blocks, a known user. */
  private viewsPublish(args: SlackArgs): SlackResult {
    if (typeof args.user_id !== 'string' || !isObject(args.view) || args.view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
    if (!this.users.has(args.user_id)) return { ok: false, error: 'user_not_found' };
    const blocks = args.view.blocks;
    if (!Array.isArray(blocks) || blocks.length > 100) return { ok: false, error: 'invalid_arguments' };
    const before = this.homes.get(args.user_id);
    this.homes.set(args.user_id, { view: args.view, publishes: (before?.publishes ?? 0) + 1 });
    return { ok: true, view: { id: `VH${args.user_id}`, ...args.view } };
  }

  private viewsUpdate(args: SlackArgs): SlackResult {
    if (!isObject(args.view)) return { ok: false, error: 'invalid_arguments' };
    const opened =
      typeof args.view_id === 'string'
        ? this.views.get(args.view_id)
        : [...this.views.values()].find((v) => v.view.external_id !== undefined && v.view.external_id === args.external_id);
    if (!opened) return { ok: false, error: 'not_found' };
    if (typeof args.hash === 'string' && args.hash !== opened.hash) return { ok: false, error: 'hash_conflict' };
    opened.updates += 1;
    opened.view = args.view;
    opened.hash = this.hash(opened.id, opened.updates);
    return { ok: true, view: this.viewObject(opened) };
  }

  private resolveChannel(value: unknown): string | undefined {
    if (typeof value !== 'string' || !value) return undefined;
    if (this.isKnownChannel(value)) return value;
    const user = this.users.get(value);
    if (user && !user.deleted) {
      const dm = this.dmIdFor(user.id);
      this.dms.set(dm, user.id);
      return dm;
    }
    return undefined;
  }

  private isKnownChannel(id: string): boolean {
    return this.channels.has(id) || this.dms.has(id);
  }

  private nextTs(): string {
    this.lastMicros = Math.max(this.now() * 1000, this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  private hash(id: string, version: number): string {
    return `${Math.floor(this.now() / 1000)}.${createHash('sha1').update(`${id}:${version}`).digest('hex').slice(0, 8)}`;
  }

  private messageObject(ts: string, content: ReturnType<typeof contentOf>, threadTs?: string): Record<string, unknown> {
    const { bot, team } = this.identity;
    return { type: 'message', user: bot.userId, bot_id: bot.botId, app_id: bot.appId, team: team.id, ts, thread_ts: threadTs, ...content };
  }

  private viewObject(opened: OpenedView): Record<string, unknown> {
    const { bot, team } = this.identity;
    return {
      id: opened.id,
      team_id: team.id,
      type: 'modal',
      private_metadata: '',
      callback_id: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...opened.view,
      state: { values: {} },
      hash: opened.hash,
      root_view_id: opened.id,
      previous_view_id: null,
      app_id: bot.appId,
      app_installed_team_id: team.id,
      bot_id: bot.botId,
    };
  }
}

function userObject(u: SlackUser): Record<string, unknown> {
  const realName = u.realName ?? u.name;
  return {
    id: u.id,
    team_id: u.teamId,
    name: u.name,
    deleted: u.deleted ?? false,
    real_name: realName,
    tz: u.tz ?? 'America/Chicago',
    is_bot: u.isBot ?? false,
    is_app_user: false,
    profile: { real_name: realName, display_name: u.name, email: u.email, team: u.teamId },
  };
}

function contentOf(args: SlackArgs): { text?: string; blocks?: unknown[]; attachments?: unknown[] } {
  return {
    text: typeof args.text === 'string' && args.text ? args.text : undefined,
    blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
    attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
