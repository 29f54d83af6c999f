// A person's first minutes with the bot, through Teams and through Slack: the install answered
// once, help that shows its commands as written (`<id>` and all), text the bot does not
// understand answered with "I didn't understand" and buttons that work, and the commands in the
// person's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_COMMAND_INPUT, HELP_RUN_VERB } from '../../workflows/help/cards/help/index.ts';
import { blockActionsPayload, interactivityBody, signedSlackRequest } from '../standins/slack-request.ts';
import { adaptiveCardAction, installationUpdate, installConversationUpdate, postActivity, type TeamsActivity } from '../standins/teams-activity.ts';
import { translate } from '../support/catalog.ts';
import { APP_ID, type Harness, SLACK_SECRET, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { type ChatDriver, PLATFORMS, personalConversationOf, type Seen, visibleText } from './drivers.ts';

type Card = { actions?: { type: string; title?: string; verb?: string; data?: Record<string, unknown> }[]; body?: unknown[] };
type Block = { type: string; elements?: { type: string; action_id?: string; value?: string; text?: { text?: string } }[] };

/** Presses the button with this label on a card the person was shown, as the platform sends it. */
async function press(h: Harness, chat: ChatDriver, p: TestPerson, seen: Seen, label: string): Promise<void> {
  if (chat.platform === 'teams') {
    const { card, activityId } = seen.form as { card: Card; activityId: string };
    const action = card.actions?.find((a) => a.title === label);
    if (!action?.verb) throw new Error(`no button "${label}"`);
    const activity = adaptiveCardAction({
      serviceUrl: h.connector.url,
      appId: APP_ID,
      tenantId: TENANT_ID,
      user: p.teams,
      verb: action.verb,
      data: action.data,
      replyToId: activityId,
    });
    const r = await postActivity(h.service.endpoints.teams, activity);
    expect(r.status).toBe(200);
    teamsInvokeAnswers.set(p.teams.id, [...(teamsInvokeAnswers.get(p.teams.id) ?? []), r.body]);
    return;
  }
  const { channel, ts, blocks } = seen.form as { channel: string; ts: string; blocks: Block[] };
  const button = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.type === 'button' && e.text?.text === label);
  if (!button?.action_id) throw new Error(`no button "${label}"`);
  const payload = blockActionsPayload({
    teamId: SLACK_TEAM,
    user: { id: p.slackId },
    actionId: button.action_id,
    value: button.value,
    channelId: channel,
    messageTs: ts,
  });
  (payload.message as Record<string, unknown>).blocks = blocks;
  const r = await signedSlackRequest(h.service.endpoints.slack!, interactivityBody(payload), { secret: SLACK_SECRET });
  expect(r.status).toBe(200);
}
const teamsInvokeAnswers = new Map<string, unknown[]>();

/** What the person sees after pressing: on Teams the card the invoke answered with (it replaces
 *  the pressed card) or a new message; on Slack a new message or an opened modal. */
function afterPress(chat: ChatDriver, p: TestPerson): string {
  if (chat.platform === 'teams') {
    const answer = teamsInvokeAnswers.get(p.teams.id)?.at(-1) as { type?: string; value?: unknown } | undefined;
    if (answer?.type === 'application/vnd.microsoft.card.adaptive') return visibleText(answer.value, 'teams');
  }
  return chat.seen(p).at(-1)?.text ?? '';
}

