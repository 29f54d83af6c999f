// Pulse surveys: HR and communications create, preview and launch them; staff answer once,
// anonymously; reminders go only to those who have not answered; leaders read results in their
// scope, never below the anonymity threshold. The domain is in ./domain (no chat code).
import { defineWorkflow } from '../../kernel/module.ts';
import { card as survey } from './cards/survey/index.ts';
import { card as surveyAck } from './cards/survey-ack/index.ts';
import { card as surveyClosed } from './cards/survey-closed/index.ts';
import { card as surveyList } from './cards/survey-list/index.ts';
import { card as surveyNew } from './cards/survey-new/index.ts';
import { card as surveyResults } from './cards/survey-results/index.ts';
import { card as surveyThanks } from './cards/survey-thanks/index.ts';
import { surveyCommands, surveyVerbs } from './chat.ts';
import { surveyCli } from './cli.ts';
import { seedItemBank } from './domain/index.ts';
import { surveyHome } from './home.ts';
import { surveyJobs, surveySchedules } from './jobs.ts';
import { locales } from './locales/index.ts';

export const surveys = defineWorkflow({
  name: 'survey',
  cards: [survey, surveyThanks, surveyClosed, surveyNew, surveyList, surveyResults, surveyAck],
  locales,
  commands: surveyCommands,
  verbs: surveyVerbs,
  jobs: surveyJobs,
  schedules: surveySchedules,
  cli: surveyCli,
  home: surveyHome,
  async prepare(services) {
    const added = await seedItemBank(services);
    if (added.length) services.log.info({ items: added.length }, 'survey item bank seeded');
  },
});
