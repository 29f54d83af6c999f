// One way to talk to the bot per platform, so the same behaviour suite runs through Teams and
// through Slack. A driver speaks the platform's real HTTP protocol to the running service and
// reads what the bot sent back from the platform stand-in.

import {
  blockActionsPayload,
  eventCallback,
  imMessageEvent,
  interactivityBody,
  type StateValues,
  signedSlackRequest,
  slashCommandBody,
  viewSubmissionPayload,
} from '../standins/slack-request.ts';
import { adaptiveCardAction, cardSubmit, personalMessage, postActivity } from '../standins/teams-activity.ts';
import { APP_ID, type Harness, SLACK_SECRET, SLACK_TEAM, TENANT_ID, type TestPerson } from '../support/harness.ts';

/** Something the bot showed a person: all its visible text, and a way to answer it if it is a form. */
export interface Seen {
  text: string;
  form?: unknown;
}

export interface ChatDriver {
  platform: 'teams' | 'slack';
  say(p: TestPerson, text: string): Promise<void>;
  /** Everything shown to the person so far, oldest first (an updated card shows its latest state). */
  seen(p: TestPerson): Seen[];
  /** Answers a form with values and clicks its first submit action (or the one with `verb`), as
   *  the platform's client would: Teams refuses to send an action whose required inputs are
   *  empty (unless it says `associatedInputs: "none"`, then it sends only its data), Slack's
   *  modal refuses a submission with a required input empty. Returns the card the bot replaced
   *  it with, if any. */
  submit(p: TestPerson, form: unknown, values: Record<string, string>, opts?: { verb?: string; title?: string }): Promise<Seen | undefined>;
  /** Delivers the last submit again, as the platform does on a retry. */
  redeliverLastSubmit(): Promise<void>;
}

/** How a platform shows a text field: Teams reads a TextBlock's text and a fact as CommonMark
 *  (a backslash escape shows as its character), Slack mrkdwn writes &, < and > as entities. */
