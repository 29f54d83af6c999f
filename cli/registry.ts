// A tiny command registry: each group (people, deliveries, schedules, survey, ...) lives in
// cli/commands/<group>.ts and plugs in here.
import type { Db, DatabaseKind } from '../core/db.ts';
import type { Logger } from '../core/log.ts';

export interface CliContext {
  db: Db;
  kind: DatabaseKind;
  log: Logger;
  defaultLocale: string;
  timeZone: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliCommand {
  /** e.g. "import <file.csv>" */
  usage: string;
  summary: string;
  /** Returns the exit code (0 ok, 2 partly done, 1 failed). */
  run(ctx: CliContext, args: string[]): Promise<number>;
}

export type CliGroup = { summary: string; commands: Record<string, CliCommand> } | { summary: string; usage: string; run: CliCommand['run'] };

export const groups: Record<string, CliGroup> = {};

export function registerGroup(name: string, group: CliGroup): void {
  groups[name] = group;
}

export function helpText(): string {
  const lines = ['usage: npm run cli -- <group> <command> [args]', ''];
  for (const [name, g] of Object.entries(groups)) {
    if ('commands' in g) for (const [cmd, c] of Object.entries(g.commands)) lines.push(`  ${name} ${c.usage.replace(/^\S+/, cmd)}`.padEnd(56) + c.summary);
    else lines.push(`  ${name} ${g.usage}`.padEnd(56) + g.summary);
  }
  return lines.join('\n');
}
