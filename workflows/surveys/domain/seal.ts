// Sealing an answer while its run is open: AES-256-GCM with a key the service holds and the
// database does not, so that someone who reads the database (live, or any copy of its files)
// sees only ciphertext of one fixed size per run until the run closes and its answers are
// released in one shuffled batch (release.ts). See README.md, "Sealed until the run closes".
//
// Box layout: version (1 byte) | key id (8) | nonce (12) | ciphertext (padded size) | tag (16).
// The plaintext is a 4-byte length, the JSON of the answer, then zeros up to the padded size,
// which depends only on the survey's questions: every box of a run has the same length.
// The run id is authenticated data, so a box cannot be moved to another run.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../core/errors.ts';
import { LIMITS, type QuestionSpec } from './model.ts';
import type { ResponseGroups } from './tallies.ts';
import type { AnswerRow } from './validate-answers.ts';

const VERSION = 1;
const KEY_ID_BYTES = 8;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
const LENGTH_BYTES = 4;

/** A loaded key: the 32 bytes and a public id (an HMAC of a constant, telling keys apart). */
export interface SealKey {
  readonly key: Buffer;
  readonly id: Buffer;
}

export interface SealedAnswer {
  groups: ResponseGroups;
  answers: AnswerRow[];
}

export function sealKeyFrom(key: Buffer): SealKey {
  if (key.length !== 32) throw new AppError(ErrorCode.ConfigInvalid, 'a survey seal key is 32 bytes');
  return { key, id: createHmac('sha256', key).update('dmps-connect survey seal key id').digest().subarray(0, KEY_ID_BYTES) };
}

/** Decodes SURVEY_SEAL_KEY: base64 of exactly 32 bytes, or undefined when it is not that. */
export function decodeSealKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(t)) return undefined;
  const key = Buffer.from(t, 'base64');
  return key.length === 32 ? key : undefined;
}

/** Where the key file is when SURVEY_SEAL_KEY is not set: SURVEY_SEAL_KEY_FILE, else beside the
 *  SQLite file, else ./data/survey-seal.key (never inside the database). */
export function sealKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SURVEY_SEAL_KEY_FILE) return resolve(env.SURVEY_SEAL_KEY_FILE);
  const url = env.DATABASE_URL ?? '';
  if (url.startsWith('file:')) return join(dirname(resolve(url.slice('file:'.length).split('?')[0] ?? '')), 'survey-seal.key');
  return resolve('data', 'survey-seal.key');
}

/** Reads the key file, or makes it once (mode 0600): written aside and linked into place, so
 *  two processes starting together end up with the same key. */
function keyFromFile(path: string): Buffer {
  try {
    return readKeyFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw keyFileError(path, e);
  }
  try {
    return makeKeyFile(path);
  } catch (e) {
    throw keyFileError(path, e);
  }
}

const keyFileError = (path: string, e: unknown) =>
  e instanceof AppError
    ? e
    : new AppError(ErrorCode.ConfigInvalid, `the survey seal key file ${path} cannot be read or made (set SURVEY_SEAL_KEY or SURVEY_SEAL_KEY_FILE)`, {
        cause: e,
      });

function makeKeyFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(aside, { force: true });
  }
  return readKeyFile(path);
}

function readKeyFile(path: string): Buffer {
  const key = decodeSealKey(readFileSync(path, 'utf8'));
  if (!key) throw new AppError(ErrorCode.ConfigInvalid, `the survey seal key file ${path} does not hold a base64 32-byte key`);
  return key;
}

const loaded = new Map<string, SealKey>();
/** The last key given and the settings it came from: every answer asks, and hashing the text or
 *  resolving the file's path each time cost about 12 µs of an answer's CPU. */
let last: { text?: string; file?: string; url?: string; cwd: string; key: SealKey } | undefined;

/** The service's key: SURVEY_SEAL_KEY, else the key file (made on first use). */
export function loadSealKey(env: NodeJS.ProcessEnv = process.env): SealKey {
  const text = env.SURVEY_SEAL_KEY;
  const cwd = process.cwd();
  if (last && last.text === text && last.file === env.SURVEY_SEAL_KEY_FILE && last.url === env.DATABASE_URL && last.cwd === cwd) return last.key;
  const key = findSealKey(env);
  last = { text, file: env.SURVEY_SEAL_KEY_FILE, url: env.DATABASE_URL, cwd, key };
  return key;
}

function findSealKey(env: NodeJS.ProcessEnv): SealKey {
  const text = env.SURVEY_SEAL_KEY;
  const source = text ? `env:${createHash('sha256').update(text).digest('hex')}` : `file:${sealKeyPath(env)}`;
  const known = loaded.get(source);
  if (known) return known;
  let key: Buffer;
  if (text) {
    const decoded = decodeSealKey(text);
    if (!decoded) throw new AppError(ErrorCode.ConfigInvalid, 'SURVEY_SEAL_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32)');
    key = decoded;
  } else {
    key = keyFromFile(sealKeyPath(env));
  }
  const sealKey = sealKeyFrom(key);
  loaded.set(source, sealKey);
  return sealKey;
}