const shown = {
  teams: (node: Record<string, unknown>, key: string, text: string) =>
    node.type === 'TextBlock' || key === 'fact' ? text.replace(/\\([!-/:-@[-`{-~])/g, '$1') : text,
  slack: (node: Record<string, unknown>, _key: string, text: string) =>
    node.type === 'mrkdwn' ? text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : text,
  raw: (_node: Record<string, unknown>, _key: string, text: string) => text,
};

/** Every human-readable string in a card or Block Kit payload, as the platform shows it. */
export function visibleText(node: unknown, platform: keyof typeof shown = 'raw'): string {
  if (typeof node === 'string') return node; // a plain text message
  const out: string[] = [];
  const show = shown[platform];
  const walk = (n: unknown, inFacts = false) => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x, inFacts);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) {
      // Routing data is not text anyone sees (a Slack button's value is its routing data too).
      if (k === 'data' || k === 'fallback' || k === 'private_metadata' || (k === 'value' && o.type === 'button')) continue;
      if (typeof v === 'string') {
        if (['text', 'title', 'label', 'placeholder', 'value', 'alt_text', 'altText', 'errorMessage'].includes(k)) out.push(show(o, inFacts ? 'fact' : k, v));
      } else walk(v, k === 'facts');
    }
  };
  walk(node);
  return out.join('\n');
}

// ---------- Teams ----------

type TeamsAction = { type: string; verb?: string; title?: string; data?: Record<string, unknown>; associatedInputs?: string };
type TeamsCard = { type: string; actions?: TeamsAction[] } & Record<string, unknown>;

/** Every Action.Execute of a card, card actions first, then the body's in reading order. */
function executes(card: TeamsCard): TeamsAction[] {
  const out: TeamsAction[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(o as TeamsAction);
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'data') walk(v);
  };
  walk(card.actions);
  walk(card.body);
  return out;
}

/** The ids of a card's required inputs that neither the values nor the card's defaults fill. */
export function unansweredRequired(card: TeamsCard, values: Record<string, string>): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && o.isRequired === true && typeof o.id === 'string') {
      const v = values[o.id] ?? (typeof o.value === 'string' ? o.value : '');
      if (!v) out.push(o.id);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'data' && k !== 'actions') walk(v);
  };
  walk(card.body);
  return out;
}

export function teamsDriver(h: Harness, opts: { token?: () => Promise<string> } = {}): ChatDriver {
  const base = (p: TestPerson) => ({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams });
  const invokeCards = new Map<string, Seen[]>();
  let last: (() => Promise<unknown>) | undefined;
  const auth = async () => (opts.token ? `Bearer ${await opts.token()}` : undefined);

  const post = async (activity: Parameters<typeof postActivity>[1]) => {
    const r = await postActivity(h.service.endpoints.teams, activity, await auth());
    if (r.status >= 400) throw new Error(`Teams endpoint answered ${r.status}`);
    return r;
  };

  return {
    platform: 'teams',
    async say(p, text) {
      await post(personalMessage({ ...base(p), text }));
    },
    seen(p) {
      const conv = personalConversationOf(h, p);
      const sent = h.connector.activities
        .filter((a) => a.conversationId === conv && a.kind !== 'update')
        .map((a) => {
          const updated = [...h.connector.activities].reverse().find((u) => u.kind === 'update' && u.id === a.id);
          const card = attachmentCard((updated ?? a).activity);
          return card ? { text: visibleText(card, 'teams'), form: { card, activityId: a.id } } : { text: String(a.activity.text ?? '') };
        });
      return [...sent, ...(invokeCards.get(p.teams.id) ?? [])];
    },
    async submit(p, form, values, opts = {}) {
      const { card, activityId } = form as { card: TeamsCard; activityId: string };
      const action = executes(card).find((a) => (!opts.verb || a.verb === opts.verb) && (!opts.title || a.title === opts.title));
      if (!action?.verb) throw new Error(`the card has no Action.Execute${opts.verb ? ` for ${opts.verb}` : ''}`);
      const noInputs = action.associatedInputs?.toLowerCase() === 'none';
      const missing = noInputs ? [] : unansweredRequired(card, values);
      if (missing.length) throw new Error(`Teams does not send this: required inputs unanswered (${missing.join(', ')})`);
      const activity = adaptiveCardAction({ ...base(p), verb: action.verb, data: { ...action.data, ...(noInputs ? {} : values) }, replyToId: activityId });
      const send = async () => post(activity);
      last = send;
      const r = await send();
      const body = (r.body ?? {}) as { value?: unknown; type?: string };
      if (body.type === 'application/vnd.microsoft.card.adaptive' && body.value) {
        const seen = { text: visibleText(body.value, 'teams'), form: { card: body.value, activityId } };
        invokeCards.set(p.teams.id, [...(invokeCards.get(p.teams.id) ?? []), seen]);
        return seen;
      }
      return undefined;
    },
    async redeliverLastSubmit() {
      if (!last) throw new Error('nothing submitted yet');
      await last();
    },
  };
}

/** Teams' Action.Submit fallback (older clients): the data comes back as a message value. */
export async function teamsFallbackSubmit(h: Harness, p: TestPerson, card: TeamsCard, activityId: string, values: Record<string, string>) {
  const action = card.actions?.find((a) => a.type === 'Action.Execute') as { fallback?: { data?: Record<string, unknown> } } | undefined;
  const data = { ...(action?.fallback?.data ?? {}), ...values };
  return postActivity(
    h.service.endpoints.teams,
    cardSubmit({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, data, replyToId: activityId }),
  );
}

function attachmentCard(activity: Record<string, unknown>): TeamsCard | undefined {
  const atts = activity.attachments as { contentType?: string; content?: TeamsCard }[] | undefined;
  return atts?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export function personalConversationOf(h: Harness, p: TestPerson): string {
  return personalMessage({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams, text: '' }).conversation.id;
}

// ---------- Slack ----------

type Block = { type: string; block_id?: string; element?: Record<string, unknown>; elements?: Record<string, unknown>[] };

/** Builds Slack's state.values for input blocks from Teams-shaped values (what a person would pick). */
export function stateFor(blocks: Block[], values: Record<string, string>): StateValues {
  const state: StateValues = {};
  for (const b of blocks) {
    if (b.type !== 'input' || !b.block_id || !b.element) continue;
    const el = b.element as { type: string; action_id: string; options?: { value: string; text: unknown }[] };
    const v = values[b.block_id];
    const option = (val: string) => el.options?.find((o) => o.value === val) ?? { value: val, text: { type: 'plain_text', text: val } };
    let entry: Record<string, unknown>;
    switch (el.type) {
      case 'static_select':
      case 'radio_buttons':
        entry = { type: el.type, selected_option: v === undefined ? null : option(v) };
        break;
      case 'multi_static_select':
      case 'checkboxes':
        entry = { type: el.type, selected_options: v ? v.split(',').map(option) : [] };
        break;
      case 'datepicker':
        entry = { type: el.type, selected_date: v ?? null };
        break;
      case 'timepicker':
        entry = { type: el.type, selected_time: v ?? null };
        break;
      default:
        entry = { type: el.type, value: v ?? null };
    }
    state[b.block_id] = { [el.action_id]: entry };
  }
  return state;
}

function firstSubmitButton(blocks: Block[], opts: { verb?: string; title?: string }): { action_id: string; value: string } | undefined {
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    for (const el of b.elements ?? []) {
      const e = el as { type: string; action_id?: string; value?: string; url?: string; text?: { text?: string } };
      if (opts.verb && !(e.value ?? '').includes(`"v":${JSON.stringify(opts.verb)}`)) continue;
      if (opts.title && e.text?.text !== opts.title) continue;
      if (e.type === 'button' && e.action_id?.startsWith('dmps:') && e.value && !e.url) return { action_id: e.action_id, value: e.value };
    }
  }
  return undefined;
}

export function slackDriver(h: Harness): ChatDriver {
  let last: (() => Promise<unknown>) | undefined;
  const dm = (p: TestPerson) => h.slackApi.dmIdFor(p.slackId);
  const send = async (body: string) => {
    const r = await signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET });
    if (r.status >= 400) throw new Error(`Slack endpoint answered ${r.status}`);
    return r;
  };
  // Bolt answers after the handler ran (processBeforeResponse), so the reply is already there.
  const quiet = async () => undefined;

  return {
    platform: 'slack',
    async say(p, text) {
      await send(eventCallback(imMessageEvent({ user: p.slackId, channel: dm(p), text, teamId: SLACK_TEAM }), { teamId: SLACK_TEAM }));
      await quiet();
    },
    seen(p) {
      const messages = h.slackApi.messages
        .filter((m) => m.channel === dm(p))
        .map((m) => ({ text: visibleText(m.blocks ?? m.text, 'slack'), form: { kind: 'message', channel: m.channel, ts: m.ts, blocks: m.blocks ?? [] } }));
      const views = [...h.slackApi.views.values()].map((v) => ({ text: visibleText(v.view.blocks, 'slack'), form: { kind: 'modal', view: v.view } }));
      return [...messages, ...views];
    },
    async submit(p, form, values, opts = {}) {
      const f = form as { kind: 'message'; channel: string; ts: string; blocks: Block[] } | { kind: 'modal'; view: Record<string, unknown> };
      if (f.kind === 'modal') {
        const blocks = (f.view.blocks ?? []) as Block[];
        const preset = (b: Block) => Object.keys(b.element ?? {}).some((k) => k.startsWith('initial_'));
        const missing = blocks.filter((b) => b.type === 'input' && (b as { optional?: boolean }).optional === false && !values[b.block_id ?? ''] && !preset(b));
        if (missing.length) throw new Error(`Slack does not submit this modal: required inputs unanswered (${missing.map((b) => b.block_id).join(', ')})`);
        const payload = viewSubmissionPayload({
          teamId: SLACK_TEAM,
          user: { id: p.slackId },
          callbackId: String(f.view.callback_id),
          stateValues: stateFor(blocks, values),
          privateMetadata: String(f.view.private_metadata ?? ''),
        });
        (payload.view as Record<string, unknown>).blocks = blocks;
        const body = interactivityBody(payload);
        last = () => send(body);
        await send(body);
        await quiet();
        return undefined;
      }
      const button = firstSubmitButton(f.blocks, opts);
      if (!button) throw new Error(`the message has no submit button${opts.verb ? ` for ${opts.verb}` : ''}`);
      const payload = blockActionsPayload({
        teamId: SLACK_TEAM,
        user: { id: p.slackId },
        actionId: button.action_id,
        value: button.value,
        channelId: f.channel,
        messageTs: f.ts,
        stateValues: stateFor(f.blocks, values),
      });
      (payload.message as Record<string, unknown>).blocks = f.blocks;
      const body = interactivityBody(payload);
      last = () => send(body);
      await send(body);
      await quiet();
      const updated = h.slackApi.messages.find((m) => m.channel === f.channel && m.ts === f.ts);
      return updated && updated.updates > 0
        ? { text: visibleText(updated.blocks, 'slack'), form: { kind: 'message', channel: f.channel, ts: f.ts, blocks: updated.blocks ?? [] } }
        : undefined;
    },
    async redeliverLastSubmit() {
      if (!last) throw new Error('nothing submitted yet');
      await last();
      await quiet();
    },
  };
}

/** The `/dmps` slash command, typed in a channel or a DM. */
export async function slackSlashCommand(h: Harness, p: TestPerson, text: string, channelId?: string) {
  const body = slashCommandBody({ teamId: SLACK_TEAM, text, userId: p.slackId, channelId: channelId ?? h.slackApi.dmIdFor(p.slackId) });
  return signedSlackRequest(h.service.endpoints.slack!, body, { secret: SLACK_SECRET });
}

/** The two platforms, for `describe.each`: the same behaviour suite runs through both. */
export const PLATFORMS: [string, (h: Harness) => ChatDriver][] = [
  ['Teams', (h) => teamsDriver(h)],
  ['Slack', (h) => slackDriver(h)],
];