describe.each(PLATFORMS)('through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  beforeAll(async () => {
    h = await startHarness();
    chat = makeDriver(h);
  });
  afterAll(async () => h?.close());

  const last = (p: TestPerson) => chat.seen(p).at(-1)!;
  const usage = (locale: string, id: string) => translate(locale, `help.commands.${id}.usage`);

  it('help shows every command as written: `<id>` kept, options split at spaces, in the order people need them', async () => {
    const hr = await h.addPerson({ name: 'Grace Miller', roles: ['staff', 'hr'] });
    await chat.say(hr, 'help');
    const shown = last(hr).text;
    expect(shown).toContain('survey results <id> [building | region | role | job]');
    expect(shown).toContain('survey close <id>');
    const order = ['help', 'language', 'survey.new', 'survey.list', 'survey.close', 'survey.results'].map((id) => shown.indexOf(usage('en', id)));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    if (chat.platform === 'teams') {
      // Teams reads TextBlock text as markdown: the card carries it escaped, never as a tag.
      const { card } = last(hr).form as { card: Card };
      const json = JSON.stringify(card);
      expect(json).toContain(JSON.stringify('survey results \\<id\\> \\[building | region | role | job\\]'));
      expect(json).not.toMatch(/[^\\]<id>/);
    } else {
      // Slack mrkdwn: < and > as entities, no backslash left over.
      const json = JSON.stringify((last(hr).form as { blocks: Block[] }).blocks);
      expect(json).toContain('survey results &lt;id&gt; [building | region | role | job]');
      expect(json).not.toContain('\\\\');
    }
  });

  it('answers text it does not understand with "I didn\'t understand" and the few useful buttons, never echoing it', async () => {
    const hr = await h.addPerson({ name: 'Hana Ito', roles: ['staff', 'hr'] });
    const long = `lunch menu ${'x'.repeat(5000)}`;
    await chat.say(hr, long);
    const answer = last(hr);
    expect(answer.text).toContain(translate('en', 'help.unknown'));
    for (const id of ['help', 'language', 'survey.new', 'survey.list']) expect(answer.text).toContain(translate('en', `help.commands.${id}.button`));
    expect(answer.text).not.toContain('x'.repeat(100));
    // Staff get no survey-manager buttons.
    const staff = await h.addPerson({ name: 'Ian Cole', roles: ['staff'] });
    await chat.say(staff, 'what is for lunch?');
    expect(last(staff).text).toContain(translate('en', 'help.commands.language.button'));
    expect(last(staff).text).not.toContain(translate('en', 'help.commands.survey.new.button'));
  });

  it('plain `help` shows the help card without "I didn\'t understand"', async () => {
    const p = await h.addPerson({ name: 'Jo March' });
    await chat.say(p, 'help');
    expect(last(p).text).toContain(translate('en', 'help.greeting', { name: 'Jo' }));
    expect(last(p).text).not.toContain(translate('en', 'help.unknown'));
  });

  it('on Slack the menu stays usable: a second button on the same card works too', async () => {
    if (chat.platform !== 'slack') return;
    const hr = await h.addPerson({ name: 'Lea Park', roles: ['staff', 'hr'] });
    await chat.say(hr, 'hmm');
    const menu = last(hr);
    await press(h, chat, hr, menu, translate('en', 'help.commands.help.button'));
    expect(last(hr).text).toContain(translate('en', 'help.greeting', { name: 'Lea' }));
    await press(h, chat, hr, menu, translate('en', 'help.commands.survey.list.button'));
    expect(last(hr).text).toContain(translate('en', 'survey-list.title'));
  });

  it('a button cannot run a command the person may not use', async () => {
    const staff = await h.addPerson({ name: 'Max Roy', roles: ['staff'] });
    await chat.say(staff, 'help');
    const seen = last(staff);
    // The help card's button, with its command swapped for a survey manager's.
    if (chat.platform === 'teams') {
      const { card } = seen.form as { card: Card };
      const action = card.actions?.find((a) => a.verb === HELP_RUN_VERB);
      expect(action).toBeDefined();
      (action!.data as Record<string, unknown>)[HELP_COMMAND_INPUT] = 'survey new';
    } else {
      const { blocks } = seen.form as { blocks: Block[] };
      const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.value?.includes(HELP_RUN_VERB));
      expect(button).toBeDefined();
      button!.value = button!.value!.replace(/"command":"[^"]*"/, '"command":"survey new"');
      expect(button!.value).toContain('survey new');
    }
    await press(h, chat, staff, seen, translate('en', 'help.commands.language.button'));
    const shown = afterPress(chat, staff);
    expect(shown).toContain(translate('en', 'notice.forbidden').slice(0, 30));
    expect(shown).not.toContain(translate('en', 'survey-new.title'));
  });

  it('in Spanish the commands answer to Spanish words, and help shows them', async () => {
    const hr = await h.addPerson({ name: 'Nora Ruiz', language: 'es', roles: ['staff', 'hr'] });
    await chat.say(hr, 'Ayuda');
    const shown = last(hr).text;
    for (const id of ['help', 'language', 'survey.new', 'survey.list', 'survey.close', 'survey.results']) expect(shown).toContain(usage('es', id));
    expect(shown).toContain('encuesta resultados <id> [building | region | role | job]');
    expect(shown).toContain(translate('es', 'help.commands.survey.new.button'));

    await chat.say(hr, 'encuestas');
    expect(last(hr).text).toContain(translate('es', 'survey-list.title'));
    await chat.say(hr, 'encuesta cerrar');
    expect(last(hr).text).toContain(translate('es', 'notice.surveyUsage', { usage: 'survey close <id>' }).slice(0, 20));
    await chat.say(hr, 'idioma en');
    expect((await h.db.person.findUniqueOrThrow({ where: { id: hr.id } })).language).toBe('en');
    // English words always work, and the Spanish ones work for everyone.
    await chat.say(hr, 'survey list');
    expect(last(hr).text).toContain(translate('en', 'survey-list.title'));
    await chat.say(hr, 'AYUDA');
    expect(last(hr).text).toContain(translate('en', 'help.greeting', { name: 'Nora' }));
  });
  it('each button runs its command as if typed', async () => {
    const hr = await h.addPerson({ name: 'Kim Lee', roles: ['staff', 'hr'] });
    await chat.say(hr, 'blah');
    const menu = last(hr);
    await press(h, chat, hr, menu, translate('en', 'help.commands.help.button'));
    expect(afterPress(chat, hr)).toContain(translate('en', 'help.greeting', { name: 'Kim' }));

    await chat.say(hr, 'blah again');
    await press(h, chat, hr, last(hr), translate('en', 'help.commands.survey.list.button'));
    expect(afterPress(chat, hr)).toContain(translate('en', 'survey-list.title'));

    await chat.say(hr, 'and again');
    const before = chat.seen(hr).length;
    await press(h, chat, hr, last(hr), translate('en', 'help.commands.language.button'));
    // The picker arrives as a new card (Teams) or opens as a modal (Slack).
    expect(chat.seen(hr).length).toBeGreaterThan(before);
    expect(last(hr).text).toContain(translate('en', 'language-picker.title'));
  });
});

