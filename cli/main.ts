// `npm run cli -- <group> <command> [args]`. Creates and migrates the database when it is not
// there yet, like `npm start`. Errors end here: one line, exit 1, no stack trace.
import { loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db.ts';
import { toAppError } from '../core/errors.ts';
import { createLogger } from '../core/log.ts';
import { groups, helpText, type CliContext } from './registry.ts';
import './commands/people.ts';
import './commands/deliveries.ts';
import './commands/schedules.ts';
import './commands/survey.ts';

async function main(argv: string[]): Promise<number> {
  const [groupName, ...rest] = argv;
  if (!groupName || groupName === '--help' || groupName === 'help') {
    console.log(helpText());
    return groupName ? 0 : 1;
  }
  const group = groups[groupName];
  if (!group) {
    console.error(`error: unknown command "${groupName}"\n\n${helpText()}`);
    return 1;
  }
  let run: (ctx: CliContext, args: string[]) => Promise<number>;
  let args: string[];
  if ('commands' in group) {
    const [cmd, ...cmdArgs] = rest;
    const command = cmd ? group.commands[cmd] : undefined;
    if (!command || cmdArgs.includes('--help')) {
      console.error(`${cmd && !command ? `error: unknown command "${groupName} ${cmd}"\n\n` : ''}${helpText()}`);
      return command ? 0 : 1;
    }
    run = command.run;
    args = cmdArgs;
  } else {
    run = group.run;
    args = rest;
  }
  const config = loadConfig();
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const database = await openDatabase(config.databaseUrl);
  try {
    return await run(
      { db: database.db, kind: database.kind, log, defaultLocale: config.defaultLocale, timeZone: config.timeZone, out: (l) => console.log(l), err: (l) => console.error(l) },
      args,
    );
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    const err = toAppError(e);
    console.error(`error: ${err.message}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(e);
    process.exit(1);
  });
