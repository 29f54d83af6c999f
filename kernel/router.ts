// Every inbound event passes here once: deduplicated, the person resolved from the directory,
// the role checked, then the workflow step runs. Errors end here too: logged once (without
// payloads) and answered with a clear card; an unexpected error releases the dedupe claim so
// the platform's retry can succeed.
import { AppError, ErrorCode, toAppError } from '../core/errors.ts';
import { reportError } from '../core/log.ts';
import { claimEvent } from './dedupe.ts';
import { identify, rolesOf, type EmailLookup, type PersonWithRoles } from './identity.ts';
import { allowed, type CommandSpec, type VerbSpec, type Workflow } from './registry.ts';
import type { Conversation, InboundEvent, InstallEvent, MessageEvent, Reply, SubmitEvent } from './events.ts';
import type { Services, TurnContext } from './turn.ts';
import { NOTICE_CARD, noticeFor } from './notices.ts';

export type HandleResult = { status: 'handled'; reply: Reply } | { status: 'duplicate' };

export interface Router {
  handle(event: InboundEvent, lookupEmail: EmailLookup): Promise<HandleResult>;
}

export const NOT_IN_DIRECTORY_CARD = 'not-in-directory';
export const HELP_COMMAND = 'help';

export function createRouter(services: Services, workflows: Workflow[]): Router {
  const commands = workflows.flatMap((w) => w.commands ?? []).sort((a, b) => b.name.length - a.name.length);
  const verbs = new Map<string, VerbSpec>(workflows.flatMap((w) => w.verbs ?? []).map((v) => [v.verb, v]));
  const { db, log, clock } = services;

  const contextFor = (person: PersonWithRoles, conversationKind: Conversation['kind']): TurnContext => {
    const roles = rolesOf(person);
    const locale = person.language || services.defaultLocale;
    return {
      ...services,
      person,
      roles,
      locale,
      conversationKind,
      commands: commands.filter((c) => allowed(c.roles, roles)),
      card: (name, data) => services.renderCard(name, data, locale),
    };
  };

  const findCommand = (text: string): { spec: CommandSpec; args: string[] } | undefined => {
    const words = text.trim().split(/\s+/).filter(Boolean);
    const lower = words.map((w) => w.toLowerCase());
    for (const spec of commands) {
      const parts = spec.name.split(' ');
      if (parts.every((p, i) => lower[i] === p)) return { spec, args: words.slice(parts.length) };
    }
    return undefined;
  };

  async function onMessage(ctx: TurnContext, event: MessageEvent): Promise<Reply> {
    const found = findCommand(event.text);
    const help = commands.find((c) => c.name === HELP_COMMAND);
    if (!found) return help ? help.run(ctx, []) : {};
    if (!allowed(found.spec.roles, ctx.roles))
      throw new AppError(ErrorCode.Forbidden, `command ${found.spec.name} needs another role`, { details: { notice: 'forbidden' } });
    return found.spec.run(ctx, found.args);
  }

  async function onSubmit(ctx: TurnContext, event: SubmitEvent): Promise<Reply> {
    const spec = verbs.get(event.verb);
    if (!spec) throw new AppError(ErrorCode.NotFound, `unknown verb`, { details: { notice: 'formClosed', verb: event.verb.slice(0, 64) } });
    if (!allowed(spec.roles, ctx.roles))
      throw new AppError(ErrorCode.Forbidden, `verb ${spec.verb} needs another role`, { details: { notice: 'forbidden' } });
    return spec.run(ctx, event);
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
    if (!welcome) return { messages: [{ card: services.renderCard(NOT_IN_DIRECTORY_CARD, {}, services.defaultLocale) }] };
    const help = commands.find((c) => c.name === HELP_COMMAND);
    return help ? help.run(contextFor(welcome, 'personal'), []) : {};
  }

  async function dispatch(event: InboundEvent, lookupEmail: EmailLookup): Promise<Reply> {
    if (event.kind === 'install') return onInstall(event, lookupEmail);
    const quiet = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
    const known = await identify(db, event.actor, event.conversation, lookupEmail, clock.now(), { quiet });
    if (!known) {
      log.info({ platform: event.actor.platform, kind: event.kind }, 'message from someone not in the directory');
      return { messages: [{ card: services.renderCard(NOT_IN_DIRECTORY_CARD, {}, services.defaultLocale) }] };
    }
    const ctx = contextFor(known.person, event.conversation.kind);
    try {
      return event.kind === 'message' ? await onMessage(ctx, event) : await onSubmit(ctx, event);
    } catch (e) {
      const err = toAppError(e);
      if (err.code === ErrorCode.Internal || err.code === ErrorCode.DatabaseUnavailable) throw err;
      reportError(log, err, { platform: event.actor.platform, kind: event.kind });
      return { messages: [{ card: ctx.card(NOTICE_CARD, noticeFor(err)) }] };
    }
  }

  return {
    async handle(event, lookupEmail) {
      // Anonymous answers are deduplicated by their workflow, without a key naming the person.
      const anonymous = event.kind === 'submit' && verbs.get(event.verb)?.anonymous === true;
      const claim = anonymous ? { fresh: true as const, release: async () => undefined } : await claimEvent(db, event.dedupeKey);
      if (!claim.fresh) {
        log.info({ platform: event.actor.platform, kind: event.kind }, 'duplicate delivery ignored');
        return { status: 'duplicate' };
      }
      try {
        return { status: 'handled', reply: await dispatch(event, lookupEmail) };
      } catch (e) {
        await claim.release().catch(() => undefined);
        const err = reportError(log, e, { platform: event.actor.platform, kind: event.kind });
        return { status: 'handled', reply: { messages: [{ card: services.renderCard(NOTICE_CARD, noticeFor(err), services.defaultLocale) }] } };
      }
    },
  };
}
