// Structured hiring: selection-team parameters HR keeps as data, evaluated live from the
// directory and training records; the interview checklist once per candidate interview, with
// reminders on school days; the panel's verification survey at close; and the quarterly review.
// Candidates are codes, never names. The domain is in ./domain (no chat code).
import { defineWorkflow } from '../../kernel/module.ts';
import { card as hiringAck } from './cards/hiring-ack/index.ts';
import { card as hiringChecklist } from './cards/hiring-checklist/index.ts';
import { card as hiringNew } from './cards/hiring-new/index.ts';
import { card as hiringProcess } from './cards/hiring-process/index.ts';
import { card as hiringReport } from './cards/hiring-report/index.ts';
import { card as hiringTasks } from './cards/hiring-tasks/index.ts';
import { card as hiringVerify } from './cards/hiring-verify/index.ts';
import { hiringCommands, hiringVerbs } from './chat.ts';
import { hiringCli } from './cli.ts';
import { seedHiring } from './domain/defaults.ts';
import { hiringHome } from './home.ts';
import { hiringJobs, hiringSchedules } from './jobs.ts';
import { locales } from './locales/index.ts';

export const hiring = defineWorkflow({
  name: 'hiring',
  cards: [hiringNew, hiringProcess, hiringChecklist, hiringVerify, hiringAck, hiringReport, hiringTasks],
  locales,
  commands: hiringCommands,
  verbs: hiringVerbs,
  jobs: hiringJobs,
  schedules: hiringSchedules,
  home: hiringHome,
  cli: hiringCli,
  async prepare(services) {
    const added = await seedHiring(services);
    if (added) services.log.info({ added }, 'hiring rules and checklist seeded');
  },
});
