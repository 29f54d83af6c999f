// A first `npm start` before HR's file is imported: the log says the directory is empty and which
// command imports it, at start and whenever someone writes while it is still empty. The log is
// readable lines at a terminal, JSON lines otherwise.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type RecordingLog, recordingLog } from '../support/recording-log.ts';
import { PLATFORMS } from './drivers.ts';

const IMPORT = 'npm run cli -- people import <file.csv>';

describe('an empty directory', () => {
  let h: Harness;
  let rec: RecordingLog;
  beforeAll(async () => {
    rec = recordingLog('info');
    h = await startHarness({ log: rec.log });
  });
  afterAll(async () => h?.close());

  const warnings = () => rec.lines.filter((l) => l.level === 40 && String(l.msg).includes('directory is empty'));

  it('is reported at start with the command that imports it', () => {
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ importWith: IMPORT });
    expect(String(warnings()[0]?.msg)).toContain(IMPORT);
  });

  it.each(PLATFORMS)('is named in the log line when someone writes through %s while it is empty, and not once it is filled', async (_name, makeDriver) => {
    const chat = makeDriver(h);
    const before = warnings().length;
    await chat.say(h.addStranger(`First Caller ${_name}`), 'help');
    const line = warnings().at(-1);
    expect(warnings()).toHaveLength(before + 1);
    expect(line).toMatchObject({ platform: chat.platform, importWith: IMPORT });
    expect(String(line?.msg)).toContain(IMPORT);
    // Nothing personal in it.
    expect(JSON.stringify(line)).not.toMatch(/caller|@/i);
  });

  it('once someone is imported, a stranger is logged as not in the directory, without the import hint', async () => {
    await h.addPerson({ name: 'Ada Admin' });
    const before = warnings().length;
    await PLATFORMS[0]![1](h).say(h.addStranger('Late Caller'), 'help');
    expect(warnings()).toHaveLength(before);
    expect(rec.lines.at(-1)?.msg).toBe('message from someone not in the directory');
  });
});

describe('the log format', () => {
  const capture = () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(c: Buffer, _e, done) {
        chunks.push(c.toString('utf8'));
        done();
      },
    });
    return { destination, text: () => chunks.join('') };
  };

  it('is readable lines at a terminal (pretty), with the fields below the message', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.destination, pretty: true }).warn({ importWith: IMPORT }, 'the staff directory is empty');
    expect(out.text()).toMatch(/WARN.*: the staff directory is empty\n/);
    expect(out.text()).toContain(`importWith: "${IMPORT}"`);
    expect(() => JSON.parse(out.text())).toThrow();
  });

  it('is one JSON object per line elsewhere', () => {
    const out = capture();
    createLogger({ level: 'info', destination: out.destination }).info({ people: 0 }, 'started');
    expect(JSON.parse(out.text())).toMatchObject({ level: 30, msg: 'started', people: 0 });
  });
});
