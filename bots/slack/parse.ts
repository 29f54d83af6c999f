// Slack payloads (events, slash commands, interactivity) → platform-neutral events, parsed once
// with zod at the edge. Anything else is { kind: 'unsupported' } and changes nothing.
import { z } from 'zod';
import type { Actor, Conversation, InboundEvent } from '../../kernel/events.ts';
import { parseButtonValue, valuesFromState } from './blockkit/index.ts';

export type SlackEvent = InboundEvent | { kind: 'unsupported'; reason: string };

const FORM_CALLBACK_ID = 'dmps:form';

export { FORM_CALLBACK_ID };

const actor = (teamId: string, userId: string): Actor => ({ platform: 'slack', workspaceId: teamId, userId });
const conversationFor = (channel: string, channelType?: string, threadTs?: string): Conversation => ({
  id: channel,
  kind: channelType === 'im' || channel.startsWith('D') ? 'personal' : channelType === 'mpim' ? 'group' : 'channel',
  ref: { channel, ...(threadTs ? { threadTs } : {}) },
});

/** Removes the leading `<@U123>` mention of an app_mention. */
const stripMention = (text: string) => text.replace(/^\s*<@[A-Z0-9]+(\|[^>]*)?>\s*/i, '');

const messageEnvelope = z.object({
  event_id: z.string().min(1),
  team_id: z.string().min(1),
  event: z.object({
    type: z.enum(['message', 'app_mention']),
    user: z.string().min(1),
    text: z.string().default(''),
    channel: z.string().min(1),
    channel_type: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
  }),
});

export function parseEventEnvelope(body: unknown, now: Date): SlackEvent {
  const p = messageEnvelope.safeParse(body);
  if (!p.success) return { kind: 'unsupported', reason: 'event not handled' };
  const { event, team_id, event_id } = p.data;
  if (event.subtype || event.bot_id) return { kind: 'unsupported', reason: 'bot or edited message' };
  if (event.type === 'message' && event.channel_type !== 'im') return { kind: 'unsupported', reason: 'channel message without mention' };
  const text = event.type === 'app_mention' ? stripMention(event.text) : event.text;
  return {
    kind: 'message',
    dedupeKey: `slack:event:${event_id}`,
    actor: actor(team_id, event.user),
    conversation: conversationFor(event.channel, event.channel_type, event.type === 'app_mention' ? (event.thread_ts ?? event.ts) : undefined),
    receivedAt: now,
    text: text.trim(),
  };
}

const slashCommand = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string().min(1),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
});

export function parseSlashCommand(body: unknown, now: Date): SlackEvent {
  const p = slashCommand.safeParse(body);
  if (!p.success) return { kind: 'unsupported', reason: 'malformed slash command' };
  const c = p.data;
  return {
    kind: 'message',
    dedupeKey: `slack:command:${c.trigger_id}`,
    actor: actor(c.team_id, c.user_id),
    conversation: conversationFor(c.channel_id),
    receivedAt: now,
    text: c.text.trim(),
  };
}

/** An action's own data, as Teams merges it into the submitted values: strings only. */
function stringValues(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

const stateValues = z.record(z.string(), z.record(z.string(), z.unknown()));
const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).passthrough().optional(),
  message: z
    .object({ ts: z.string(), blocks: z.array(z.unknown()).default([]) })
    .passthrough()
    .optional(),
  state: z.object({ values: stateValues }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), type: z.string() })).min(1),
});

export function parseBlockAction(body: unknown, now: Date): SlackEvent & { triggerId?: string } {
  const p = blockActions.safeParse(body);
  if (!p.success) return { kind: 'unsupported', reason: 'malformed block action' };
  const b = p.data;
  const action = b.actions[0];
  const button = action?.value ? parseButtonValue(action.value) : undefined;
  if (!button) return { kind: 'unsupported', reason: 'not a DMPS Connect button' };
  const teamId = b.team?.id ?? b.user.team_id ?? 'unknown-team';
  const channel = b.channel?.id ?? b.container?.channel_id ?? '';
  // A button that needs no inputs carries only its own data, whatever the message's inputs hold.
  const inputs = button.noInputs ? {} : valuesFromState(b.state?.values ?? {}, b.message?.blocks ?? []);
  const values = { ...stringValues(button.data), ...inputs };
  return {
    kind: 'submit',
    dedupeKey: `submit:slack:${b.user.id}:${button.cardInstanceId}:${button.verb}`,
    actor: actor(teamId, b.user.id),
    conversation: conversationFor(channel),
    receivedAt: now,
    verb: button.verb,
    cardInstanceId: button.cardInstanceId,
    values,
    messageRef: b.message ? { channel, ts: b.message.ts } : undefined,
  };
}

/** What a modal carries in private_metadata to route its submission back. */
/** c: card instance, v: verb, ch/ts: the message to update, or where to answer when it came
 *  from a slash command (u: the person, for an answer only they see in a shared channel). */
export const formMetadata = z.object({
  c: z.string().min(1),
  v: z.string().min(1),
  ch: z.string().optional(),
  ts: z.string().optional(),
  u: z.string().optional(),
  /** The submit action's own data (e.g. the run a survey card answers), as Teams merges it. */
  d: z.record(z.string(), z.unknown()).optional(),
});
export type FormMetadata = z.infer<typeof formMetadata>;

const viewSubmission = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    blocks: z.array(z.unknown()).default([]),
    state: z.object({ values: stateValues }),
  }),
});

export function parseViewSubmission(body: unknown, now: Date): SlackEvent {
  const p = viewSubmission.safeParse(body);
  if (!p.success || p.data.view.callback_id !== FORM_CALLBACK_ID) return { kind: 'unsupported', reason: 'malformed form submission' };
  let meta: FormMetadata;
  try {
    const m = formMetadata.safeParse(JSON.parse(p.data.view.private_metadata));
    if (!m.success) return { kind: 'unsupported', reason: 'form metadata missing' };
    meta = m.data;
  } catch {
    return { kind: 'unsupported', reason: 'form metadata not JSON' };
  }
  const v = p.data;
  const teamId = v.team?.id ?? v.user.team_id ?? 'unknown-team';
  return {
    kind: 'submit',
    dedupeKey: `submit:slack:${v.user.id}:${meta.c}:${meta.v}`,
    actor: actor(teamId, v.user.id),
    conversation: conversationFor(meta.ch ?? ''),
    receivedAt: now,
    verb: meta.v,
    cardInstanceId: meta.c,
    values: { ...stringValues(meta.d), ...valuesFromState(v.view.state.values, v.view.blocks) },
    messageRef: meta.ch ? { channel: meta.ch, ...(meta.ts ? { ts: meta.ts } : {}), ...(meta.u ? { ephemeralTo: meta.u } : {}) } : undefined,
  };
}
