// The platform adapters, behind the only imports of botbuilder and @slack/bolt in the product.

export type { ServiceClientCredentialsFactory as TeamsCredentialsFactory } from 'botframework-connector';
export { createSlackBot } from './slack/app.ts';
export { dbFormStore } from './slack/form-store.ts';
export { slackMembers } from './slack/members.ts';
export { createSlackOutbound } from './slack/outbound.ts';
export { createTeamsBot } from './teams/adapter.ts';
export { createTeamsOutbound } from './teams/outbound.ts';
