// The statements every interactive turn runs (the dedupe claim, the account with its person and
// roles, the account's `lastSeenAt`), and those of the busiest turn at 9:00, a survey answer (the
// run, the questions, the sealed answer), straight on the database driver instead of through
// Prisma: through Prisma's client runtime and query compiler each raw statement cost about
// 0.2 ms of CPU, on better-sqlite3 itself about 0.02 ms. Values are written as Prisma writes
// them (SQLite: times as ISO text with "+00:00", Prisma's adapter default; PostgreSQL:
// `timestamp(3)` holding UTC), so Prisma reads of the same rows are unchanged.
//
// SQLite: one more better-sqlite3 connection on the same file (WAL), which never waits for a lock
// itself (timeout 0): a locked database is tried again asynchronously, as Prisma's adapter is
// (whenUnlocked). PostgreSQL: the same pg.Pool as Prisma, with its connect and statement timeouts.
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type SqliteSynchronous, sqlitePath, whenUnlocked } from '../prisma/driver.ts';
import type { Platform, Role } from '../prisma/sqlite/generated/client.ts';

/** One row per role (one with role null when the person has none). Columns as stored: dates and
 *  JSON come back as strings on SQLite; on PostgreSQL dates as strings too (UTC without zone),
 *  JSON as an object. */
export interface AccountRow {
  accountId: string;
  accountEmail: string | null;
  channelUserId: string | null;
  conversationRef: unknown;
  dmChannelId: string | null;
  lastSeenAt: unknown;
  otherSeenAt: unknown;
  personId: string | null;
  employeeId: string;
  name: string;
  email: string;
  building: string | null;
  region: string | null;
  jobCategory: string | null;
  hireDate: unknown;
  managerEmail: string | null;
  language: string;
  primaryPlatform: Platform | null;
  inactiveAt: unknown;
  createdAt: unknown;
  updatedAt: unknown;
  role: Role | null;
}

