// Structured logging (pino). Never log secrets, tokens, raw webhook bodies or survey answers:
// the redaction list below is a safety net, not a licence.
import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
import { AppError, toAppError } from './errors.ts';

export type { Logger };

const REDACT = [
  '*.password',
  '*.token',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  '*.MicrosoftAppPassword',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.values',
  '*.answers',
  '*.comment',
  'values',
  'answers',
];

/** Lines a person reads at a terminal: time, level, message, then the fields. Synchronous (no
 *  worker thread), so a line is written before the process can exit. */
const prettyStream = (destination: NodeJS.WritableStream = process.stdout, colorize = true): pino.DestinationStream =>
  pretty({ sync: true, destination, colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' });

/** JSON lines, or readable lines when `pretty` (by default: when stdout is a terminal). */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream; pretty?: boolean } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  const base = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'dmps-connect' } };
  if (options.pretty ?? (options.destination === undefined && process.stdout.isTTY === true))
    return pino(base, prettyStream(options.destination ?? process.stdout, options.destination === undefined));
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}

/** The one sink for errors: logs code, message and cause chain once, without payloads. */
export function reportError(log: Logger, e: unknown, context: Record<string, unknown> = {}): AppError {
  const err = toAppError(e);
  const causes: string[] = [];
  let c: unknown = err.cause;
  for (let i = 0; c && i < 5; i++) {
    causes.push(c instanceof Error ? `${c.name}: ${c.message}` : String(c));
    c = c instanceof Error ? c.cause : undefined;
  }
  const level = err.code === 'internal' || err.code === 'database_unavailable' ? 'error' : 'warn';
  log[level]({ ...context, code: err.code, causes, ...(err.details ?? {}) }, err.message);
  return err;
}

export { AppError };
