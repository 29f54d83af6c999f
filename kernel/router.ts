// Every inbound event passes here once: deduplicated, the person resolved from the directory,
// the role checked, the verb's input parsed, then the workflow step runs. Errors end here too:
// logged once (without payloads) and answered with a clear card; an unexpected error releases
// the dedupe claim so the platform's retry can succeed.

import { card as notInDirectoryCard } from '../cards/not-in-directory/index.ts';
import { card as noticeCard } from '../cards/notice/index.ts';
import { asDatabaseFault } from '../core/db.ts';
import { AppError, ErrorCode, toAppError } from '../core/errors.ts';
import { reportError } from '../core/log.ts';
import { type Claim, claimEvent, forgetEvent, releaseWhenDatabaseAnswers } from './dedupe.ts';
import type { InboundEvent, InstallEvent, MessageEvent, Reply, SubmitEvent } from './events.ts';
import { type EmailLookup, identify, type PersonWithRoles, rolesOf } from './identity.ts';
import { allowed, type CommandSpec, type VerbSpec, type WorkflowModule } from './module.ts';
import { noticeFor } from './notices.ts';
import { refuseUnstorableInput } from './text.ts';
import type { Services, TurnContext } from './turn.ts';

export type HandleResult = { status: 'handled'; reply: Reply } | { status: 'duplicate' };

export interface Router {
  handle(event: InboundEvent, lookupEmail: EmailLookup): Promise<HandleResult>;
}

/** Commands in the order people need them: as the modules list them, within a module as declared. */
const commandsOf = (modules: readonly WorkflowModule[]) => modules.flatMap((m) => m.commands ?? []);

export function createRouter(services: Services, modules: readonly WorkflowModule[]): Router {
  const commands = commandsOf(modules);
  // Longest names first, so "survey new" wins over a command "survey".
  const matching = [...commands].sort((a, b) => b.name.length - a.name.length);
  const verbs = new Map<string, VerbSpec>(modules.flatMap((m) => m.verbs ?? []).map((v) => [v.verb, v]));
  const fallback = commands.find((c) => c.answersUnknownText);
  const { db, log, clock, catalog } = services;
  const notInDirectory = (): Reply => ({ messages: [{ card: catalog.render(notInDirectoryCard.name, {}, services.defaultLocale) }] });

  const contextFor = (person: PersonWithRoles, conversation: TurnContext['conversation']): TurnContext => {
    const roles = rolesOf(person);
    const locale = person.language || services.defaultLocale;
    return {
      ...services,
      person,
      roles,
      locale,
      conversation: { kind: conversation.kind },
      commands: commands.filter((c) => allowed(c.roles, roles)),
      card: (card, data) => catalog.render(card.name, data, locale),
    };
  };

  const findCommand = (text: string): { spec: CommandSpec; args: string[] } | undefined => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const lower = words.map((w) => w.toLowerCase());
    for (const spec of matching) {
      const parts = spec.name.split(' ');
      if (parts.every((p, i) => lower[i] === p)) return { spec, args: words.slice(parts.length) };
    }
    return undefined;
  };

  async function onMessage(ctx: TurnContext, event: MessageEvent): Promise<Reply> {
    const found = findCommand(event.text);
    if (!found) return fallback ? fallback.run(ctx, []) : {};
    if (!allowed(found.spec.roles, ctx.roles))
      throw new AppError(ErrorCode.Forbidden, `command ${found.spec.name} needs another role`, { notice: { key: 'forbidden' } });
    return found.spec.run(ctx, found.args);
  }

  async function onSubmit(ctx: TurnContext, event: SubmitEvent): Promise<Reply> {
    const spec = verbs.get(event.verb);
    if (!spec) throw new AppError(ErrorCode.NotFound, 'unknown verb', { notice: { key: 'formClosed' }, details: { verb: event.verb.slice(0, 64) } });
    if (!allowed(spec.roles, ctx.roles)) throw new AppError(ErrorCode.Forbidden, `verb ${spec.verb} needs another role`, { notice: { key: 'forbidden' } });
    const input = spec.input.safeParse(event.values);
    // The issues name the inputs, never their values.
    if (!input.success)
      throw new AppError(ErrorCode.InvalidInput, `verb ${spec.verb}: the form's values do not fit`, {
        notice: { key: 'invalidInput' },
        details: { inputs: input.error.issues.map((i) => i.path.join('.')) },
      });
    return spec.run(ctx, input.data, event);
  }

  async function onInstall(event: InstallEvent, lookupEmail: EmailLookup): Promise<Reply> {
    const now = clock.now();
    let welcome: PersonWithRoles | undefined;
    for (const member of event.members) {
      const personal = event.conversation.kind === 'personal' ? event.conversation : undefined;
      const known = await identify(db, member, personal, lookupEmail, now);
      if (personal && member.userId === event.actor.userId) welcome = known?.person;
    }
    log.info({ platform: event.actor.platform, members: event.members.length, scope: event.conversation.kind }, 'app installed');
    if (event.conversation.kind !== 'personal') return {};
    if (!welcome) return notInDirectory();
    return fallback ? fallback.run(contextFor(welcome, event.conversation), []) : {};
  }

  async function dispatch(event: InboundEvent, lookupEmail: EmailLookup): Promise<Reply> {
    if (event.kind === 'install') return onInstall(event, lookupEmail);
    const quiet = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
    const known = await identify(db, event.actor, event.conversation, lookupEmail, clock.now(), { quiet });
    if (!known) {
      log.info({ platform: event.actor.platform, kind: event.kind }, 'message from someone not in the directory');
      return notInDirectory();
    }
    const ctx = contextFor(known.person, event.conversation);
    try {
      refuseUnstorableInput(event); // NUL, lone surrogates, control characters: refused in the person's language
      return event.kind === 'message' ? await onMessage(ctx, event) : await onSubmit(ctx, event);
    } catch (e) {
      const err = toAppError(e);
      if (err.code === ErrorCode.Internal || err.code === ErrorCode.DatabaseUnavailable) throw err;
      reportError(log, err, { platform: event.actor.platform, kind: event.kind });
      return { messages: [{ card: ctx.card(noticeCard, noticeFor(err)) }] };
    }
  }

  /** A failed turn: one log line, one notice ("try again shortly" when the database did not
   *  answer), and its claim released so the platform's retry is processed. */
  async function failed(event: InboundEvent, e: unknown, release: () => Promise<void>): Promise<HandleResult> {
    const err = reportError(log, asDatabaseFault(e), { platform: event.actor.platform, kind: event.kind });
    if (err.code === ErrorCode.DatabaseUnavailable) releaseWhenDatabaseAnswers(release, clock, log);
    else await release().catch(() => undefined);
    return { status: 'handled', reply: { messages: [{ card: catalog.render(noticeCard.name, noticeFor(err), services.defaultLocale) }] } };
  }

  return {
    async handle(event, lookupEmail) {
      // Anonymous answers are deduplicated by their workflow, without a key naming the person.
      const anonymous = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
      let claim: Claim;
      try {
        claim = anonymous ? { fresh: true as const, release: async () => undefined } : await claimEvent(db, event.dedupeKey);
      } catch (e) {
        return failed(event, e, () => forgetEvent(db, event.dedupeKey));
      }
      if (!claim.fresh) {
        log.info({ platform: event.actor.platform, kind: event.kind }, 'duplicate delivery ignored');
        return { status: 'duplicate' };
      }
      try {
        return { status: 'handled', reply: await dispatch(event, lookupEmail) };
      } catch (e) {
        return failed(event, e, claim.release);
      }
    },
  };
}