export interface AccountKey {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

export interface HotStatements {
  /** Inserts the dedupe key unless it is there; true when this call inserted it. */
  claim(key: string, at: Date): Promise<boolean>;
  /** The account with its person (when linked) and that person's roles, ordered by role. */
  findAccount(a: AccountKey): Promise<AccountRow[]>;
  /** Records that the account was seen at `now` (and where, and the Teams conversation
   *  reference to reach the person by: null keeps what is stored). */
  touchAccount(accountId: string, now: Date, reach: AccountReach): Promise<void>;
  /** A pulse-survey run as an answer needs it, with the person's participation slot (null when
  the run was not sent to them): the busiest read at 9:00. Undefined when there is no such run. */
  findRun(runId: string, personId: string): Promise<RunForAnswer | undefined>;
  /** A survey's questions in order, as stored (the answer's validation and its thanks card). */
  surveyQuestions(surveyId: string): Promise<StoredQuestion[]>;
  /** Stores a sealed answer and sets the person's bit, in one atomic step that holds the run
   *  row's write lock: 'recorded'; or nothing changes because the bit is already set
   *  ('already_recorded') or the run is not open at `now` ('not_open'). */
  sealAnswer(a: SealedAnswer): Promise<'recorded' | 'already_recorded' | 'not_open'>;
  /** Runs one write written as a tagged template (`${value}` becomes a bound parameter; a Date
   *  is stored as Prisma stores it) on the driver, prepared once per call site: for a turn's
   *  own hot write, where Prisma's runtime would cost several times the statement. Returns the
   *  number of rows changed. */
  execute(sql: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  /** Runs one read (or a write with RETURNING) written the same way; returns its rows with the
   *  columns as stored (see AccountRow). */
  query<T>(sql: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  close(): void;
}

export interface AccountReach {
  channelUserId: string | null;
  dmChannelId: string | null;
  conversationRef: object | null;
}

export interface RunForAnswer {
  surveyId: string;
  /** The survey's title, for the card that thanks the person. */
  title: { en: string; es: string };
  status: 'open' | 'closed';
  opensAt: Date;
  closesAt: Date;
  answeredSlots: Uint8Array;
  slot: number | null;
}

export interface SealedAnswer {
  runId: string;
  slot: number;
  /** The SurveySealed row's id. */
  id: string;
  box: Uint8Array;
  now: Date;
}

/** SQLite gives the boolean as 0/1 and the JSON as text; PostgreSQL as boolean and object. */
export interface StoredQuestion {
  key: string;
  kind: string;
  required: boolean | number;
  textEn: string;
  textEs: string;
  choices: unknown;
}

interface StoredRun {
  surveyId: string;
  titleEn?: string;
  titleEs?: string;
  status: 'open' | 'closed';
  opensAt: unknown;
  closesAt: unknown;
  answeredSlots: Uint8Array;
  slot?: number | bigint | null;
}

/** A stored time as a Date: SQLite keeps ISO text with its offset, PostgreSQL's timestamp(3) comes as UTC text without a zone. */
const storedTime = (v: unknown): Date => {
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]$|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
};
const runOf = (r: StoredRun): RunForAnswer => ({
  surveyId: r.surveyId,
  title: { en: r.titleEn ?? '', es: r.titleEs ?? '' },
  status: r.status,
  opensAt: storedTime(r.opensAt),
  closesAt: storedTime(r.closesAt),
  answeredSlots: new Uint8Array(r.answeredSlots),
  slot: r.slot == null ? null : Number(r.slot),
});
const isOpen = (r: RunForAnswer, now: Date) => r.status === 'open' && r.opensAt.getTime() <= now.getTime() && now.getTime() < r.closesAt.getTime();
const bitSet = (slots: Uint8Array, slot: number) => ((slots[slot >> 3] ?? 0) & (1 << (slot & 7))) !== 0;

// `?` placeholders on SQLite, `$n` on PostgreSQL; otherwise the same text on both.
const CLAIM = (p: (n: number) => string) => `INSERT INTO "ProcessedEvent" ("key", "createdAt") VALUES (${p(1)}, ${p(2)}) ON CONFLICT DO NOTHING`;
const FIND_ACCOUNT = (p: (n: number) => string) => `
  SELECT a."id" AS "accountId", a."email" AS "accountEmail", a."channelUserId", a."conversationRef", a."dmChannelId", a."lastSeenAt",
    (SELECT MAX(o."lastSeenAt") FROM "PlatformAccount" o WHERE o."personId" = a."personId" AND o."id" <> a."id") AS "otherSeenAt",
    p."id" AS "personId", p."employeeId", p."name", p."email", p."building", p."region", p."jobCategory", p."hireDate", p."managerEmail",
    p."language", p."primaryPlatform", p."inactiveAt", p."createdAt", p."updatedAt", r."role"
  FROM "PlatformAccount" a
  LEFT JOIN "Person" p ON p."id" = a."personId"
  LEFT JOIN "PersonRole" r ON r."personId" = p."id"
  WHERE a."platform" = ${p(1)} AND a."workspaceId" = ${p(2)} AND a."userId" = ${p(3)}
  ORDER BY r."role"`;
const TOUCH_ACCOUNT = (
  p: (n: number) => string,
  json: (param: string) => string,
) => `UPDATE "PlatformAccount" SET "lastSeenAt" = ${p(1)}, "updatedAt" = ${p(2)},
  "channelUserId" = COALESCE(${p(3)}, "channelUserId"), "dmChannelId" = COALESCE(${p(4)}, "dmChannelId"),
  "conversationRef" = COALESCE(${json(p(5))}, "conversationRef") WHERE "id" = ${p(6)}`;

const FIND_RUN = (p: (n: number) => string) => `SELECT "surveyId", "status", "opensAt", "closesAt", "answeredSlots" FROM "SurveyRun" WHERE "id" = ${p(1)}`;
const FIND_RUN_FOR = (p: (n: number) => string) => `
  SELECT r."surveyId", v."titleEn", v."titleEs", r."status", r."opensAt", r."closesAt", r."answeredSlots", s."slot"
  FROM "SurveyRun" r JOIN "Survey" v ON v."id" = r."surveyId"
  LEFT JOIN "SurveyParticipation" s ON s."runId" = r."id" AND s."personId" = ${p(2)}
  WHERE r."id" = ${p(1)}`;
const SURVEY_QUESTIONS = (p: (n: number) => string) => `
  SELECT i."key", i."kind", q."required", i."textEn", i."textEs", i."choices"
  FROM "SurveyQuestion" q JOIN "SurveyItem" i ON i."id" = q."itemId"
  WHERE q."surveyId" = ${p(1)} ORDER BY q."position"`;

/** A statement's text with a `?` where each value goes, as `execute` and `query` take it (a
 *  tagged template's strings): for a statement whose text differs by database. Made once (a
 *  module constant), so that it is prepared once; the text must hold no other `?`. */
export const sqlText = (text: string): TemplateStringsArray => {
  const parts = text.split('?');
  return Object.freeze(Object.assign([...parts], { raw: parts }));
};

/** A time as Prisma's SQLite adapter stores it (its default `timestampFormat`, iso8601). */
const sqliteTime = (d: Date): string => d.toISOString().replace('Z', '+00:00');
const sqliteValue = (v: unknown) => (v instanceof Date ? sqliteTime(v) : v);

export function sqliteHotStatements(url: string, busyMs: number, synchronous: SqliteSynchronous): HotStatements {
  const conn = new Database(resolve(sqlitePath(url)), { timeout: 0 });
  conn.pragma(`synchronous = ${synchronous}`);
  const executeStatements = new WeakMap<TemplateStringsArray, Database.Statement>();
  const q = () => '?';
  // Prepared on first use (the tables may not exist yet when the database is opened unmigrated).
  let prepared: ReturnType<typeof prepare> | undefined;
  const prepare = () => {
    const findRun = conn.prepare(FIND_RUN(q));
    const findRunFor = conn.prepare(FIND_RUN_FOR(q));
    const setBit = conn.prepare(`UPDATE "SurveyRun" SET "answeredSlots" = ?, "answeredCount" = "answeredCount" + 1 WHERE "id" = ?`);
    const insertSealed = conn.prepare(`INSERT INTO "SurveySealed" ("id", "runId", "box") VALUES (?, ?, ?)`);
    // BEGIN IMMEDIATE takes the write lock first, so the bitmap read inside is the latest.
    const seal = conn.transaction((a: SealedAnswer): 'recorded' | 'already_recorded' | 'not_open' => {
      const stored = findRun.get(a.runId) as StoredRun | undefined;
      const run = stored && runOf(stored);
      if (!run || !isOpen(run, a.now)) return 'not_open';
      if (bitSet(run.answeredSlots, a.slot)) return 'already_recorded';
      const next = Buffer.from(run.answeredSlots);
      next[a.slot >> 3] = (next[a.slot >> 3] ?? 0) | (1 << (a.slot & 7));
      setBit.run(next, a.runId);
      insertSealed.run(a.id, a.runId, Buffer.from(a.box));
      return 'recorded';
    });
    return {
      claim: conn.prepare(CLAIM(q)),
      find: conn.prepare(FIND_ACCOUNT(q)),
      touch: conn.prepare(TOUCH_ACCOUNT(q, (x) => x)),
      findRunFor,
      questions: conn.prepare(SURVEY_QUESTIONS(q)),
      seal,
    };
  };
  const statements = () => {
    prepared ??= prepare();
    return prepared;
  };
  const run = <T>(fn: () => T): Promise<T> => whenUnlocked(busyMs, async () => fn());
  const statementOf = (sql: TemplateStringsArray) => {
    let statement = executeStatements.get(sql);
    if (!statement) {
      statement = conn.prepare(sql.join('?'));
      executeStatements.set(sql, statement);
    }
    return statement;
  };
  return {
    claim: (key, at) => run(() => statements().claim.run(key, sqliteTime(at)).changes === 1),
    findAccount: (a) => run(() => statements().find.all(a.platform, a.workspaceId, a.userId) as AccountRow[]),
    // Json columns hold JSON text on SQLite, as Prisma writes them.
    touchAccount: (id, now, r) =>
      run(
        () =>
          void statements().touch.run(
            sqliteTime(now),
            sqliteTime(now),
            r.channelUserId,
            r.dmChannelId,
            r.conversationRef && JSON.stringify(r.conversationRef),
            id,
          ),
      ),
    findRun: (runId, personId) =>
      run(() => {
        // `?` binds in the order of the text: the person's id comes first in the statement.
        const r = statements().findRunFor.get(personId, runId) as StoredRun | undefined;
        return r && runOf(r);
      }),
    surveyQuestions: (surveyId) => run(() => statements().questions.all(surveyId) as StoredQuestion[]),
    sealAnswer: (a) => run(() => statements().seal.immediate(a)),
    execute: (sql, ...values) => run(() => statementOf(sql).run(...values.map(sqliteValue)).changes),
    query: <T>(sql: TemplateStringsArray, ...values: unknown[]) => run(() => statementOf(sql).all(...values.map(sqliteValue)) as T[]),
    close: () => conn.close(),
  };
}

const PG_TIMESTAMP_OID = 1114;
/** `timestamp` columns as their text (UTC without a zone; pg would read it as local time). */
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === PG_TIMESTAMP_OID ? (s: string) => s : pg.types.getTypeParser(oid, format)),
} as pg.CustomTypesConfig;

