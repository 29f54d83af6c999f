// The turns of `npm run bench:interactive`, built with the behaviour suite's payload builders
// (test/standins/slack-request.ts, teams-activity.ts, stateFor in test/behaviour/drivers.ts) on
// the product's own cards, and how each request is judged: the HTTP answer (2xx, no Slack or
// Teams error body, the expected card) and the platform work it must have caused, read back
// from the stand-in (the chat.postMessage / chat.update / Bot Connector reply, with the expected
// text in it).
import { randomUUID } from 'node:crypto';
import { cardToMessage } from '../bots/slack/blockkit/index.ts';
import { modalFor } from '../bots/slack/forms.ts';
import type { AdaptiveCard } from '../cards/types.ts';
import type { Catalog } from '../kernel/catalog.ts';
import { stateFor } from '../test/behaviour/drivers.ts';
import type { BotConnectorStandin } from '../test/standins/bot-connector.ts';
import type { SlackApiStandin } from '../test/standins/slack-api.ts';
import {
  blockActionsPayload,
  interactivityBody,
  type StateValues,
  slackSignature,
  slashCommandBody,
  viewSubmissionPayload,
} from '../test/standins/slack-request.ts';
import { adaptiveCardAction, personalMessage } from '../test/standins/teams-activity.ts';
import type { Outcome, Prepared } from './interactive-load.ts';
import { APP_ID, type BenchPerson, SLACK_TEAM, TENANT } from './interactive-seed.ts';

export const TURNS = ['slack-command', 'slack-button', 'slack-modal', 'teams-message', 'teams-invoke', 'slack-answer', 'teams-answer'] as const;
export type TurnName = (typeof TURNS)[number];
export const ANSWER_TURNS: readonly TurnName[] = ['slack-answer', 'teams-answer'];

export const SLACK_SECRET = 'bench-signing-secret-0123456789';
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
/** What the bare baseline's cards say. */
const BARE_MARK = 'DMPS Connect';
export const SURVEY_VALUES: Record<string, string> = {
  'care.whole_person': '4',
  'comms.clear': '5',
  'place.recommend': '8',
  'open.comment': 'Benchmark comment',
};

/** One side of the run: the service or the bare baseline, with its own stand-ins. */
export interface Side {
  bare: boolean;
  slack: SlackApiStandin;
  connector: BotConnectorStandin;
  /** Seeded messages to act on, by person index: the language picker and the survey card. */
  pickerTs: Map<number, string>;
  surveyTs: Map<number, string>;
}

/** The platform work a request must cause, read back from the stand-in afterwards. */
type Effect =
  | { kind: 'slack'; method: 'chat.postMessage' | 'chat.update'; channel: string; ts?: string; mark: string }
  | { kind: 'teams'; conversationId: string; mark: string };

export interface TurnRequest extends Prepared {
  judge(o: Outcome): string | undefined;
  effect?: Effect;
}

export interface Cards {
  picker: AdaptiveCard;
  survey: AdaptiveCard;
  marks: { help: string; language: string; thanks: string };
}

export function benchCards(catalog: Catalog, surveyData: object): Cards {
  const t = catalog.strings.translate;
  return {
    picker: catalog.render('language-picker', { current: 'en' }, 'en'),
    survey: catalog.render('survey', surveyData, 'en'),
    marks: { help: t('en', 'help.commands.help.description'), language: t('en', 'language-changed.title'), thanks: t('en', 'survey-thanks.recorded') },
  };
}

type SlackForm = { blocks: Record<string, unknown>[]; button: { action_id: string; value: string } };
const translated = new WeakMap<AdaptiveCard, SlackForm>();

/** The card as the service posts it on Slack (its Block Kit message and submit button). */
export function slackBlocks(card: AdaptiveCard): SlackForm {
  const known = translated.get(card);
  if (known) return known;
  const m = cardToMessage(card);
  if (!m.fitsInMessage) throw new Error('the card does not fit in a Slack message');
  const blocks = m.blocks as unknown as Record<string, unknown>[];
  for (const b of blocks)
    for (const e of (b.elements ?? []) as { type: string; action_id?: string; value?: string }[])
      if (e.type === 'button' && e.action_id?.startsWith('dmps:') && e.value) {
        const form = { blocks, button: { action_id: e.action_id, value: e.value } };
        translated.set(card, form);
        return form;
      }
  throw new Error('the card has no submit button');
}

