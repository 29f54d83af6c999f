// The contract every workflow builds on. A workflow is one folder under workflows/ whose
// index.ts exports one `defineWorkflow({...})`; workflows/index.ts lists them. The router,
// the scheduler glue, the card catalog, the strings, the CLI and the card tests all read that
// list (see kernel/assemble.ts), so adding a workflow edits nothing else.
//
// Ids carry the workflow's prefix: cards are named `<prefix>` or `<prefix>-<card>`, verbs and
// jobs `<prefix>.<name>`, schedules `<prefix>:<name>`, and its strings sit under its cards'
// names (plus `help.commands.<prefix>` and `notice.<prefix>…` for the two shared cards, and
// `commands.<command>` for a command's words in a language).
import type { z } from 'zod';
import type { CardDefinition } from '../cards/types.ts';
import type { Role } from '../core/db.ts';
import type { CliGroup } from './cli.ts';
import type { Reply, SubmitEvent } from './events.ts';
import type { HomeSpec } from './home.ts';
import type { Services, TurnContext } from './turn.ts';

/** Strings per language, as nested objects (`{ "survey": { "intro": "…" } }`). */
export type LocaleStrings = Record<string, object>;

export interface CommandSpec {
  /** First word(s) the person types in English, e.g. "help", "survey new". The words in other
   *  languages are the workflow's strings `commands.<name>` ("encuesta nueva"; alternatives
   *  separated by "|", the first is the one help shows); English always works too. */
  name: string;
  /** Ids of the help-card lines this command contributes (strings help.commands.<id>). */
  helpIds: string[];
  /** Roles allowed (any of); omitted means everyone in the directory. */
  roles?: readonly Role[];
  run(ctx: TurnContext, args: string[]): Promise<Reply>;
}

/** A submitted card's verb. `input` parses the form's values once; the handler gets them typed. */
export interface VerbSpec<S extends z.ZodType = z.ZodType> {
  verb: string;
  input: S;
  roles?: readonly Role[];
  /** Anonymous answers (pulse surveys): the router records nothing that names the person or
   *  the time they acted (no dedupe key, no lastSeenAt); the workflow counts answers once itself. */
  anonymous?: boolean;
  run(ctx: TurnContext, input: z.output<S>, event: SubmitEvent): Promise<Reply>;
}

/** What a job gets when its schedule fires. */
export interface JobContext extends Services {
  fireAt: Date;
  scheduleName: string;
}

/** A job the scheduler can run; `params` parses the schedule row's parameters. */
export interface JobSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  params: S;
  run(ctx: JobContext, params: z.output<S>): Promise<void>;
}

/** A schedule every deployment has (created at start when missing; HR may edit it later). */
export interface DefaultSchedule {
  name: string;
  cron: string;
  job: string;
  params?: Record<string, unknown>;
}

/** What answers when no command does: text the bot does not understand, and a new install.
 *  One module (help) declares it. */
export interface Fallback {
  unknownText(ctx: TurnContext): Promise<Reply>;
  welcome(ctx: TurnContext): Promise<Reply>;
}

/** An HTTP request to a workflow's own endpoint (e.g. an xAPI statement, a public feed), read
 *  once at the edge: the body is the raw bytes (at most 1 MB), the handler parses it. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Query parameters (the first value of each). */
  query: Readonly<Record<string, string | undefined>>;
  /** Header names lower-cased. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** An endpoint a workflow serves on the service's HTTP server (outside chat). The path is
 *  exact (no parameters); a route answers only its method (others get 405). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(services: Services, req: HttpRequest): Promise<HttpResponse>;
}

export interface WorkflowModule {
  /** The workflow's name, and the prefix of every id it declares. */
  name: string;
  cards: readonly CardDefinition[];
  /** Strings by language code ("en", "es", "ar"); English is complete, others fall back to it. */
  locales: Readonly<Record<string, LocaleStrings>>;
  commands?: readonly CommandSpec[];
  fallback?: Fallback;
  verbs?: readonly VerbSpec[];
  jobs?: readonly JobSpec[];
  schedules?: readonly DefaultSchedule[];
  /** Runs once at start, before the scheduler (e.g. seeding reference data). */
  prepare?(services: Services): Promise<void>;
  /** Runs after the staff directory changed (an import or a sync), in module order: e.g.
   *  required training assigns new hires their courses. `Services.directoryChanged()` calls it. */
  onDirectoryChanged?(services: Services): Promise<void>;
  /** HTTP endpoints the workflow serves (paths unique across workflows). */
  routes?: readonly HttpRoute[];
  /** The workflow's `npm run cli -- <group> …` commands. */
  cli?: CliGroup;
  /** What the workflow shows on a person's home (the Teams tab, Slack's App Home): their open
   *  tasks and, by role, dashboards. Data only; the surfaces render it (see kernel/home.ts). */
  home?: HomeSpec;
}

/** Identity, for type inference: `export const surveys = defineWorkflow({...})`. */
export const defineWorkflow = (module: WorkflowModule): WorkflowModule => module;

/** A verb whose input type is inferred from its schema. */
export const defineVerb = <S extends z.ZodType>(spec: VerbSpec<S>): VerbSpec => spec as unknown as VerbSpec;

/** A job whose parameter type is inferred from its schema. */
export const defineJob = <S extends z.ZodType>(spec: JobSpec<S>): JobSpec => spec as unknown as JobSpec;

export const allowed = (roles: readonly Role[] | undefined, have: readonly Role[]): boolean =>
  !roles || roles.some((r) => have.includes(r)) || have.includes('admin');
