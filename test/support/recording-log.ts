// A real pino logger whose lines a test can read, and a recorder of anything else written to
// the console or stderr (what a library might print behind the logger's back).
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../core/log.ts';

export interface RecordingLog {
  log: Logger;
  /** Every line logged so far, parsed. */
  lines: Array<Record<string, unknown>>;
  /** The raw text logged so far. */
  text(): string;
}

export function recordingLog(level = 'info'): RecordingLog {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(chunk.toString('utf8'));
      done();
    },
  });
  const log = createLogger({ level, destination });
  return {
    log,
    get lines() {
      return raw
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    text: () => raw.join(''),
  };
}

/** Runs `fn` while recording console.* and process.stderr output; restores both afterwards. */
export async function consoleOutputOf<T>(fn: () => Promise<T>): Promise<{ result: T; printed: string[] }> {
  const printed: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const saved = methods.map((m) => console[m]);
  const savedWrite = process.stderr.write.bind(process.stderr);
  for (const m of methods) console[m] = (...args: unknown[]) => void printed.push(`console.${m}: ${args.map(String).join(' ')}`);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    printed.push(`stderr: ${String(chunk)}`);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: await fn(), printed };
  } finally {
    for (const [i, m] of methods.entries()) console[m] = saved[i] as (typeof console)[typeof m];
    process.stderr.write = savedWrite;
  }
}
