// A service process stand-in for the crash test (release.test.ts): submits one answer per person
// given, and prints "ack <n>" only after submitResponse has returned, as the bot answers the
// person only then. The parent SIGKILLs it partway through.
import { openDatabase } from '../../core/db.ts';
import { submitResponse } from '../../workflows/surveys/domain/index.ts';
import { decodeSealKey, sealKeyFrom } from '../../workflows/surveys/domain/seal.ts';
import { goodValues } from './support.ts';

const { CHILD_DB_URL: url = '', CHILD_RUN: runId = '', CHILD_PEOPLE: people = '', CHILD_AT: at = '', CHILD_KEY: key = '' } = process.env;
const sealKey = sealKeyFrom(decodeSealKey(key) ?? Buffer.alloc(0));
const { db } = await openDatabase(url, { migrate: false });
const clock = { now: () => new Date(at), sleep: async () => undefined };
let n = 0;
for (const personId of people.split(',')) {
  await submitResponse({ db, clock, sealKey }, { runId, personId, values: { ...goodValues(), 'open.comment': `child answer ${n}` } });
  n += 1;
  process.stdout.write(`ack ${n}\n`);
}
process.stdout.write('done\n');
