// Weekly success stories: staff submit them from chat, communications review (approve, edit,
// translate, send back, decline), a weekly digest sends up to 5 to staff in their language and
// to channels, staff celebrate them, reach comes from delivery, and published stories stay in
// an archive and a public Atom feed. See README.md.
import { defineWorkflow } from '../../kernel/module.ts';
import { card as storiesAck } from './cards/stories-ack/index.ts';
import { card as storiesDigest } from './cards/stories-digest/index.ts';
import { card as storiesForm } from './cards/stories-form/index.ts';
import { card as storiesList } from './cards/stories-list/index.ts';
import { card as storiesReview } from './cards/stories-review/index.ts';
import { card as storiesUpcoming } from './cards/stories-upcoming/index.ts';
import { storyCommands, storyVerbs } from './chat.ts';
import { storyCli } from './cli.ts';
import { feedRoute } from './feed.ts';
import { storiesHome } from './home.ts';
import { storyJobs, storySchedules } from './jobs.ts';
import { locales } from './locales/index.ts';

export const stories = defineWorkflow({
  name: 'stories',
  cards: [storiesForm, storiesReview, storiesDigest, storiesAck, storiesUpcoming, storiesList],
  locales,
  commands: storyCommands,
  verbs: storyVerbs,
  jobs: storyJobs,
  schedules: storySchedules,
  routes: [feedRoute],
  home: storiesHome,
  cli: storyCli,
});
