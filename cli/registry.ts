// The CLI's groups: the core ones (people, deliveries, schedules) and every workflow's, and
// their help text. cli/main.ts finds the command, answers --help, and runs it.
import type { CliGroup } from '../kernel/cli.ts';
import { deliveriesCli } from './commands/deliveries.ts';
import { peopleCli } from './commands/people.ts';
import { schedulesCli } from './commands/schedules.ts';

export type Groups = Record<string, CliGroup>;

/** The core groups, then each workflow's under its name. A workflow may not take a core name. */
export function cliGroups(workflowGroups: Groups): Groups {
  const core: Groups = { people: peopleCli, deliveries: deliveriesCli, schedules: schedulesCli };
  for (const name of Object.keys(workflowGroups)) if (core[name]) throw new Error(`the CLI group ${name} is taken`);
  return { ...core, ...workflowGroups };
}

const USAGE = 'usage: npm run cli -- <group> <command> [args]   (add --help to any of them)';
const row = (left: string, summary: string) => `${`  ${left}`.padEnd(52)}  ${summary}`;

function groupLines(name: string, g: CliGroup): string[] {
  if (!('commands' in g)) return [row(`${name} ${g.usage}`, g.summary)];
  return Object.entries(g.commands).map(([cmd, c]) => row(`${name} ${c.usage.replace(/^\S+/, cmd)}`, c.summary));
}

/** Every group's commands. */
export function helpText(groups: Groups): string {
  return [USAGE, '', ...Object.entries(groups).flatMap(([name, g]) => groupLines(name, g))].join('\n');
}

/** One group's commands, or one command's usage and details. */
export function commandHelp(groups: Groups, groupName: string, command?: string): string {
  const g = groups[groupName];
  if (!g) return helpText(groups);
  if ('commands' in g && command && g.commands[command]) {
    const c = g.commands[command];
    return [`usage: npm run cli -- ${groupName} ${c.usage.replace(/^\S+/, command)}`, '', c.summary, ...(c.help ? ['', c.help] : [])].join('\n');
  }
  if (!('commands' in g)) return [`usage: npm run cli -- ${groupName} ${g.usage}`, '', g.summary, ...(g.help ? ['', g.help] : [])].join('\n');
  return [`npm run cli -- ${groupName} <command>: ${g.summary}`, '', ...groupLines(groupName, g)].join('\n');
}
