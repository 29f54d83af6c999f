// A tiny command registry: each group (people, deliveries, schedules, survey, ...) lives in
// cli/commands/<group>.ts and plugs in here with registerGroup; cli/main.ts imports the group
// files, finds the command, answers --help, and runs it.
import type { Db, DatabaseKind } from '../core/db.ts';
import type { Logger } from '../core/log.ts';

/** Where a progress line goes: rewritten in place when it is a terminal. */
export interface StatusStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface CliContext {
  db: Db;
  kind: DatabaseKind;
  log: Logger;
  defaultLocale: string;
  timeZone: string;
  /** A line of the result (stdout). */
  out: (line: string) => void;
  /** A line of diagnostics or progress (stderr). */
  err: (line: string) => void;
  /** stderr itself, for progress lines; absent when run in-process (tests). */
  stderr?: StatusStream;
}

export interface CliCommand {
  /** e.g. "import <file.csv>" (the first word is the command's name). */
  usage: string;
  summary: string;
  /** More lines for `<group> <command> --help`. */
  help?: string;
  /** Returns the exit code (0 ok, 2 partly done, 1 failed). */
  run(ctx: CliContext, args: string[]): Promise<number>;
}

export type CliGroup =
  | { summary: string; commands: Record<string, CliCommand> }
  | { summary: string; usage: string; help?: string; run: CliCommand['run'] };

export const groups: Record<string, CliGroup> = {};

export function registerGroup(name: string, group: CliGroup): void {
  groups[name] = group;
}

const USAGE = 'usage: npm run cli -- <group> <command> [args]   (add --help to any of them)';
const row = (left: string, summary: string) => `  ${left}`.padEnd(52) + `  ${summary}`;

function groupLines(name: string, g: CliGroup): string[] {
  if (!('commands' in g)) return [row(`${name} ${g.usage}`, g.summary)];
  return Object.entries(g.commands).map(([cmd, c]) => row(`${name} ${c.usage.replace(/^\S+/, cmd)}`, c.summary));
}

/** Every group's commands. */
export function helpText(): string {
  return [USAGE, '', ...Object.entries(groups).flatMap(([name, g]) => groupLines(name, g))].join('\n');
}

/** One group's commands, or one command's usage and details. */
export function commandHelp(groupName: string, command?: string): string {
  const g = groups[groupName];
  if (!g) return helpText();
  if ('commands' in g && command && g.commands[command]) {
    const c = g.commands[command];
    return [`usage: npm run cli -- ${groupName} ${c.usage.replace(/^\S+/, command)}`, '', c.summary, ...(c.help ? ['', c.help] : [])].join('\n');
  }
  if (!('commands' in g)) return [`usage: npm run cli -- ${groupName} ${g.usage}`, '', g.summary, ...(g.help ? ['', g.help] : [])].join('\n');
  return [`npm run cli -- ${groupName} <command>: ${g.summary}`, '', ...groupLines(groupName, g)].join('\n');
}
