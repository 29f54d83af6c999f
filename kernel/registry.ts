// What a workflow contributes to the router: chat commands (typed text) and form verbs
// (submitted cards). The router checks roles before a command runs and lists commands in help.
import type { Role } from '../core/db.ts';
import type { Reply, SubmitEvent } from './events.ts';
import type { TurnContext } from './turn.ts';

export interface CommandSpec {
  /** First word(s) the person types, e.g. "help", "survey new". */
  name: string;
  /** Ids of the help-card lines this command contributes (catalog help.commands.<id>). */
  helpIds: string[];
  /** Roles allowed (any of); omitted means everyone in the directory. */
  roles?: Role[];
  run(ctx: TurnContext, args: string[]): Promise<Reply>;
}

export interface VerbSpec {
  verb: string;
  roles?: Role[];
  /** Anonymous answers (pulse surveys): the router records nothing that names the person or
   *  the time they acted (no dedupe key, no lastSeenAt); the workflow counts answers once itself. */
  anonymous?: boolean;
  run(ctx: TurnContext, event: SubmitEvent): Promise<Reply>;
}

export interface Workflow {
  name: string;
  commands?: CommandSpec[];
  verbs?: VerbSpec[];
}

export const allowed = (roles: Role[] | undefined, have: Role[]): boolean =>
  !roles || roles.some((r) => have.includes(r)) || have.includes('admin');