export function pgHotStatements(pool: pg.Pool): HotStatements {
  const executeTexts = new WeakMap<TemplateStringsArray, string>();
  const textOf = (sql: TemplateStringsArray) => {
    let text = executeTexts.get(sql);
    if (text === undefined) {
      text = sql.reduce((a, part, i) => `${a}$${i}${part}`);
      executeTexts.set(sql, text);
    }
    return text;
  };
  const pgValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  const d = (n: number) => `$${n}`;
  const claimSql = CLAIM(d);
  const findSql = FIND_ACCOUNT(d);
  const touchSql = TOUCH_ACCOUNT(d, (x) => `${x}::jsonb`);
  const findRunSql = FIND_RUN(d);
  const findRunForSql = FIND_RUN_FOR(d);
  const questionsSql = SURVEY_QUESTIONS(d);
  // One statement: the UPDATE takes the run row's lock and re-checks its condition after any
  // concurrent submit (READ COMMITTED), so a bit is set and a box stored at most once.
  // get_bit/set_bit number bit n as bit n % 8 (from the least significant) of byte n / 8, as
  // answered-slots.ts does.
  const sealSql = `WITH r AS (
      UPDATE "SurveyRun" SET "answeredSlots" = set_bit("answeredSlots", $2, 1), "answeredCount" = "answeredCount" + 1
      WHERE "id" = $1 AND "status" = 'open' AND "opensAt" <= $3 AND "closesAt" > $3 AND get_bit("answeredSlots", $2) = 0
      RETURNING "id")
    INSERT INTO "SurveySealed" ("id", "runId", "box") SELECT $4, r."id", $5 FROM r`;
  const read = async (text: string, values: unknown[]) => {
    const r = (await pool.query({ text, values, types: pgTypes })).rows[0] as StoredRun | undefined;
    return r && runOf(r);
  };
  // A timestamp column keeps the wall-clock time and ignores a zone: the time is given in UTC.
  return {
    claim: async (key, at) => (await pool.query({ text: claimSql, values: [key, at.toISOString()] })).rowCount === 1,
    findAccount: async (a) => (await pool.query({ text: findSql, values: [a.platform, a.workspaceId, a.userId], types: pgTypes })).rows as AccountRow[],
    touchAccount: async (id, now, r) =>
      void (await pool.query({
        text: touchSql,
        values: [now.toISOString(), now.toISOString(), r.channelUserId, r.dmChannelId, r.conversationRef && JSON.stringify(r.conversationRef), id],
      })),
    findRun: (runId, personId) => read(findRunForSql, [runId, personId]),
    surveyQuestions: async (surveyId) => (await pool.query({ text: questionsSql, values: [surveyId] })).rows as StoredQuestion[],
    sealAnswer: async (a) => {
      const now = a.now.toISOString();
      const stored = await pool.query({ text: sealSql, values: [a.runId, a.slot, now, a.id, Buffer.from(a.box)] });
      if (stored.rowCount === 1) return 'recorded';
      // Nothing changed: say why (rare, so a second read is fine).
      const run = await read(findRunSql, [a.runId]);
      return run && isOpen(run, a.now) && bitSet(run.answeredSlots, a.slot) ? 'already_recorded' : 'not_open';
    },
    execute: async (sql, ...values) => (await pool.query({ text: textOf(sql), values: values.map(pgValue) })).rowCount ?? 0,
    query: async <T>(sql: TemplateStringsArray, ...values: unknown[]) =>
      (await pool.query({ text: textOf(sql), values: values.map(pgValue), types: pgTypes })).rows as T[],
    close: () => {},
  };
}
