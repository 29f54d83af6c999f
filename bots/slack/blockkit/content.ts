// Card content → blocks: TextBlock (header, section or context), RichTextBlock, FactSet, Image.
import type { ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import type { CardElement } from '../../../cards/types.ts';
import { asArray, isRecord, lower, str, text } from './guards.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { plainText, type Rendered, type Walk } from './state.ts';
import { boldLines, escapeMrkdwn, linkUrl, markdownToMrkdwn, markdownToPlain, oneLine, WEB_URL, wrapMarker } from './text.ts';

const mrkdwn = (t: string): MrkdwnElement => ({ type: 'mrkdwn', text: t });
const one = (block: KnownBlock, path: string, element: string): Rendered[] => [{ block, path, element }];

export function section(md: string, path: string, element: string, w: Walk): Rendered[] {
  const block: SectionBlock = { type: 'section', text: mrkdwn(w.report.fit(md, L.sectionText, { path, element, what: 'text' }, 'mrkdwn')) };
  return one(block, path, element);
}

/** Large, ExtraLarge or Bolder text (not Small), or style "heading". */
export function isHeadingLike(el: CardElement): boolean {
  const size = lower(el.size);
  return lower(el.style) === 'heading' || size === 'large' || size === 'extralarge' || (lower(el.weight) === 'bolder' && size !== 'small');
}

export function textBlock(el: CardElement, path: string, w: Walk): Rendered[] {
  const source = text(el.text);
  if (!source) return [];
  const heading = isHeadingLike(el);
  const first = heading && !w.headingSeen;
  if (heading) w.headingSeen = true;
  if (lower(el.style) === 'heading' || first) {
    const plain = oneLine(markdownToPlain(source));
    // A heading longer than a header allows stays whole as bold text instead of being cut.
    if (plain && plain.length <= L.headerText) return one({ type: 'header', text: plainText(plain) }, path, el.type);
  }
  const md = heading ? boldLines(markdownToMrkdwn(source)) : markdownToMrkdwn(source);
  if (!heading && (el.isSubtle === true || lower(el.size) === 'small')) {
    const block: ContextBlock = { type: 'context', elements: [mrkdwn(w.report.fit(md, L.textObject, { path, element: el.type, what: 'text' }, 'mrkdwn'))] };
    return one(block, path, el.type);
  }
  return section(md, path, el.type, w);
}

/** A TextRun's text is literal (no markdown): escaped, then styled with Slack markers. */
function textRun(inline: unknown, path: string, w: Walk): string {
  if (typeof inline === 'string') return escapeMrkdwn(inline);
  if (!isRecord(inline) || (inline.type !== undefined && inline.type !== 'TextRun')) {
    w.report.drop(path, isRecord(inline) ? String(inline.type) : 'unknown', 'inline type Slack cannot show');
    return '';
  }
  let t = escapeMrkdwn(str(inline.text) ?? '');
  if (lower(inline.fontType) === 'monospace') t = wrapMarker(t, '`');
  if (lower(inline.weight) === 'bolder') t = wrapMarker(t, '*');
  if (inline.italic === true) t = wrapMarker(t, '_');
  if (inline.strikethrough === true) t = wrapMarker(t, '~');
  const action = inline.selectAction;
  if (isRecord(action)) {
    const url = action.type === 'Action.OpenUrl' ? linkUrl(str(action.url)) : undefined;
    if (url && t.trim()) return `<${url}|${t}>`;
    w.report.drop(`${path}.selectAction`, str(action.type) ?? 'unknown', 'only links can be attached to text in Slack');
  }
  return t;
}

export function richTextBlock(el: CardElement, path: string, w: Walk): Rendered[] {
  const md = asArray(el.inlines)
    .map((inline, i) => textRun(inline, `${path}.inlines[${i}]`, w))
    .join('');
  return md.trim() ? section(md, path, el.type, w) : [];
}

/** Facts as section fields ("*title*\nvalue"), at most 10 per section. */
export function factSet(el: CardElement, path: string, w: Walk): Rendered[] {
  const fields: MrkdwnElement[] = [];
  for (const [i, fact] of asArray(el.facts).entries()) {
    const at = `${path}.facts[${i}]`;
    if (!isRecord(fact)) {
      w.report.drop(at, 'Fact', 'not a fact');
      continue;
    }
    const title = markdownToMrkdwn(str(fact.title) ?? '').trim();
    const value = markdownToMrkdwn(str(fact.value) ?? '');
    const field = title ? `${boldLines(title)}\n${value}` : value;
    if (field.trim()) fields.push(mrkdwn(w.report.fit(field, L.fieldText, { path: at, element: 'Fact', what: 'fact' }, 'mrkdwn')));
  }
  const out: Rendered[] = [];
  for (let i = 0; i < fields.length; i += L.sectionFields)
    out.push({ block: { type: 'section', fields: fields.slice(i, i + L.sectionFields) }, path, element: el.type });
  return out;
}

export const GENERIC_ALT_TEXT = 'Image';

export function image(el: CardElement, path: string, w: Walk): Rendered[] {
  const url = str(el.url)?.trim();
  if (!url || !WEB_URL.test(url)) {
    w.report.drop(path, el.type, 'image without an http(s) URL: Slack can only show publicly hosted images');
    return [];
  }
  if (url.length > L.imageUrl) {
    w.report.drop(path, el.type, `image URL longer than Slack's ${L.imageUrl} characters`);
    return [];
  }
  if (isRecord(el.selectAction)) w.report.drop(`${path}.selectAction`, str(el.selectAction.type) ?? 'unknown', 'Slack images cannot be clicked');
  let alt = text(el.altText)?.trim();
  if (!alt) {
    w.report.drop(`${path}.altText`, el.type, `no altText: the generic "${GENERIC_ALT_TEXT}" is used`);
    alt = GENERIC_ALT_TEXT;
  }
  return one({ type: 'image', image_url: url, alt_text: w.report.fit(alt, L.imageAltText, { path, element: el.type, what: 'alt text' }) }, path, el.type);
}

export function imageSet(el: CardElement, path: string, w: Walk): Rendered[] {
  return asArray(el.images).flatMap((img, i) => {
    const at = `${path}.images[${i}]`;
    if (!isRecord(img)) {
      w.report.drop(at, 'Image', 'not an image');
      return [];
    }
    return image({ ...img, type: 'Image' }, at, w);
  });
}
