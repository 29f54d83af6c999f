// Adaptive Card text → Slack text. TextBlock and FactSet text is a markdown subset (**bold**,
// _italic_ or *italic*, [text](url), "- " bullets, numbered lists) plus {{DATE()}}/{{TIME()}};
// Slack mrkdwn writes *bold*, _italic_, <url|text>, and treats &, < and > as control characters,
// so every literal one is escaped. plain_text fields get the same text with the markup removed.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes the three characters Slack reads as controls in mrkdwn. */
export const escapeMrkdwn = (s: string): string => s.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);

/** An http(s) URL without spaces: what Slack accepts for image and button URLs. */
export const WEB_URL = /^https?:\/\/\S+$/i;

/** A link target Slack can open, made safe inside <url|text>; undefined for other schemes. */
export function linkUrl(url: string | undefined): string | undefined {
  const u = url?.trim();
  if (!u || !/^(https?:\/\/|mailto:)/i.test(u) || u.length > 3000) return undefined;
  return u.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
}

// Private-use characters stand for finished pieces (links, dates, escaped characters) while the
// rest is converted; any already in the input are removed first.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const BOLD = '\uE002';
const PRIVATE = /[\uE000-\uE002]/g;
const TOKEN = /\uE000(\d+)\uE001/g;

class Tokens {
  private readonly parts: string[] = [];
  keep(s: string): string {
    this.parts.push(s);
    return `${OPEN}${this.parts.length - 1}${CLOSE}`;
  }
  restore(s: string): string {
    return s.replace(TOKEN, (_m, i: string) => this.parts[Number(i)] ?? '');
  }
}

const LINK = /\[([^\]\n]*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g;
// CommonMark escapes any ASCII punctuation (the card machinery escapes card text this way, see
// cards/literal.ts): each reads back as the character itself, never with its backslash.
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const BULLET = /^([ \t]*)[-*+][ \t]+/gm;
// {{DATE(2017-02-14T06:08:39Z, SHORT)}} and {{TIME(2017-02-14T06:08:39Z)}}: RFC 3339 only.
const DATE_FN = /\{\{(DATE|TIME)\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))(?:,\s*(COMPACT|SHORT|LONG))?\)\}\}/g;
const SLACK_DATE_FORMAT: Record<string, string> = { COMPACT: '{date_num}', SHORT: '{date_short}', LONG: '{date_long}' };

/** What a date function reads as without Slack's formatting: the date or time as written. */
function dateFallback(fn: string, iso: string): string {
  if (fn === 'DATE') return iso.slice(0, 10);
  const zone = iso.slice(16).replace(/^:\d{2}(\.\d+)?/, '');
  return `${iso.slice(11, 16)} ${zone === 'Z' ? 'UTC' : `UTC${zone}`}`;
}

function dates(s: string, t: Tokens, format: 'plain' | 'mrkdwn'): string {
  return s.replace(DATE_FN, (m, fn: string, iso: string, style: string | undefined) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return m;
    const fallback = dateFallback(fn, iso);
    if (format === 'plain') return t.keep(fallback);
    const token = fn === 'TIME' ? '{time}' : (SLACK_DATE_FORMAT[style ?? 'COMPACT'] ?? '{date_num}');
    return t.keep(`<!date^${Math.floor(ms / 1000)}^${token}|${fallback}>`);
  });
}

/** **bold** / __bold__ → *bold*, *italic* → _italic_ (Slack's own _italic_ passes through). */
function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([^\n]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '$1_$2_')
    .replace(new RegExp(BOLD, 'g'), '*');
}

/** Adaptive Card markdown → Slack mrkdwn. */
export function markdownToMrkdwn(markdown: string): string {
  const t = new Tokens();
  let s = markdown.replace(PRIVATE, '').replace(/\r\n?/g, '\n');
  s = s.replace(BACKSLASH_ESCAPE, (_m, c: string) => t.keep(escapeMrkdwn(c)));
  s = dates(s, t, 'mrkdwn');
  s = s.replace(LINK, (_m, label: string, url: string) => {
    const shown = emphasis(escapeMrkdwn(label)) || escapeMrkdwn(url);
    const target = linkUrl(url);
    return target ? t.keep(`<${target}|${shown}>`) : t.keep(shown);
  });
  s = s.replace(BULLET, '$1• ');
  s = emphasis(escapeMrkdwn(s));
  return t.restore(s);
}

/** Adaptive Card markdown → plain text (for plain_text fields such as headers and titles). */
export function markdownToPlain(markdown: string): string {
  const t = new Tokens();
  let s = markdown.replace(PRIVATE, '').replace(/\r\n?/g, '\n');
  s = s.replace(BACKSLASH_ESCAPE, (_m, c: string) => t.keep(c));
  s = dates(s, t, 'plain');
  s = s.replace(LINK, (_m, label: string, url: string) => t.keep(label || url));
  s = s.replace(BULLET, '$1• ');
  s = s
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '$1')
    .replace(/__(?=\S)([^\n]*?\S)__/g, '$1')
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w_])/g, '$1$2');
  return t.restore(s);
}

/** Wraps each non-empty line in *…* (Slack bold does not cross lines), leaving lines that
 *  already carry bold alone. */
export function boldLines(mrkdwn: string): string {
  return mrkdwn
    .split('\n')
    .map((line) => {
      const m = /^(\s*(?:• )?)(.*?)(\s*)$/.exec(line);
      if (!m?.[2] || line.includes('*')) return line;
      return `${m[1]}*${m[2]}*${m[3]}`;
    })
    .join('\n');
}

/** Wraps text in a Slack mrkdwn marker, keeping surrounding spaces outside it (Slack ignores
 *  "* bold *"). */
export function wrapMarker(s: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s);
  if (!m?.[2]) return s;
  return `${m[1]}${marker}${m[2]}${marker}${m[3]}`;
}

/** One line of plain text (headers, titles, labels). */
export const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

/** `s` cut to at most `max` characters, ending with an ellipsis. Never splits a surrogate pair
 *  and, in mrkdwn, never an entity or a <…> control sequence. */
export function cut(s: string, max: number, format: 'plain' | 'mrkdwn'): string {
  if (s.length <= max) return s;
  let head = s.slice(0, Math.max(0, max - 1));
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  if (format === 'mrkdwn') {
    const lt = head.lastIndexOf('<');
    if (lt > head.lastIndexOf('>')) head = head.slice(0, lt);
    const amp = head.lastIndexOf('&');
    if (amp >= 0 && !head.slice(amp).includes(';') && head.length - amp < 6) head = head.slice(0, amp);
  }
  return `${head.trimEnd()}…`;
}
