// The help card: what this person can do, given their roles. Three ways in: `help` (every
// command), the welcome after install (the same, with a welcome line), and text the bot did not
// understand (says so, and offers a few buttons). The buttons run a command as if typed.
import { DATA_CARD } from '../../../../cards/ids.ts';
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HELP_CARD = 'help';
/** A button: runs the command named in the action's data, as if the person had typed it. */
export const HELP_RUN_VERB = 'help.run';
export const HELP_COMMAND_INPUT = 'command';

export type HelpMode = 'help' | 'welcome' | 'unknown';

export interface HelpData {
  mode: HelpMode;
  /** First name of the person. */
  name: string;
  /** Ids of the help lines of the commands this person may use (catalog help.commands.<id>). */
  commands: { id: string }[];
  /** Commands offered as buttons: the command's name and the help line whose `button` labels it. */
  buttons: { command: string; id: string }[];
}

/** Each button gets its own card instance id: a card instance is answered once per verb, and a
 *  person may press several buttons of the same card (Slack keeps the card in place). */
function oneInstancePerButton(card: AdaptiveCard): AdaptiveCard {
  const actions = card.actions?.map((a, i) => {
    const data = a.data && { ...a.data, [DATA_CARD]: `${String(a.data[DATA_CARD])}.${i}` };
    const fallback = a.fallback as { data?: object } | undefined;
    return { ...a, data, ...(fallback ? { fallback: { ...fallback, data } } : {}) };
  });
  return actions ? { ...card, actions } : card;
}

function render(data: HelpData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string) => opts.strings.translate(opts.locale, key);
  const commands =
    data.mode === 'unknown'
      ? []
      : data.commands.map(({ id }) => ({ usage: tr(`help.commands.${id}.usage`), description: tr(`help.commands.${id}.description`) }));
  const buttons = data.buttons.map(({ command, id }) => ({ label: tr(`help.commands.${id}.button`), data: { [HELP_COMMAND_INPUT]: command } }));
  const card = renderTemplate(HELP_CARD, template, { mode: data.mode, name: data.name, commands, buttons, ids: { run: HELP_RUN_VERB } }, opts);
  return oneInstancePerButton(card);
}

const everything = ['help', 'language', 'survey.new', 'survey.list', 'survey.close', 'survey.results', 'survey.export'].map((id) => ({ id }));
const examples: HelpData[] = [
  { mode: 'help', name: 'Ana', commands: [{ id: 'help' }, { id: 'language' }], buttons: [{ command: 'language', id: 'language' }] },
  {
    mode: 'welcome',
    name: 'Grace',
    commands: everything,
    buttons: [
      { command: 'survey new', id: 'survey.new' },
      { command: 'survey list', id: 'survey.list' },
      { command: 'language', id: 'language' },
    ],
  },
  {
    mode: 'unknown',
    name: 'Ben',
    commands: [],
    buttons: [
      { command: 'help', id: 'help' },
      { command: 'language', id: 'language' },
    ],
  },
];

// The first name is a text slot: one kept card serves everyone with the same commands and language.
export const card: CardDefinition<HelpData> = { name: HELP_CARD, render, examples, textSlots: ['name'] };
