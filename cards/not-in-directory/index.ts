// For someone the staff directory does not know: polite, and nothing about anyone else.
import { type RenderOptions, renderTemplate } from '../render.ts';
import type { AdaptiveCard, CardDefinition } from '../types.ts';
import template from './template.json' with { type: 'json' };

export const NOT_IN_DIRECTORY_CARD = 'not-in-directory';
export type NotInDirectoryData = Record<string, never>;

function render(_data: NotInDirectoryData, opts: RenderOptions): AdaptiveCard {
  return renderTemplate(NOT_IN_DIRECTORY_CARD, template, {}, opts);
}

const examples: NotInDirectoryData[] = [{}];

export const card: CardDefinition<NotInDirectoryData> = { name: NOT_IN_DIRECTORY_CARD, render, examples };