function executeAction(card: AdaptiveCard): { verb: string; data: Record<string, unknown> } {
  const a = (card.actions ?? []).find((x) => x.type === 'Action.Execute') as { verb?: string; data?: Record<string, unknown> } | undefined;
  if (!a?.verb) throw new Error('the card has no Action.Execute');
  return { verb: a.verb, data: a.data ?? {} };
}

const slackHeaders = (body: string, contentType: string) => () => {
  const ts = Math.floor(Date.now() / 1000);
  return { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SLACK_SECRET, ts, body) };
};
const FORM = 'application/x-www-form-urlencoded';
const jsonHeaders = () => ({ 'content-type': 'application/json' });

function httpFailure(o: Outcome): string | undefined {
  if (o.failure) return o.failure;
  if (o.status < 200 || o.status >= 300) return `http ${o.status}`;
  return undefined;
}

/** Slack's error bodies: { ok: false } or a view response with errors. */
function slackAnswer(o: Outcome): string | undefined {
  const failed = httpFailure(o);
  if (failed || !o.body.trim()) return failed;
  try {
    const b = JSON.parse(o.body) as { ok?: boolean; response_action?: string };
    if (b.ok === false) return 'slack error body';
    if (b.response_action === 'errors') return 'view errors';
  } catch {
    // a plain-text ack
  }
  return undefined;
}

function invokeAnswer(o: Outcome, mark: string): string | undefined {
  const failed = httpFailure(o);
  if (failed) return failed;
  try {
    const b = JSON.parse(o.body) as { statusCode?: number; type?: string; value?: unknown };
    if (b.statusCode !== 200 || b.type !== CARD_RESPONSE) return `invoke ${b.statusCode ?? '?'} ${b.type ?? ''}`.trim();
    if (!JSON.stringify(b.value).includes(mark)) return 'unexpected card';
  } catch {
    return 'invoke body not JSON';
  }
  return undefined;
}

