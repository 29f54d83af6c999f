// Text on a card shows as written. Teams reads a TextBlock's text and a Fact's title and value as
// markdown (learn.microsoft.com, "Format cards in Teams": bold, italic, lists, links; no HTML),
// and Agents Playground renders them with react-markdown and raw HTML parsing, keeping only a few
// tags: "survey results <id>" loses "<id>" (an unknown tag, unwrapped to nothing), "App_Pool_01"
// turns italic, "1. How" becomes a list. Card text here is always data (catalog strings, names,
// titles, ids: the templates bind it, they write none), so every such property is escaped after
// the template is expanded, with CommonMark backslash escapes: `\<` reads as "<" in Teams,
// Playground and any CommonMark renderer. Only characters that can start markup are escaped,
// and line-start markers only at a line's start, so most text is unchanged. Slack's translator
// (bots/slack/blockkit/text.ts) reads the escapes back into literal characters.

/** Characters that start inline markup anywhere: emphasis, code, links, HTML, autolinks, strikethrough. */
const INLINE = /[\\*_`[\]<>~]/;
/** `&` that would start an entity (`&amp;`, `&#60;`); sticky, tested at the `&`. */
const ENTITY = /&#?[A-Za-z0-9]+;/y;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

function entityAt(text: string, i: number): boolean {
  ENTITY.lastIndex = i;
  return ENTITY.test(text);
}

/** Escapes one line's start: headings, quotes, list items, rules and setext underlines. */
function lineStart(line: string): string {
  const m = /^( {0,3})([#>+=|-]|\d{1,9}(?=[.)]))/.exec(line);
  if (!m) return line;
  const [, indent = '', marker = ''] = m;
  if (/^\d/.test(marker)) return `${indent}${marker}\\${line.slice(indent.length + marker.length)}`;
  return `${indent}\\${line.slice(indent.length)}`;
}

/** Anything escapeMarkdown may change: a character that can start markup, or a line-start marker. */
const MAY_NEED_ESCAPE = /[\\*_`[\]<>~&]|^ {0,3}(?:[#>+=|-]|\d)/m;

/** `text` as CommonMark that renders as exactly `text` (for TextBlock.text, Fact.title, Fact.value). */
export function escapeMarkdown(text: string): string {
  // Most card text has nothing to escape: one test, not a walk over every character.
  if (!MAY_NEED_ESCAPE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    const next = text.charAt(i + 1);
    // A backslash before punctuation or a line end would escape it or break the line.
    if (c === '\\') out += next === '' || next === '\n' || next === '\r' || ASCII_PUNCTUATION.test(next) ? '\\\\' : '\\';
    else if (INLINE.test(c) || (c === '&' && entityAt(text, i))) out += `\\${c}`;
    else out += c;
  }
  return out.split('\n').map(lineStart).join('\n');
}

/** `o`'s own properties through `f`, as a new plain object (a loop, not entries/fromEntries: this
 *  walk runs over every card rendered). A `__proto__` key stays an own property. */
export function mapObject(o: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: f(o[k]), enumerable: true, writable: true, configurable: true });
    else out[k] = f(o[k]);
  }
  return out;
}

/** The card's markdown-read properties, escaped (a walk over the expanded card). */
export function showAsWritten<T>(node: T): T {
  if (Array.isArray(node)) return node.map(showAsWritten) as T;
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const out = mapObject(o, showAsWritten);
  if (o.type === 'TextBlock' && typeof o.text === 'string') out.text = escapeMarkdown(o.text);
  if (Array.isArray(o.facts))
    out.facts = (o.facts as unknown[]).map((f) => {
      if (!f || typeof f !== 'object') return f;
      const fact = f as Record<string, unknown>;
      return {
        ...fact,
        ...(typeof fact.title === 'string' ? { title: escapeMarkdown(fact.title) } : {}),
        ...(typeof fact.value === 'string' ? { value: escapeMarkdown(fact.value) } : {}),
      };
    });
  return out as T;
}

/** The literal text behind an escaped TextBlock or Fact, for surfaces that show plain text
 *  (the home tab): CommonMark's backslash escapes read back. */
export const literalText = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
