// The card body → blocks, in reading order. Slack has no nesting: containers and columns are
// flattened, except a row of short text columns, which becomes one section with fields.
import type { MrkdwnElement } from '@slack/types';
import type { CardElement } from '../../../cards/types.ts';
import { actionBlocks } from './actions.ts';
import { factSet, image, imageSet, isHeadingLike, richTextBlock, textBlock } from './content.ts';
import { asArray, isElement, isRecord, str, text } from './guards.ts';
import { inputBlock, isInput } from './inputs.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import type { Rendered, Walk } from './state.ts';
import { boldLines, markdownToMrkdwn } from './text.ts';

/** Columns of at most this much text each may sit side by side as section fields. */
const SHORT_COLUMN = 300;

export function renderElements(items: unknown, path: string, w: Walk): Rendered[] {
  return asArray(items).flatMap((item, i) => renderElement(item, `${path}[${i}]`, w));
}

function reportSelectAction(el: CardElement, path: string, w: Walk): void {
  if (isRecord(el.selectAction))
    w.report.drop(`${path}.selectAction`, str(el.selectAction.type) ?? 'unknown', `Slack cannot make a whole ${el.type} clickable`);
}

/** The mrkdwn of a column that holds only visible TextBlocks; undefined for anything else. */
function columnText(column: unknown): string | undefined {
  if (!isRecord(column) || column.isVisible === false || isRecord(column.selectAction)) return undefined;
  const parts: string[] = [];
  for (const item of asArray(column.items)) {
    if (!isElement(item) || item.type !== 'TextBlock' || item.isVisible === false) return undefined;
    const source = text(item.text);
    if (source) parts.push(isHeadingLike(item) ? boldLines(markdownToMrkdwn(source)) : markdownToMrkdwn(source));
  }
  return parts.join('\n');
}

function columnFields(el: CardElement, path: string): Rendered[] | undefined {
  const columns = asArray(el.columns);
  if (columns.length < 2 || columns.length > L.sectionFields || isRecord(el.selectAction)) return undefined;
  const texts: string[] = [];
  for (const column of columns) {
    const t = columnText(column);
    if (t === undefined || t.length > SHORT_COLUMN) return undefined;
    if (t.trim()) texts.push(t);
  }
  if (!texts.length) return undefined;
  const fields = texts.map((t): MrkdwnElement => ({ type: 'mrkdwn', text: t }));
  return [{ block: { type: 'section', fields }, path, element: el.type }];
}

function columnSet(el: CardElement, path: string, w: Walk): Rendered[] {
  const fields = columnFields(el, path);
  if (fields) return fields;
  reportSelectAction(el, path, w);
  return asArray(el.columns).flatMap((column, i) => {
    const at = `${path}.columns[${i}]`;
    if (!isRecord(column)) {
      w.report.drop(at, 'Column', 'not a column');
      return [];
    }
    if (column.isVisible === false) {
      w.report.drop(at, 'Column', 'hidden column: Slack has no way to show it later');
      return [];
    }
    reportSelectAction({ ...column, type: 'Column' }, at, w);
    return renderElements(column.items, `${at}.items`, w);
  });
}

const UNSUPPORTED: Record<string, string> = {
  Media: 'Slack blocks cannot play media',
  Table: 'tables are not translated for Slack',
};

export function renderElement(item: unknown, path: string, w: Walk): Rendered[] {
  if (!isElement(item)) {
    w.report.drop(path, 'unknown', 'not a card element');
    return [];
  }
  const el = item;
  if (el.isVisible === false) {
    w.report.drop(path, el.type, 'hidden element: Slack has no way to show it later');
    return [];
  }
  if (isInput(el)) return inputBlock(el, path, w);
  switch (el.type) {
    case 'TextBlock':
      return textBlock(el, path, w);
    case 'RichTextBlock':
      return richTextBlock(el, path, w);
    case 'FactSet':
      return factSet(el, path, w);
    case 'Image':
      return image(el, path, w);
    case 'ImageSet':
      return imageSet(el, path, w);
    case 'Container':
      reportSelectAction(el, path, w);
      return renderElements(el.items, `${path}.items`, w);
    case 'ColumnSet':
      return columnSet(el, path, w);
    case 'ActionSet':
      return actionBlocks(el.actions, `${path}.actions`, el.type, w);
    default:
      if (isElement(el.fallback)) {
        w.report.drop(path, el.type, 'element type Slack cannot show: its fallback is shown instead');
        return renderElement(el.fallback, `${path}.fallback`, w);
      }
      w.report.drop(path, el.type, UNSUPPORTED[el.type] ?? 'element type Slack cannot show');
      return [];
  }
}