/** Request i of a turn for one side. `person` picks who sends it. */
export function buildRequest(turn: TurnName, side: Side, p: BenchPerson, cards: Cards, teamsUrl: string): TurnRequest {
  const { marks } = cards;
  const teamsBase = { serviceUrl: teamsUrl, appId: APP_ID, tenantId: TENANT, user: p.teams };
  const slackInteractive = (payload: Record<string, unknown>) => {
    const body = interactivityBody(payload);
    return { path: '/slack/events', body, headers: slackHeaders(body, FORM) };
  };
  switch (turn) {
    case 'slack-command': {
      const body = slashCommandBody({ teamId: SLACK_TEAM, text: 'help', userId: p.slackId, channelId: p.dm });
      return {
        path: '/slack/events',
        body,
        headers: slackHeaders(body, FORM),
        judge: slackAnswer,
        effect: { kind: 'slack', method: 'chat.postMessage', channel: p.dm, mark: side.bare ? BARE_MARK : marks.help },
      };
    }
    case 'slack-button':
    case 'slack-answer': {
      const card = turn === 'slack-button' ? cards.picker : cards.survey;
      const ts = (turn === 'slack-button' ? side.pickerTs : side.surveyTs).get(p.index)!;
      const { blocks, button } = slackBlocks(card);
      const values = turn === 'slack-button' ? { language: 'en' } : SURVEY_VALUES;
      // A fresh card instance per click, so no click is a duplicate of another.
      const cardId = (JSON.parse(button.value) as { c: string }).c;
      const payload = blockActionsPayload({
        teamId: SLACK_TEAM,
        user: { id: p.slackId },
        actionId: button.action_id,
        value: turn === 'slack-button' ? button.value.replace(cardId, randomUUID()) : button.value,
        channelId: p.dm,
        messageTs: ts,
        stateValues: stateFor(blocks as never, values),
      });
      (payload.message as Record<string, unknown>).blocks = blocks;
      const mark = side.bare ? BARE_MARK : turn === 'slack-button' ? marks.language : marks.thanks;
      return { ...slackInteractive(payload), judge: slackAnswer, effect: { kind: 'slack', method: 'chat.update', channel: p.dm, ts, mark } };
    }
    case 'slack-modal': {
      const ts = side.pickerTs.get(p.index)!;
      const modal = modalFor(cards.picker, { channel: p.dm, ts })!;
      const view = modal.view as unknown as { blocks: Record<string, unknown>[]; private_metadata: string; callback_id: string };
      const meta = { ...(JSON.parse(view.private_metadata) as Record<string, unknown>), c: randomUUID() };
      const payload = viewSubmissionPayload({
        teamId: SLACK_TEAM,
        user: { id: p.slackId },
        callbackId: view.callback_id,
        stateValues: stateFor(view.blocks as never, { language: 'en' }) as StateValues,
        privateMetadata: JSON.stringify(meta),
      });
      (payload.view as Record<string, unknown>).blocks = view.blocks;
      return {
        ...slackInteractive(payload),
        judge: slackAnswer,
        // Both update the message the form was opened from (the bare app with its own card).
        effect: { kind: 'slack', method: 'chat.update', channel: p.dm, ts, mark: side.bare ? BARE_MARK : marks.language },
      };
    }
    case 'teams-message':
      return {
        path: '/api/messages',
        body: JSON.stringify(personalMessage({ ...teamsBase, text: 'help' })),
        headers: jsonHeaders,
        judge: httpFailure,
        effect: { kind: 'teams', conversationId: p.conversationId, mark: side.bare ? BARE_MARK : marks.help },
      };
    case 'teams-invoke':
    case 'teams-answer': {
      const action = executeAction(turn === 'teams-invoke' ? cards.picker : cards.survey);
      const data = turn === 'teams-invoke' ? { ...action.data, dmpsCard: randomUUID(), language: 'en' } : { ...action.data, ...SURVEY_VALUES };
      const activity = adaptiveCardAction({ ...teamsBase, verb: action.verb, data, replyToId: '1700000000001' });
      const mark = side.bare ? BARE_MARK : turn === 'teams-invoke' ? marks.language : marks.thanks;
      return { path: '/api/messages', body: JSON.stringify(activity), headers: jsonHeaders, judge: (o) => invokeAnswer(o, mark) };
    }
  }
}

/** Slack calls and connector activities from `since` on, by where they went. */
export interface Marks {
  slackCalls: number;
  activities: number;
}
export const marksOf = (side: Side): Marks => ({ slackCalls: side.slack.calls.length, activities: side.connector.activities.length });

/** Which requests' platform work is missing: one answer each, in request order. */
export function missingEffects(side: Side, since: Marks, requests: { sentAt: number; effect?: Effect }[]): boolean[] {
  const slack = new Map<string, { at: number; json: string }[]>();
  for (const c of side.slack.calls.slice(since.slackCalls)) {
    if (!c.ok) continue;
    const key = `${c.method}|${String(c.args.channel)}|${c.method === 'chat.update' ? String(c.args.ts) : ''}`;
    const list = slack.get(key) ?? [];
    list.push({ at: c.at, json: JSON.stringify(c.args.blocks ?? c.args.text ?? '') });
    slack.set(key, list);
  }
  const teams = new Map<string, { at: number; json: string }[]>();
  for (const a of side.connector.activities.slice(since.activities)) {
    if (a.kind === 'update') continue;
    const list = teams.get(a.conversationId) ?? [];
    list.push({ at: a.at, json: JSON.stringify(a.activity.attachments ?? a.activity.text ?? '') });
    teams.set(a.conversationId, list);
  }
  return requests.map((r) => {
    const e = r.effect;
    if (!e) return false;
    const list = e.kind === 'slack' ? slack.get(`${e.method}|${e.channel}|${e.ts ?? ''}`) : teams.get(e.conversationId);
    const i = list?.findIndex((x) => x.at >= r.sentAt - 1 && x.json.includes(e.mark)) ?? -1;
    if (i === -1) return true;
    list!.splice(i, 1); // each platform call answers one request
    return false;
  });
}
