// The directory CSV's text encoding. By default the file must be UTF-8 (a UTF-8 byte-order
// mark is fine): before anything is imported the whole file is checked once, byte by byte, and
// a file that is not valid UTF-8 is refused with the line of the first bad byte and what to do,
// so a Latin-1 "José" is never stored as "Jos\uFFFD". With `encoding: 'windows-1252'` the
// file is decoded as Windows-1252 (Excel's plain "CSV (Comma delimited)" on Windows); Latin-1
// is read the same way, as browsers do, since the two differ only in 0x80-0x9F, which are
// invisible control characters in Latin-1 and “smart quotes”, dashes and € in Windows-1252.
// Node's own TextDecoder("windows-1252") decodes those as Latin-1, so the table is here.
// UTF-16 (Excel's "Unicode Text", which is also tab-separated) and spreadsheets are refused.
// Then the file is read as a stream of physical lines: "\n", "\r\n" and a lone "\r" each end one.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { AppError, ErrorCode } from '../core/errors.ts';

export type DirectoryEncoding = 'utf-8' | 'windows-1252';

/** What `--encoding` accepts, and the decoding each names. */
const ENCODING_NAMES: Record<string, DirectoryEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
};
export const ENCODING_CHOICES = 'utf-8, windows-1252 or latin1';

/** The encoding a user named (any case), or a clear refusal. */
export function parseEncoding(name: string): DirectoryEncoding {
  const encoding = ENCODING_NAMES[name.trim().toLowerCase()];
  if (!encoding) throw new AppError(ErrorCode.InvalidInput, `--encoding takes ${ENCODING_CHOICES} (got "${name}")`);
  return encoding;
}

/** Windows-1252's characters for bytes 0x80-0x9F; the five it leaves undefined stay as they are. */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';
const decodeCp1252 = (bytes: Buffer) => bytes.toString('latin1').replace(/[\x80-\x9F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** What a quick look at the file's first bytes says it is, when it is plainly not a CSV text. */
function notCsvText(head: Buffer): string | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    return 'the file is UTF-16 text (what Excel saves as "Unicode Text"), not a UTF-8 CSV; nothing was imported. In Excel choose Save As "CSV UTF-8 (Comma delimited) (*.csv)" and import that file';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) || head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    return 'the file is an Excel workbook, not a CSV file; nothing was imported. In Excel choose Save As "CSV UTF-8 (Comma delimited) (*.csv)" and import that file';
  return undefined;
}

interface Scan {
  /** The first byte that is not part of valid UTF-8, and its line. */
  invalid?: { line: number; byte: number };
  /** The first line holding a NUL byte (binary, or UTF-16 without its mark). */
  nulLine?: number;
  /** The first line with a (valid) UTF-8 character beyond ASCII. */
  nonAsciiLine?: number;
}

/** One pass over the bytes: validates UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
async function scan(file: string): Promise<Scan & { head: Buffer }> {
  const out: Scan = {};
  let head = Buffer.alloc(0);
  let line = 1;
  let afterCr = false;
  /** Continuation bytes still expected, the bounds of the next one, and the sequence's first byte. */
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let lead = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (need) {
        if (b >= lo && b <= hi) {
          need--;
          lo = 0x80;
          hi = 0xbf;
          if (!need && out.nonAsciiLine === undefined) out.nonAsciiLine = line;
          continue;
        }
        out.invalid ??= { line, byte: lead };
        need = 0;
        lo = 0x80;
        hi = 0xbf;
      }
      if (b < 0x80) {
        if (b === 0x0a) {
          if (!afterCr) line++;
        } else if (b === 0x0d) line++;
        else if (b === 0) out.nulLine ??= line;
        afterCr = b === 0x0d;
        continue;
      }
      afterCr = false;
      lead = b;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lo = 0xa0;
        else if (b === 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lo = 0x90;
        else if (b === 0xf4) hi = 0x8f;
      } else out.invalid ??= { line, byte: b };
    }
    // Once both answers are known, the rest of the file cannot change them.
    if (out.invalid && out.nulLine !== undefined) break;
  }
  if (need) out.invalid ??= { line, byte: lead };
  return { ...out, head };
}

