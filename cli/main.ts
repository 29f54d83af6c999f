// `npm run cli -- <group> <command> [args]`. Creates and migrates the database when it is not
// there yet, like `npm start`. Errors end here: one line, exit 1, no stack trace (unless
// LOG_LEVEL=debug).

import { systemClock } from '../core/clock.ts';
import { loadConfig } from '../core/config.ts';
import { isDatabaseUnavailable, openDatabase } from '../core/db.ts';
import { isAppError, toAppError } from '../core/errors.ts';
import { createLogger } from '../core/log.ts';
import { assemble } from '../kernel/assemble.ts';
import type { CliCommand, CliContext } from '../kernel/cli.ts';
import { createOutboundPorts } from '../service/ports.ts';
import { WORKFLOWS } from '../workflows/index.ts';
import { helpText as allHelp, cliGroups, commandHelp as groupHelp } from './registry.ts';

const workflows = assemble(WORKFLOWS);
const groups = cliGroups(workflows.cli);
const helpText = () => allHelp(groups);
const commandHelp = (group: string, command?: string) => groupHelp(groups, group, command);

const HELP = new Set(['--help', '-h', 'help']);
const wantsHelp = (args: string[]) => args.some((a) => a === '--help' || a === '-h');

/** The command to run, or the exit code after answering help or a mistake in the command name. */
function find(argv: string[]): { run: CliCommand['run']; args: string[] } | number {
  const [groupName, ...rest] = argv;
  if (!groupName) {
    console.error(helpText());
    return 1;
  }
  if (HELP.has(groupName)) {
    console.log(rest[0] ? commandHelp(rest[0], rest[1]) : helpText());
    return 0;
  }
  const group = groups[groupName];
  if (!group) {
    console.error(`error: unknown command "${groupName}"\n\n${helpText()}`);
    return 1;
  }
  if (!('commands' in group)) {
    if (!wantsHelp(rest)) return { run: group.run, args: rest };
    console.log(commandHelp(groupName));
    return 0;
  }
  const [cmd, ...args] = rest;
  if (!cmd) {
    console.error(commandHelp(groupName));
    return 1;
  }
  if (HELP.has(cmd)) {
    console.log(commandHelp(groupName));
    return 0;
  }
  const command = group.commands[cmd];
  if (!command) {
    console.error(`error: unknown command "${groupName} ${cmd}"\n\n${commandHelp(groupName)}`);
    return 1;
  }
  if (!wantsHelp(args)) return { run: command.run, args };
  console.log(commandHelp(groupName, cmd));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const found = find(argv);
  if (typeof found === 'number') return found;
  const config = loadConfig();
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  // A command may rightly run long statements (imports, exports); a chat turn may not. Unless
  // DATABASE_STATEMENT_TIMEOUT_MS says otherwise, the CLI allows five minutes per statement.
  const database = await openDatabase(config.databaseUrl, process.env.DATABASE_STATEMENT_TIMEOUT_MS ? {} : { timeouts: { statementMs: 300_000 } });
  try {
    const ctx: CliContext = {
      db: database.db,
      kind: database.kind,
      log,
      clock: systemClock,
      defaultLocale: config.defaultLocale,
      timeZone: config.timeZone,
      catalog: workflows.catalog,
      // The same platforms as the service, so that e.g. `survey close` updates sent cards.
      ports: createOutboundPorts(config, database.db, log),
      // The running service picks up schedules saved here when it restarts or reloads.
      schedulesChanged: async () => undefined,
      out: (l) => console.log(l),
      err: (l) => console.error(l),
      stderr: process.stderr,

      directoryChanged: async () => workflows.directoryChanged(ctx),
    };
    return await found.run(ctx, found.args);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    const err = toAppError(e);
    // Another process (the running service) held the database longer than the busy timeout, or
    // PostgreSQL did not answer: say so in one line rather than the driver's words.
    if (!isAppError(e) && isDatabaseUnavailable(e))
      console.error('error: the database is busy or not answering (another process holds it, or the server is down); try again in a moment');
    else console.error(`error: ${err.message.trim()}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(e);
    process.exit(1);
  });
