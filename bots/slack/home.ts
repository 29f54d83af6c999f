// Slack's App Home: on `app_home_opened` (and after the person acts) the bot publishes their
// home (kernel/home.ts) with views.publish: their tasks, each with its buttons, and the headline
// numbers of the dashboards their role shows. Within Slack's limits: at most 100 blocks, cut
// with a "see more in chat" line, never refused. Text people typed goes as plain_text only.
//
// A task's "Answer" opens the task's own card as a modal (its submit is the card's, handled as
// every modal is); a task's action button runs its verb through the router, values taken from
// the task as the server holds it, never from the click.
import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { formatLocal, localDateTime } from '../../cards/dates.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import { reportError } from '../../core/log.ts';
import type { Actor, SubmitEvent } from '../../kernel/events.ts';
import { type Home, type HomeView, submissionOf } from '../../kernel/home.ts';
import type { Router } from '../../kernel/router.ts';
import type { FormStore } from './forms.ts';
import { modalFor } from './forms.ts';
import { renderReply } from './reply.ts';

const HOME_OPEN_ACTION = 'dmps-home:open';
const HOME_ACT_ACTION = 'dmps-home:act';
const HOME_LINK_ACTION = 'dmps-home:link';
const MAX_BLOCKS = 100;
/** Slack's plain_text limits: header 150, section text 3,000, a field 2,000. */
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const plain = (text: string, max = 3000) => ({ type: 'plain_text' as const, text: cut(text || ' ', max), emoji: false });

type Text = (key: string, params?: Record<string, unknown>) => string;

/** The App Home's blocks for a person's home view. */
export function homeBlocks(view: HomeView, text: Text, timeZone: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(text('tasks'), 150) }];
  if (view.tasks.length === 0) blocks.push({ type: 'section', text: plain(text('noTasks')) });
  for (const task of view.tasks) {
    const facts = [
      task.kind,
      text(`status.${task.status}`),
      ...(task.due ? [text('due', { when: formatLocal(localDateTime(timeZone, task.due), view.locale) })] : []),
    ];
    blocks.push({
      type: 'section',
      text: plain(`${task.title}\n${facts.join(' · ')}`),
      ...(task.form ? { accessory: { type: 'button', action_id: HOME_OPEN_ACTION, text: plain(text('answer'), 75), value: cut(task.key, 2000) } } : {}),
    });
    const actions = (task.actions ?? []).slice(0, 5).map((a, i) => ({
      type: 'button' as const,
      action_id: `${HOME_ACT_ACTION}:${i}`,
      text: plain(a.title, 75),
      value: JSON.stringify({ k: task.key, a: i }),
    }));
    // A link button opens its page; Slack still sends the click, which the home acknowledges.
    // (Slack takes a button URL of up to 3,000 characters: a longer one is left out, never cut.)
    const links = (task.links ?? [])
      .filter((l) => l.url.length <= 3000)
      .slice(0, 5 - actions.length)
      .map((l, i) => ({ type: 'button' as const, action_id: `${HOME_LINK_ACTION}:${i}`, text: plain(l.title, 75), url: l.url }));
    if (actions.length || links.length) blocks.push({ type: 'actions', elements: [...links, ...actions] });
  }
  if (view.dashboards.length) blocks.push({ type: 'divider' }, { type: 'header', text: plain(text('dashboards'), 150) });
  for (const d of view.dashboards) {
    blocks.push({ type: 'section', text: plain(`${d.title}\n${text('scope', { scope: d.scope })}`) });
    if (d.headline.length) blocks.push({ type: 'section', fields: d.headline.slice(0, 10).map((h) => plain(`${h.label}: ${h.value}`, 2000)) });
  }
  if (view.unavailable.length) blocks.push({ type: 'context', elements: [plain(text('unavailable'))] });
  if (blocks.length <= MAX_BLOCKS) return blocks;
  return [...blocks.slice(0, MAX_BLOCKS - 1), { type: 'context', elements: [plain(text('more'))] }];
}