/** The key of these deps: the one they carry, else the service's (loadSealKey). */
export const sealKeyOf = (deps: { sealKey?: SealKey }): SealKey => deps.sealKey ?? loadSealKey();

// ---- the fixed size ----

/** JSON takes at most 6 bytes for one code point (\u0000 or a lone surrogate; 4 for others). */
const JSON_BYTES_PER_CHAR = 6;
/** Fixed room for the four group names; a longer directory value makes that box larger. */
const GROUPS_BYTES = 2048;
const ROW_OVERHEAD = 96;

/** The plaintext size every answer to these questions is padded to. */
export function paddedSize(questions: readonly QuestionSpec[]): number {
  let size = 64 + GROUPS_BYTES;
  for (const q of questions) {
    const row = ROW_OVERHEAD + q.key.length;
    if (q.kind === 'comment') size += row + LIMITS.maxCommentChars * JSON_BYTES_PER_CHAR;
    else if (q.kind === 'multi') size += q.choices.reduce((s, c) => s + row + c.key.length, 0);
    else if (q.kind === 'single') size += row + Math.max(0, ...q.choices.map((c) => c.key.length));
    else size += row;
  }
  // Whole kilobytes, so that small edits to the bank rarely change a run's size.
  return Math.ceil(size / 1024) * 1024;
}

const nullable = z.string().nullable();
const Plaintext = z.object({
  g: z.object({ building: nullable, region: nullable, role: nullable, jobCategory: nullable }),
  a: z.array(z.object({ questionKey: z.string(), choice: z.string(), value: z.number().int().nullable(), comment: nullable })),
});

/** Random nonces cut from 4 KiB of the system's generator at a time, as randomUUID buffers its
 *  own: a call into the generator for every 12 bytes cost about 40 µs of an answer's CPU under
 *  load. A nonce is random either way (a collision needs about 2^48 boxes under one key). */
const noncePool = { bytes: Buffer.alloc(0), at: 0 };
function nextNonce(): Buffer {
  if (noncePool.at + NONCE_BYTES > noncePool.bytes.length) {
    noncePool.bytes = randomBytes(NONCE_BYTES * 341);
    noncePool.at = 0;
  }
  const nonce = noncePool.bytes.subarray(noncePool.at, noncePool.at + NONCE_BYTES);
  noncePool.at += NONCE_BYTES;
  return nonce;
}

const aadOf = (runId: string) => Buffer.from(`dmps-connect survey seal v${VERSION}:${runId}`, 'utf8');

/** Encrypts one answer for a run, padded to `size` bytes of plaintext. */
export function sealAnswer(key: SealKey, runId: string, answer: SealedAnswer, size: number): Uint8Array<ArrayBuffer> {
  const json = Buffer.from(JSON.stringify({ g: answer.groups, a: answer.answers }), 'utf8');
  // Only a directory value beyond GROUPS_BYTES gets here; such a box is rounded to whole KiB.
  const total = Math.max(size, Math.ceil((LENGTH_BYTES + json.length) / 1024) * 1024);
  const plain = Buffer.alloc(total);
  plain.writeUInt32BE(json.length, 0);
  json.copy(plain, LENGTH_BYTES);
  const nonce = nextNonce();
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(aadOf(runId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), key.id, nonce, body, cipher.getAuthTag()]));
}

const unopenable = (runId: string, why: string) =>
  new AppError(ErrorCode.Internal, `a sealed survey answer of run ${runId} cannot be opened: ${why}`, { details: { runId } });

/** Decrypts a box made by sealAnswer for this run; throws (internal) when the key is another
 *  or the box was changed. */
export function openAnswer(key: SealKey, runId: string, box: Uint8Array): SealedAnswer {
  const b = Buffer.from(box);
  if (b.length < HEADER_BYTES + LENGTH_BYTES + TAG_BYTES || b[0] !== VERSION) throw unopenable(runId, 'unknown format');
  if (!b.subarray(1, 1 + KEY_ID_BYTES).equals(key.id))
    throw unopenable(runId, 'it was sealed with another key (set the same SURVEY_SEAL_KEY on every instance)');
  const decipher = createDecipheriv('aes-256-gcm', key.key, b.subarray(1 + KEY_ID_BYTES, HEADER_BYTES));
  decipher.setAAD(aadOf(runId));
  decipher.setAuthTag(b.subarray(b.length - TAG_BYTES));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(b.subarray(HEADER_BYTES, b.length - TAG_BYTES)), decipher.final()]);
  } catch (e) {
    throw new AppError(ErrorCode.Internal, `a sealed survey answer of run ${runId} failed authentication`, { cause: e, details: { runId } });
  }
  const length = plain.readUInt32BE(0);
  const parsed = Plaintext.safeParse(JSON.parse(plain.subarray(LENGTH_BYTES, LENGTH_BYTES + length).toString('utf8')));
  if (!parsed.success) throw unopenable(runId, 'unknown content');
  return { groups: parsed.data.g, answers: parsed.data.a };
}
