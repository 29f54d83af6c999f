// The help card: what this person can do, given their roles.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HELP_CARD = 'help';

export interface HelpData {
  /** First name of the person. */
  name: string;
  /** Ids of commands this person may use (catalog help.commands.<id>). */
  commands: { id: string }[];
}

function render(data: HelpData, opts: RenderOptions): AdaptiveCard {
  const commands = data.commands.map(({ id }) => ({
    usage: opts.strings.translate(opts.locale, `help.commands.${id}.usage`),
    description: opts.strings.translate(opts.locale, `help.commands.${id}.description`),
  }));
  return renderTemplate(HELP_CARD, template, { name: data.name, commands }, opts);
}

const examples: HelpData[] = [
  { name: 'Ana', commands: [{ id: 'help' }, { id: 'language' }] },
  { name: 'Grace', commands: ['help', 'language', 'survey.new', 'survey.list', 'survey.close', 'survey.results', 'survey.export'].map((id) => ({ id })) },
];

export const card: CardDefinition<HelpData> = { name: HELP_CARD, render, examples };
