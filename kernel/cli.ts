// What a `npm run cli -- <group> <command>` command gets and declares. Workflows contribute a
// group through their module's `cli`; cli/main.ts finds the command, answers --help, runs it.
import type { Services } from './turn.ts';

/** Where a progress line goes: rewritten in place when it is a terminal. */
export interface StatusStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

export interface CliContext extends Services {
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

export type CliGroup = { summary: string; commands: Record<string, CliCommand> } | { summary: string; usage: string; help?: string; run: CliCommand['run'] };
