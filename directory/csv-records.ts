// CSV records from physical lines (RFC 4180: comma-separated, values with commas, quotes or
// line breaks in double quotes, "" for a quote inside them; spaces around a value are
// trimmed). A broken record costs exactly the line it starts on, never the rest of the file:
//
// RECOVERY RULE. A record starts at a line. A quoted value may run over several lines, as Excel
// writes a cell holding a line break, but only when (1) it closes within MAX_RECORD_LINES
// lines, (2) none of the lines it runs over would be a complete record on its own (the
// header's number of fields, every quote in order), and (3) the record then ends properly: the
// closing quote followed by a comma or the end of the line, and the header's number of fields.
// Otherwise the quote is taken as a stray one: the line it opened on is reported as broken and
// reading goes on at the very next line, read as a record of its own. Any other broken record
// (a quote inside an unquoted value, text after a closing quote, the wrong number of fields)
// is one line, reported, and reading goes on at the next line. The header must be one line.
import type { PhysicalLine } from './text-encoding.ts';
import { MAX_LINE_CHARS } from './text-encoding.ts';

/** How many lines one record may span (a quoted value with line breaks in it). */
export const MAX_RECORD_LINES = 20;

export type Problem = 'unclosed-quote' | 'quote-in-unquoted' | 'text-after-quote' | 'field-count' | 'too-long';

export type CsvRecord = { kind: 'record'; line: number; fields: string[] } | { kind: 'broken'; line: number; problem: Problem; fields?: number };

type Parsed =
  | { kind: 'fields'; fields: string[] }
  /** A problem found on the record's `at`-th line (0 is its first). */
  | { kind: 'error'; problem: Problem; at: number }
  /** A quoted value is still open at the end of the last line given. */
  | { kind: 'open' };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/** Reads one record from `lines`, a quoted value going on from one line to the next. */
function parseRecord(lines: readonly string[]): Parsed {
  const fields: string[] = [];
  let value = '';
  let inQuotes = false;
  for (let at = 0; at < lines.length; at++) {
    const s = lines[at] as string;
    let i = 0;
    if (inQuotes) value += '\n';
    for (;;) {
      if (inQuotes) {
        const q = s.indexOf('"', i);
        if (q === -1) {
          value += s.slice(i);
          break; // the value goes on at the next line
        }
        value += s.slice(i, q);
        if (s[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        inQuotes = false;
        i = q + 1;
        while (isSpace(s[i])) i++;
        if (i === s.length) {
          fields.push(value);
          return { kind: 'fields', fields };
        }
        if (s[i] !== ',') return { kind: 'error', problem: 'text-after-quote', at };
        fields.push(value);
        value = '';
        i++;
        continue;
      }
      while (isSpace(s[i])) i++;
      if (s[i] === '"') {
        inQuotes = true;
        i++;
        continue;
      }
      const comma = s.indexOf(',', i);
      const raw = s.slice(i, comma === -1 ? s.length : comma);
      if (raw.includes('"')) return { kind: 'error', problem: 'quote-in-unquoted', at };
      fields.push(raw.trim());
      if (comma === -1) return { kind: 'fields', fields };
      i = comma + 1;
    }
  }
  return { kind: 'open' };
}

const isBlank = (fields: string[]) => fields.every((f) => f === '');

/** Whether a line is, by itself, a complete record of `count` fields. */
const standsAlone = (line: string, count: number) => {
  const r = parseRecord([line]);
  return r.kind === 'fields' && r.fields.length === count && !isBlank(r.fields);
};

/**
 * The records of `source`, in order, each with the line it starts on; blank lines and records
 * of only empty values are skipped. `fieldCount` is the header's number of fields once known.
 */
export async function* readRecords(source: AsyncIterable<PhysicalLine>, fieldCount: () => number | undefined): AsyncGenerator<CsvRecord> {
  const lines = source[Symbol.asyncIterator]();
  /** Lines read ahead while a quoted value was open; the next record starts at the first. */
  const ahead: PhysicalLine[] = [];
  const pull = async () => {
    const next = await lines.next();
    if (next.done) return false;
    ahead.push(next.value);
    return true;
  };

  while (ahead.length || (await pull())) {
    const first = ahead[0] as PhysicalLine;
    const count = fieldCount();
    const broken = (problem: Problem, fields?: number): CsvRecord => {
      ahead.shift();
      return { kind: 'broken', line: first.line, problem, ...(fields === undefined ? {} : { fields }) };
    };
    if (first.tooLong) {
      yield broken('too-long');
      continue;
    }
    let span = 1;
    let parsed = parseRecord([first.text]);
    while (parsed.kind === 'open') {
      // The header must be one line; a record may span MAX_RECORD_LINES.
      if (count === undefined || span >= MAX_RECORD_LINES) break;
      if (ahead.length <= span && !(await pull())) break;
      const next = ahead[span] as PhysicalLine;
      if (next.tooLong || standsAlone(next.text, count)) break;
      span++;
      parsed = parseRecord(ahead.slice(0, span).map((l) => l.text));
    }
    if (parsed.kind === 'open') {
      yield broken('unclosed-quote');
      continue;
    }
    if (parsed.kind === 'error') {
      // A problem past the first line means the quote that crossed the line break was a stray one.
      yield broken(span > 1 ? 'unclosed-quote' : parsed.problem);
      continue;
    }
    if (count !== undefined && parsed.fields.length !== count && !isBlank(parsed.fields)) {
      yield broken(span > 1 ? 'unclosed-quote' : 'field-count', parsed.fields.length);
      continue;
    }
    ahead.splice(0, span);
    if (!isBlank(parsed.fields)) yield { kind: 'record', line: first.line, fields: parsed.fields };
  }
}

const READ_ON = '; the next line was read as a new row';

/** Why a broken record was not read, as a person fixing the file needs it; `headerFields` is 0 for the header itself. */
export function problemText(problem: Problem, fields: number | undefined, headerFields: number): string {
  const readOn = headerFields ? READ_ON : '';
  switch (problem) {
    case 'field-count':
      return `has ${fields ?? 'a different number of'} fields but the header has ${headerFields} (put quotes around a value that contains a comma)`;
    case 'quote-in-unquoted':
      return 'a quote appears inside a value that is not quoted (quote the whole value and write "" for the quote)';
    case 'text-after-quote':
      return 'a quoted value is followed by more text before the next comma (write "" for a quote inside a quoted value)';
    case 'unclosed-quote':
      // With `fields`: the quote did close on a later line, but the row then had the wrong count.
      return fields === undefined
        ? `a quote opened on this line is never closed (write "" for a quote inside a quoted value)${readOn}`
        : `a quoted value opened on this line runs onto the next line, but the row then has ${fields} fields, not the header's ${headerFields} (look for a stray quote, or a comma outside quotes)${readOn}`;
    case 'too-long':
      return `the line is longer than ${MAX_LINE_CHARS.toLocaleString('en-US')} characters`;
  }
}