describe('installing the app in Teams', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const base = (p: TestPerson) => ({ serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams });
  const send = async (a: TeamsActivity) => expect((await postActivity(h.service.endpoints.teams, a)).status).toBeLessThan(300);
  const welcomes = (p: TestPerson) =>
    h.connector.activities.filter(
      (a) =>
        a.conversationId === personalConversationOf(h, p) &&
        visibleText(a.activity, 'teams').includes(translate('en', 'help.welcome', { name: p.name.split(' ')[0] })),
    );

  const orders: [string, string, (p: TestPerson) => TeamsActivity[]][] = [
    ['installationUpdate, then conversationUpdate', 'Olga Berg', (p) => [installationUpdate(base(p)), installConversationUpdate(base(p))]],
    ['conversationUpdate, then installationUpdate', 'Omar Said', (p) => [installConversationUpdate(base(p)), installationUpdate(base(p))]],
    ['only installationUpdate', 'Otto Lind', (p) => [installationUpdate(base(p))]],
    ['only conversationUpdate', 'Opal Reed', (p) => [installConversationUpdate(base(p))]],
    ['both, each delivered twice', 'Oren Katz', (p) => [installationUpdate(base(p)), installConversationUpdate(base(p))].flatMap((a) => [a, a])],
  ];

  it.each(orders)('welcomes once: %s', async (_label, name, events) => {
    const p = await h.addPerson({ name });
    for (const a of events(p)) await send(a);
    expect(welcomes(p)).toHaveLength(1);
  });

  it('welcomes a real reinstall again: removed, then added', async () => {
    const p = await h.addPerson({ name: 'Pat Quinn' });
    await send(installationUpdate(base(p)));
    await send(installConversationUpdate(base(p)));
    await send(installationUpdate({ ...base(p), action: 'remove' }));
    await send(installConversationUpdate(base(p)));
    await send(installationUpdate(base(p)));
    expect(welcomes(p)).toHaveLength(2);
  });
});

describe('installing the app in Teams, as time passes', () => {
  let h: Harness;
  const clock = new ManualClock();
  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterAll(async () => h?.close());

  it('an install whose removal the bot never saw is welcomed again once the first one is long past', async () => {
    const p = await h.addPerson({ name: 'Quinn Hale' });
    const base = { serviceUrl: h.connector.url, appId: APP_ID, tenantId: TENANT_ID, user: p.teams };
    const welcomed = () =>
      h.connector.activities.filter((a) => a.conversationId === personalConversationOf(h, p) && visibleText(a.activity, 'teams').includes('Welcome')).length;
    await postActivity(h.service.endpoints.teams, installationUpdate(base));
    clock.advance(60_000);
    await postActivity(h.service.endpoints.teams, installConversationUpdate(base)); // the same install, a minute later
    expect(welcomed()).toBe(1);
    clock.advance(30 * 86_400_000);
    await postActivity(h.service.endpoints.teams, installationUpdate(base));
    expect(welcomed()).toBe(2);
  });
});
