// A comment holding text the database cannot keep (a NUL byte, which PostgreSQL refuses; a lone
// UTF-16 surrogate, which has no UTF-8 form; an invisible control character) is refused with a
// clear message like any other bad answer, whoever calls the survey domain, and nothing is stored.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.ts';
import { unstorableText } from '../../kernel/text.ts';
import { type SurveyDeps, SurveyNotice, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { addPeople, createDatabase, goodValues, launchedSurvey, storedCounts, TestClock, type TestDatabase } from './support.ts';

let t: TestDatabase;
let deps: SurveyDeps;
const clock = new TestClock(new Date('2026-11-23T15:00:00Z'));

beforeAll(async () => {
  t = await createDatabase();
  deps = { db: t.db, clock };
});
afterAll(() => t?.close());

const BAD = ['\u0000', '\uD800', '\uDFFF', '\u001B[2J', '\u0007', '\u007F', '\u009B'];

describe('a comment the database cannot hold', () => {
  it.each([
    ['a NUL byte', 'fine until here\u0000and after'],
    ['a lone high surrogate', 'broken \uD83D emoji'],
    ['a lone low surrogate', 'broken \uDE00 emoji'],
    ['a terminal escape sequence', 'hello \u001B[31mred'],
  ])('is refused with a clear message when it holds %s, and nothing is stored', async (_what, comment) => {
    const [person] = await addPeople(t.db, [{ building: 'Hoover High' }]);
    const { run } = await launchedSurvey(deps, { audience: {} });
    const before = await storedCounts(t.db);
    const outcome = await submitResponse(deps, { runId: run.id, personId: person!, values: { ...goodValues(), 'open.comment': comment } }).then(
      () => 'stored',
      (e: unknown) => (isAppError(e) ? { code: e.code, notice: e.notice?.key, message: e.message } : e),
    );
    expect(outcome).toMatchObject({ code: 'invalid_input', notice: SurveyNotice.unreadableComment });
    expect(JSON.stringify(outcome)).not.toContain('emoji');
    expect(await storedCounts(t.db)).toEqual(before);
    // The person can still answer with the comment retyped.
    expect(await submitResponse(deps, { runId: run.id, personId: person!, values: { ...goodValues(), 'open.comment': 'retyped 😀 ok' } })).toMatchObject({
      status: 'recorded',
    });
  });
});

describe('what counts as unstorable text', () => {
  it('accepts any well-formed text without control characters (tabs and line breaks included)', () => {
    const ok = fc.string({ unit: 'grapheme' }).filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(s));
    fc.assert(fc.property(ok, (s) => unstorableText(`${s}\t\r\n${s}`) === undefined));
  });

  it('refuses any text with one unstorable character put anywhere, in nested values and keys too', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), fc.constantFrom(...BAD), fc.boolean(), (a, b, bad, asKey) => {
        // A lone low surrogate right after a high one would pair up; keep the pieces apart.
        const text = `${a} ${bad} ${b}`;
        const value = asKey ? { values: { [text]: 'x' } } : { values: ['ok', { comment: text }] };
        return unstorableText(value) !== undefined;
      }),
    );
  });
});
