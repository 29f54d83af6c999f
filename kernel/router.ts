// Every inbound event passes here once: deduplicated, the person resolved from the directory,
// the role checked, the verb's input parsed, then the workflow step runs. Errors end here too:
// logged once (without payloads) and answered with a clear card; an unexpected error releases
// the dedupe claim so the platform's retry can succeed.

import { card as notInDirectoryCard } from '../cards/not-in-directory/index.ts';
import { card as noticeCard } from '../cards/notice/index.ts';
import { asDatabaseFault } from '../core/db.ts';
import { AppError, ErrorCode, toAppError } from '../core/errors.ts';
import { reportError } from '../core/log.ts';
import { commandMatcher } from './commands.ts';
import { type Claim, claimEvent, claimWithin, forgetEvent, releaseWhenDatabaseAnswers } from './dedupe.ts';
import type { InboundEvent, InstallEvent, MessageEvent, Reply, SubmitEvent } from './events.ts';
import { directoryIsEmpty, type EmailLookup, IMPORT_COMMAND, identify, type PersonWithRoles, rolesOf } from './identity.ts';
import { allowed, type VerbSpec, type WorkflowModule } from './module.ts';
import { noticeFor } from './notices.ts';
import { refuseUnstorableInput } from './text.ts';
import type { Services, TurnContext } from './turn.ts';

export type HandleResult = { status: 'handled'; reply: Reply } | { status: 'duplicate' };

export interface Router {
  /** `signedIn`: the person, when the surface identified them itself (the home tab's single
   *  sign-on); the event then writes nothing to their platform accounts. */
  handle(event: InboundEvent, lookupEmail: EmailLookup, signedIn?: PersonWithRoles): Promise<HandleResult>;
}

/** Commands in the order people need them: as the modules list them, within a module as declared. */
const commandsOf = (modules: readonly WorkflowModule[]) => modules.flatMap((m) => m.commands ?? []);

/** The events of one install arrive within seconds; an install after this long is a new one. */
const INSTALL_WINDOW_MS = 10 * 60_000;

/** A turn that ended in a refusal: its answer, and nothing was changed. */
class Refused {
  constructor(readonly reply: Reply) {}
}

export function createRouter(services: Services, modules: readonly WorkflowModule[]): Router {
  const commands = commandsOf(modules);
  const matcher = commandMatcher(modules);
  const verbs = new Map<string, VerbSpec>(modules.flatMap((m) => m.verbs ?? []).map((v) => [v.verb, v]));
  const fallback = modules.find((m) => m.fallback)?.fallback;
  const { db, log, clock, catalog } = services;
  const notInDirectory = (): Reply => ({ messages: [{ card: catalog.render(notInDirectoryCard.name, {}, services.defaultLocale) }] });

  /** Someone the directory does not know: one log line, which says so when the directory is
   *  empty (a first start before the import), and how to fill it. */
  async function stranger(platform: string, kind: string): Promise<Reply> {
    if (await directoryIsEmpty(db))
      log.warn(
        { platform, kind, importWith: IMPORT_COMMAND },
        `someone wrote, but the staff directory is empty, so nobody can be recognised: import it with ${IMPORT_COMMAND}`,
      );
    else log.info({ platform, kind }, 'message from someone not in the directory');
    return notInDirectory();
  }

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

  async function onMessage(ctx: TurnContext, event: MessageEvent): Promise<Reply> {
    const found = matcher.find(event.text);
    if (!found) return fallback ? fallback.unknownText(ctx) : {};
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
    if (event.action === 'remove') {
      log.info({ platform: event.actor.platform, scope: event.conversation.kind }, 'app removed');
      return {};
    }
    const now = clock.now();
    let welcome: PersonWithRoles | undefined;
    for (const member of event.members) {
      const personal = event.conversation.kind === 'personal' ? event.conversation : undefined;
      const known = await identify(db, member, personal, lookupEmail, now);
      if (personal && member.userId === event.actor.userId) welcome = known?.person;
    }
    log.info({ platform: event.actor.platform, members: event.members.length, scope: event.conversation.kind }, 'app installed');
    if (event.conversation.kind !== 'personal') return {};
    if (!welcome) return stranger(event.actor.platform, event.kind);
    return fallback ? fallback.welcome(contextFor(welcome, event.conversation)) : {};
  }

  async function dispatch(event: InboundEvent, lookupEmail: EmailLookup, signedIn: PersonWithRoles | undefined): Promise<Reply> {
    if (event.kind === 'install') return onInstall(event, lookupEmail);
    const quiet = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
    const known = signedIn ? { person: signedIn } : await identify(db, event.actor, event.conversation, lookupEmail, clock.now(), { quiet });
    if (!known) return stranger(event.actor.platform, event.kind);
    const ctx = contextFor(known.person, event.conversation);
    // Someone who left (inactive in the directory) is told so, in their language, and nothing runs.
    if (known.person.inactiveAt) {
      log.info({ platform: event.actor.platform, kind: event.kind }, 'message from someone inactive in the directory');
      return { messages: [{ card: ctx.card(noticeCard, { tone: 'info', message: 'inactive' }) }] };
    }
    try {
      refuseUnstorableInput(event); // NUL, lone surrogates, control characters: refused in the person's language
      return event.kind === 'message' ? await onMessage(ctx, event) : await onSubmit(ctx, event);
    } catch (e) {
      const err = toAppError(e);
      if (err.code === ErrorCode.Internal || err.code === ErrorCode.DatabaseUnavailable) throw err;
      reportError(log, err, { platform: event.actor.platform, kind: event.kind });
      // A refusal changed nothing, so the same card may be corrected and sent again: its
      // claim is given back (a platform retry of it gets the same refusal).
      throw new Refused({ messages: [{ card: ctx.card(noticeCard, noticeFor(err)) }] });
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

  const unclaimed: Claim = { fresh: true, release: async () => undefined };

  /** An install is answered once however many of its events arrive, in whatever order; its
   *  removal forgets it, so a reinstall is welcomed again. */
  async function claimInstall(event: InstallEvent): Promise<Claim> {
    if (event.action === 'add') return claimWithin(db, event.dedupeKey, clock.now(), INSTALL_WINDOW_MS);
    await forgetEvent(db, event.dedupeKey);
    return unclaimed;
  }

  return {
    async handle(event, lookupEmail, signedIn) {
      // Anonymous answers are deduplicated by their workflow, without a key naming the person.
      const anonymous = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
      let claim: Claim;
      try {
        claim = anonymous ? unclaimed : event.kind === 'install' ? await claimInstall(event) : await claimEvent(db, event.dedupeKey);
      } catch (e) {
        return failed(event, e, () => forgetEvent(db, event.dedupeKey));
      }
      if (!claim.fresh) {
        log.info({ platform: event.actor.platform, kind: event.kind }, 'duplicate delivery ignored');
        return { status: 'duplicate' };
      }
      try {
        return { status: 'handled', reply: await dispatch(event, lookupEmail, signedIn) };
      } catch (e) {
        if (!(e instanceof Refused)) return failed(event, e, claim.release);
        await claim.release().catch((cause: unknown) => reportError(log, asDatabaseFault(cause), { platform: event.actor.platform, kind: event.kind }));
        return { status: 'handled', reply: e.reply };
      }
    },
  };
}
