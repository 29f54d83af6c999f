// Card body elements → Block Kit blocks, in reading order (containers and columns flattened).
import type { CardAction, CardElement } from '../../../cards/types.ts';
import { actionsBlocks } from './actions.ts';
import { inputBlock, isInput } from './inputs.ts';
import { SLACK_LIMITS as L, type Report } from './limits.ts';
import { plain, toMrkdwn } from './text.ts';

type Block = Record<string, unknown>;
export interface WalkState {
  report: Report;
  headerUsed: boolean;
  buttons: { n: number };
  /** Modal: inputs only; message: inputs allowed too (block_actions carry state.values). */
  inputs: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const section = (text: string, path: string, type: string, s: WalkState): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: s.report.fit(text, L.sectionText, path, type, 'text') },
});

function textBlock(el: CardElement, path: string, s: WalkState): Block[] {
  const text = str(el.text) ?? '';
  if (!text.trim()) return [];
  const heading = el.style === 'heading' || el.size === 'Large' || el.size === 'ExtraLarge' || (el.weight === 'Bolder' && el.size !== 'Small');
  if (heading && !s.headerUsed) {
    s.headerUsed = true;
    return [{ type: 'header', text: { type: 'plain_text', text: s.report.fit(plain(text), L.headerText, path, el.type, 'heading'), emoji: true } }];
  }
  const md = toMrkdwn(text);
  if (el.isSubtle === true || el.size === 'Small') return [{ type: 'context', elements: [{ type: 'mrkdwn', text: s.report.fit(md, L.sectionText, path, el.type, 'text') }] }];
  return [section(heading ? `*${md}*` : md, path, el.type, s)];
}

function richText(el: CardElement, path: string, s: WalkState): Block[] {
  const inlines = Array.isArray(el.inlines) ? el.inlines : [];
  const text = inlines
    .map((i) => {
      if (typeof i === 'string') return toMrkdwn(i);
      const run = i as { text?: unknown; weight?: unknown; italic?: unknown; strikethrough?: unknown };
      let t = toMrkdwn(str(run.text) ?? '');
      if (!t) return '';
      if (run.weight === 'Bolder') t = `*${t}*`;
      if (run.italic === true) t = `_${t}_`;
      if (run.strikethrough === true) t = `~${t}~`;
      return t;
    })
    .join('');
  return text.trim() ? [section(text, path, el.type, s)] : [];
}

function factSet(el: CardElement, path: string, s: WalkState): Block[] {
  const facts = (Array.isArray(el.facts) ? el.facts : []) as { title?: unknown; value?: unknown }[];
  const fields = facts.map((f, i) => ({ type: 'mrkdwn', text: s.report.fit(`*${toMrkdwn(str(f.title) ?? '')}*\n${toMrkdwn(str(f.value) ?? '')}`, L.fieldText, `${path}.facts[${i}]`, 'Fact', 'fact') }));
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += L.sectionFields) blocks.push({ type: 'section', fields: fields.slice(i, i + L.sectionFields) });
  return blocks;
}

function image(el: CardElement, path: string, s: WalkState): Block[] {
  const url = str(el.url);
  if (!url) {
    s.report.drop(path, el.type, 'image without url');
    return [];
  }
  let alt = str(el.altText);
  if (!alt) {
    s.report.drop(`${path}.altText`, el.type, 'image without alt text: "image" used');
    alt = 'image';
  }
  return [{ type: 'image', image_url: url, alt_text: s.report.fit(alt, L.imageAltText, path, el.type, 'alt text') }];
}

export function elementsToBlocks(items: unknown, path: string, s: WalkState): Block[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw, i) => elementToBlocks(raw as CardElement, `${path}[${i}]`, s));
}

function elementToBlocks(el: CardElement, path: string, s: WalkState): Block[] {
  if (!el || typeof el.type !== 'string') return [];
  if (el.isVisible === false) return [];
  if (isInput(el)) {
    if (!s.inputs) {
      s.report.drop(path, el.type, 'input outside a form');
      return [];
    }
    const b = inputBlock(el, path, s.report);
    return b ? [b] : [];
  }
  switch (el.type) {
    case 'TextBlock':
      return textBlock(el, path, s);
    case 'RichTextBlock':
      return richText(el, path, s);
    case 'FactSet':
      return factSet(el, path, s);
    case 'Image':
      return image(el, path, s);
    case 'ImageSet':
      return elementsToBlocks(el.images, `${path}.images`, s);
    case 'Container':
      return elementsToBlocks(el.items, `${path}.items`, s);
    case 'Column':
      return elementsToBlocks(el.items, `${path}.items`, s);
    case 'ColumnSet':
      return (Array.isArray(el.columns) ? el.columns : []).flatMap((c, i) => elementToBlocks({ ...(c as CardElement), type: 'Column' }, `${path}.columns[${i}]`, s));
    case 'ActionSet':
      return actionsBlocks((Array.isArray(el.actions) ? el.actions : []) as CardAction[], `${path}.actions`, s.report, s.buttons);
    default:
      s.report.drop(path, el.type, 'element type Slack cannot show');
      return [];
  }
}