const homeOpened = z.object({
  team_id: z.string().min(1),
  event: z.object({ type: z.literal('app_home_opened'), user: z.string().min(1), tab: z.string().optional() }),
});
const homeClick = z.object({
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(2000) })).min(1),
});
const actValue = z.object({ k: z.string().min(1).max(500), a: z.number().int().min(0).max(20) });

export interface SlackHomeDeps {
  home: Home;
  router: Router;
  log: Logger;
  clock: Clock;
  forms: FormStore;
  timeZone: string;
  emailOf(actor: Actor): Promise<string | undefined>;
}

export interface SlackHome {
  /** Publishes the person's home again when they have opened it since this process started. */
  refresh(actor: Actor): Promise<void>;
}

export function registerHome(app: App, deps: SlackHomeDeps): SlackHome {
  const { home, log } = deps;
  const client: WebClient = app.client;
  /** People who opened their App Home (this process): their home follows what they do. */
  const opened = new Set<string>();

  async function publish(actor: Actor): Promise<void> {
    try {
      const person = await home.personOf(actor, deps.emailOf);
      const view = person ? await home.viewFor(person) : undefined;
      const blocks: KnownBlock[] = view
        ? homeBlocks(view, (k, p) => home.text(view.locale, k, p), deps.timeZone)
        : [
            { type: 'header', text: plain(home.text('en', 'title'), 150) },
            { type: 'section', text: plain(home.text('en', 'notSignedIn')) },
          ];
      await client.views.publish({ user_id: actor.userId, view: { type: 'home', blocks } });
    } catch (e) {
      reportError(log, e, { stage: 'views.publish' });
    }
  }

  const actorOf = (c: z.infer<typeof homeClick>): Actor => ({
    platform: 'slack',
    workspaceId: c.team?.id ?? c.user.team_id ?? 'unknown-team',
    userId: c.user.id,
  });

  async function dmOf(userId: string): Promise<string> {
    const r = await client.conversations.open({ users: userId });
    return r.channel?.id ?? '';
  }

  app.event('app_home_opened', async ({ body }) => {
    const p = homeOpened.safeParse(body);
    if (!p.success || (p.data.event.tab ?? 'home') !== 'home') return;
    opened.add(p.data.event.user);
    await publish({ platform: 'slack', workspaceId: p.data.team_id, userId: p.data.event.user });
  });

  app.action(/^dmps-home:/, async ({ ack, body }) => {
    await ack();
    const click = homeClick.safeParse(body);
    if (!click.success) return;
    const actor = actorOf(click.data);
    const [action] = click.data.actions;
    try {
      const person = await home.personOf(actor, deps.emailOf);
      if (!person || !action) return;
      const dm = await dmOf(actor.userId);
      if (action.action_id === HOME_OPEN_ACTION) {
        const task = await home.taskFor(person, action.value);
        const modal = task.form ? modalFor(task.form, { channel: dm }) : undefined;
        if (modal) await client.views.open({ trigger_id: click.data.trigger_id, view: modal.view as never });
        return;
      }
      const v = actValue.safeParse(JSON.parse(action.value));
      if (!v.success) return;
      const task = await home.taskFor(person, v.data.k);
      const submission = submissionOf(task, { action: v.data.a });
      if (!submission) return;
      const event: SubmitEvent = {
        kind: 'submit',
        dedupeKey: `submit:slack:${actor.userId}:${submission.cardInstanceId}:${submission.verb}`,
        actor,
        conversation: { id: dm, kind: 'personal', ref: { channel: dm } },
        receivedAt: deps.clock.now(),
        ...submission,
      };
      const result = await deps.router.handle(event, deps.emailOf);
      if (result.status === 'handled') await renderReply(client, deps.forms, result.reply, { channel: dm, user: actor.userId }, log);
    } catch (e) {
      // A task done or gone since the home was drawn: the refreshed home no longer shows it.
      reportError(log, e, { stage: 'home action' });
    }
    await publish(actor);
  });

  return {
    async refresh(actor) {
      if (opened.has(actor.userId)) await publish(actor);
    },
  };
}