/**
 * Refuses, before anything is imported, a file that the encoding cannot read: not UTF-8 (when
 * that is the encoding), UTF-16, a spreadsheet, binary; or a UTF-8 file about to be read as
 * Windows-1252, which would store "José" as "JosÃ©".
 */
export async function checkEncoding(file: string, encoding: DirectoryEncoding): Promise<void> {
  const found = await scan(file);
  const refuse = (message: string) => {
    throw new AppError(ErrorCode.InvalidInput, message);
  };
  const notText = notCsvText(found.head);
  if (notText) refuse(notText);
  if (found.nulLine !== undefined)
    refuse(
      `line ${found.nulLine} holds a NUL byte, so the file is not CSV text (it may be UTF-16 or a spreadsheet); nothing was imported. Save it as "CSV UTF-8 (Comma delimited) (*.csv)" and import that file`,
    );
  if (found.invalid && found.nonAsciiLine !== undefined)
    refuse(
      `line ${found.invalid.line} is not valid UTF-8 (byte ${hex(found.invalid.byte)}), but line ${found.nonAsciiLine} is: the file mixes two encodings, so no single one reads it right; ` +
        `nothing was imported. Retype the accented letters on line ${found.invalid.line} (and any other such line) and save the file as "CSV UTF-8 (Comma delimited) (*.csv)"`,
    );
  if (encoding === 'utf-8' && found.invalid) {
    const { line, byte } = found.invalid;
    refuse(
      `line ${line} is not valid UTF-8 (byte ${hex(byte)}, which is "${decodeCp1252(Buffer.from([byte]))}" in Windows-1252): the file looks like Latin-1 or Windows-1252, ` +
        `as Excel's plain "CSV (Comma delimited)" saves it; nothing was imported. Save it again as "CSV UTF-8 (Comma delimited) (*.csv)", ` +
        'or import it as it is with --encoding windows-1252 (or --encoding latin1)',
    );
  }
  if (encoding === 'windows-1252' && found.nonAsciiLine !== undefined)
    refuse(
      `the file is UTF-8 (line ${found.nonAsciiLine} has a UTF-8 character), so reading it as Windows-1252 would garble its accents; nothing was imported. Import it without --encoding`,
    );
}

export interface PhysicalLine {
  /** 1 is the file's first line. */
  line: number;
  text: string;
  /** Longer than MAX_LINE_CHARS: its text is dropped (it is reported, not read). */
  tooLong?: true;
}

/** Longer lines are reported and skipped, so one huge line cannot fill the memory. */
export const MAX_LINE_CHARS = 65_536;

/** The file's lines, decoded; a UTF-8 byte-order mark is dropped. Call checkEncoding first. */
export async function* readLines(file: string, encoding: DirectoryEncoding): AsyncGenerator<PhysicalLine> {
  const utf8 = new StringDecoder('utf8');
  const decode = encoding === 'utf-8' ? (b: Buffer) => utf8.write(b) : decodeCp1252;
  let line = 1;
  let rest = '';
  let tooLong = false;
  let first = true;
  const breaks = /\r\n|\n|\r/g;
  const take = (text: string): PhysicalLine => (tooLong || text.length > MAX_LINE_CHARS ? { line: line++, text: '', tooLong: true } : { line: line++, text });
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let text = rest + decode(chunk);
    if (first && encoding === 'utf-8') {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = text.length === 0;
    }
    let start = 0;
    breaks.lastIndex = 0;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) {
      // A "\r" at the end of a chunk may be the first half of "\r\n": wait for the next chunk.
      if (m[0] === '\r' && m.index === text.length - 1) break;
      yield take(text.slice(start, m.index));
      tooLong = false;
      start = m.index + m[0].length;
    }
    rest = text.slice(start);
    if (rest.length > MAX_LINE_CHARS + 1) {
      tooLong = true;
      rest = rest.endsWith('\r') ? '\r' : '';
    }
  }
  rest += encoding === 'utf-8' ? utf8.end() : '';
  if (rest.endsWith('\r')) {
    yield take(rest.slice(0, -1));
    tooLong = false;
    rest = '';
  }
  if (rest || tooLong) yield take(rest);
}
