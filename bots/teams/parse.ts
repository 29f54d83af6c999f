// Turns a Bot Framework activity from Teams into a platform-neutral event, once, at the edge.
// Anything the product does not handle becomes { kind: 'unsupported' } with a reason.

import { type Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { DATA_CARD, DATA_VERB, RESERVED_DATA_KEYS } from '../../cards/ids.ts';
import type { SubmittedValues } from '../../cards/types.ts';
import type { Actor, Conversation, InboundEvent } from '../../kernel/events.ts';

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });
const activityShape = z.object({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  serviceUrl: z.string().url(),
  channelId: z.string(),
  from: account,
  recipient: account,
  conversation: z.object({ id: z.string().min(1), conversationType: z.string().optional(), tenantId: z.string().optional(), isGroup: z.boolean().optional() }),
  channelData: z
    .object({ tenant: z.object({ id: z.string() }).optional() })
    .passthrough()
    .optional(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  action: z.string().optional(),
  replyToId: z.string().optional(),
});
type ParsedActivity = z.infer<typeof activityShape>;

const executeValue = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }),
});
const submitData = z.record(z.string(), z.unknown());

export type TeamsEvent = InboundEvent | { kind: 'unsupported'; reason: string };

export function tenantOf(a: Pick<ParsedActivity, 'conversation' | 'channelData'>): string {
  return a.channelData?.tenant?.id ?? a.conversation.tenantId ?? 'unknown-tenant';
}

function actorOf(a: ParsedActivity, who = a.from): Actor {
  return {
    platform: 'teams',
    workspaceId: tenantOf(a),
    userId: who.aadObjectId ?? who.id,
    channelUserId: who.id,
    displayName: who.name,
  };
}

function conversationOf(activity: Partial<Activity>, a: ParsedActivity): Conversation {
  const type = a.conversation.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' || a.conversation.isGroup ? 'group' : 'personal';
  return { id: a.conversation.id, kind, ref: { ...TurnContext.getConversationReference(activity) } };
}

/** Splits an action's data into the routing keys and the inputs' values (Teams' own shape). */
export function splitSubmitData(data: Record<string, unknown>): { verb?: string; cardInstanceId?: string; values: SubmittedValues } {
  const values: SubmittedValues = {};
  for (const [k, v] of Object.entries(data)) {
    if (RESERVED_DATA_KEYS.includes(k)) continue;
    if (typeof v === 'string') values[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') values[k] = String(v);
  }
  const verb = typeof data[DATA_VERB] === 'string' ? (data[DATA_VERB] as string) : undefined;
  const cardInstanceId = typeof data[DATA_CARD] === 'string' ? (data[DATA_CARD] as string) : undefined;
  return { verb, cardInstanceId, values };
}

export function parseActivity(activity: Partial<Activity>, now: Date): TeamsEvent {
  const parsed = activityShape.safeParse(activity);
  if (!parsed.success) return { kind: 'unsupported', reason: 'activity missing required fields' };
  const a = parsed.data;
  if (a.channelId !== 'msteams' && a.channelId !== 'emulator' && a.channelId !== 'webchat') return { kind: 'unsupported', reason: `channel ${a.channelId}` };
  const base = { actor: actorOf(a), conversation: conversationOf(activity, a), receivedAt: now };

  if (a.type === 'invoke' && a.name === ADAPTIVE_CARD_ACTION) {
    const v = executeValue.safeParse(a.value);
    if (!v.success) return { kind: 'unsupported', reason: 'malformed adaptiveCard/action' };
    const { verb, cardInstanceId, values } = splitSubmitData(v.data.action.data ?? {});
    return submit(base, v.data.action.verb ?? verb, cardInstanceId, values, a);
  }
  if (a.type === 'message' && a.value !== undefined && !a.text?.trim()) {
    const d = submitData.safeParse(a.value);
    if (!d.success) return { kind: 'unsupported', reason: 'malformed Action.Submit data' };
    const { verb, cardInstanceId, values } = splitSubmitData(d.data);
    return submit(base, verb, cardInstanceId, values, a);
  }
  if (a.type === 'message') {
    const text = TurnContext.removeRecipientMention(activity as Activity) ?? a.text ?? '';
    return { ...base, kind: 'message', dedupeKey: `teams:msg:${a.conversation.id}:${a.id ?? ''}`, text: text.trim() };
  }
  const install = installAction(a);
  if (install) {
    // One key for every event of this conversation's install (Teams sends an installationUpdate
    // and a conversationUpdate, in either order): the router answers the install once.
    return { ...base, kind: 'install', action: install, dedupeKey: `teams:install:${tenantOf(a)}:${a.conversation.id}`, members: [] };
  }
  return { kind: 'unsupported', reason: `activity ${a.type}${a.name ? `/${a.name}` : ''}` };
}

/** Whether the activity installs the app here or removes it. An upgrade ("add-upgrade",
 *  "remove-upgrade") is neither: the person already has the app. */
function installAction(a: ParsedActivity): 'add' | 'remove' | undefined {
  const bot = (members: { id: string }[] | undefined) => (members ?? []).some((m) => m.id === a.recipient.id);
  if (a.type === 'installationUpdate') return a.action === 'add' || a.action === undefined ? 'add' : a.action === 'remove' ? 'remove' : undefined;
  if (a.type === 'conversationUpdate') return bot(a.membersAdded) ? 'add' : bot(a.membersRemoved) ? 'remove' : undefined;
  return undefined;
}

function submit(
  base: Omit<Extract<InboundEvent, { kind: 'submit' }>, 'kind' | 'dedupeKey' | 'verb' | 'cardInstanceId' | 'values'>,
  verb: string | undefined,
  cardInstanceId: string | undefined,
  values: SubmittedValues,
  a: ParsedActivity,
): InboundEvent {
  const routed = verb !== undefined && verb !== '' && cardInstanceId !== undefined && cardInstanceId !== '';
  return {
    ...base,
    kind: 'submit',
    verb: routed ? verb : '',
    cardInstanceId: routed ? cardInstanceId : '',
    values,
    // A card instance is answered once per person and verb, however often Teams re-sends it; a
    // submit without them (not from our cards) is keyed by its own activity.
    dedupeKey: routed ? `submit:teams:${base.actor.userId}:${cardInstanceId}:${verb}` : `teams:submit:${a.conversation.id}:${a.id ?? ''}`,
    messageRef: a.replyToId ? { activityId: a.replyToId } : undefined,
  };
}
