// The staff directory in chat, for admins: `people reach` shows who the bot can reach on Teams,
// on Slack, on both, and not at all, and why, from the same operation as the CLI's
// `people reach` (directory/reach.ts); and the nightly `people sync graph` (jobs.ts). The
// directory's CLI group stays the core `people`.
import { defineWorkflow } from '../../kernel/module.ts';
import { card as peopleReach } from './cards/people-reach/index.ts';
import { reachReply } from './chat.ts';
import { peopleJobs, peopleSchedules } from './jobs.ts';
import { locales } from './locales/index.ts';

export const people = defineWorkflow({
  name: 'people',
  cards: [peopleReach],
  locales,
  commands: [{ name: 'people reach', helpIds: ['people.reach'], roles: ['admin'], run: reachReply }],
  jobs: peopleJobs,
  schedules: peopleSchedules,
});
