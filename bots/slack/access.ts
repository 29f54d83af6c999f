// Who may reach the router from Slack: signed requests within five minutes of now (either way:
// Bolt alone accepts any timestamp in the future), and only from the district's workspace(s).
// A foreign workspace gets one polite sentence and nothing else: no dedupe row, no account, no
// person linked, no users.info look-up.

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type Router as ExpressRouter, Router as expressRouter, type RequestHandler } from 'express';
import type { Logger } from '../../core/log.ts';
import { reportError } from '../../core/log.ts';

export const FOREIGN_WORKSPACE_TEXT =
  "Sorry, DMPS Connect serves only Des Moines Public Schools' own Slack workspace. Please use it from your district account.";

/** Slack's replay window, both ways. */
const WINDOW_S = 5 * 60;

/** Refuses, before Bolt reads the body, a request whose timestamp is outside the window. */
export function timestampWindow(log: Logger, path: string, now: () => number = Date.now): ExpressRouter {
  const gate: RequestHandler = (req, res, next) => {
    const raw = req.headers['x-slack-request-timestamp'];
    // No timestamp at all: Bolt refuses it with the missing signature headers.
    if (raw === undefined) return next();
    const ts = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isFinite(ts) && Math.abs(Math.floor(now() / 1000) - ts) <= WINDOW_S) return next();
    log.warn({ status: 401, reason: 'timestamp outside the five-minute window' }, 'slack request refused');
    res.status(401).type('text/plain').send('Unauthorized: the request timestamp is outside the five-minute window.');
  };
  const router = expressRouter();
  router.post(path, gate);
  return router;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Every workspace id a payload names: the request's and the acting user's (events, slash
 *  commands, block_actions, view_submission; Slack Connect puts a guest's own team in the event). */
export function teamIdsOf(body: unknown): string[] {
  const b = obj(body) ?? {};
  const event = obj(b.event);
  const ids = [b.team_id, obj(b.team)?.id, obj(b.user)?.team_id, b.user_team, obj(b.view)?.team_id, event?.team, event?.user_team, event?.source_team].map(str);
  return [...new Set(ids.filter((t): t is string => t !== undefined))];
}

export function fromAllowedWorkspace(body: unknown, allowed: ReadonlySet<string>): boolean {
  const ids = teamIdsOf(body);
  return ids.length > 0 && ids.every((t) => allowed.has(t));
}

type Ack = (response?: unknown) => Promise<void>;

/** Bolt global middleware: lets the district's workspaces through, answers the rest politely. */
export function workspaceGate(allowed: ReadonlySet<string>, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { body, next } = args;
    if (fromAllowedWorkspace(body, allowed)) return next();
    const b = obj(body) ?? {};
    const kind = str(b.type) ?? (str(b.command) ? 'slash_command' : 'unknown');
    log.info({ reason: 'foreign workspace', teamIds: teamIdsOf(body), kind }, 'slack request refused');
    const ack = (args as { ack?: Ack }).ack;
    const client = (args as { client?: WebClient }).client;
    try {
      if (kind === 'slash_command') return await ack?.({ response_type: 'ephemeral', text: FOREIGN_WORKSPACE_TEXT });
      if (kind === 'view_submission')
        return await ack?.({
          response_action: 'update',
          view: {
            type: 'modal',
            title: { type: 'plain_text', text: 'DMPS Connect' },
            blocks: [{ type: 'section', text: { type: 'plain_text', text: FOREIGN_WORKSPACE_TEXT } }],
          },
        });
      await ack?.();
      const event = obj(b.event);
      const channel = str(event?.channel) ?? str(obj(b.channel)?.id) ?? str(obj(b.container)?.channel_id);
      const user = kind === 'event_callback' ? str(event?.user) : str(obj(b.user)?.id);
      // Answer only what was addressed to the bot (a DM, a mention, a click), never channel chatter.
      const addressed = event?.type === 'app_mention' || (event?.type === 'message' && event.channel_type === 'im');
      const fromPerson = kind === 'block_actions' || (kind === 'event_callback' && !event?.bot_id && !event?.subtype && addressed);
      if (fromPerson && channel && user && client) await client.chat.postEphemeral({ channel, user, text: FOREIGN_WORKSPACE_TEXT });
    } catch (e) {
      reportError(log, e, { stage: 'foreign workspace refusal' });
    }
  };
}
