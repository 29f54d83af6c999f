// Required training: HR defines courses with deadlines (fixed, after hire, yearly, every N days
// after completion); assignments follow the directory; staff get one reminder card per round
// listing everything due, in school hours only; managers get one digest of overdue reports;
// completions come from chat, a CSV or xAPI; HR and leaders see compliance in their scope.
import { defineWorkflow } from '../../kernel/module.ts';
import { card as trainingCard } from './cards/training/index.ts';
import { card as trainingAck } from './cards/training-ack/index.ts';
import { card as trainingCourses } from './cards/training-courses/index.ts';
import { card as trainingDigest } from './cards/training-digest/index.ts';
import { card as trainingNew } from './cards/training-new/index.ts';
import { card as trainingStatus } from './cards/training-status/index.ts';
import { trainingCommands, trainingVerbs } from './chat.ts';
import { trainingCli } from './cli.ts';
import { reconcileAssignments } from './domain/assignments.ts';
import { trainingHome } from './home.ts';
import { trainingJobs, trainingSchedules } from './jobs.ts';
import { locales } from './locales/index.ts';
import { xapiRoute } from './xapi.ts';

export const training = defineWorkflow({
  name: 'training',
  cards: [trainingCard, trainingDigest, trainingNew, trainingCourses, trainingStatus, trainingAck],
  locales,
  commands: trainingCommands,
  verbs: trainingVerbs,
  jobs: trainingJobs,
  schedules: trainingSchedules,
  cli: trainingCli,
  routes: [xapiRoute],
  home: trainingHome,
  async onDirectoryChanged(services) {
    const r = await reconcileAssignments(services);
    services.log.info({ ...r }, 'training assignments follow the directory');
  },
});
