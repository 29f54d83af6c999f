// The Teams personal tab on the service's HTTP server: the page (GET /tab), its script and
// style, and the JSON API the page calls (/tab/api/*). Every API call signs the person in
// first (Teams single sign-on, or the loopback-only development sign-in without a Microsoft app
// id) and answers 401 with nothing else for anyone it cannot find in the directory; what it
// answers then is the person's own home (kernel/home.ts), under the same role and scope checks
// as chat, and acting on a task goes through the router as the card in chat does.
import express, { Router as expressRouter, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatLocal, localDateTime } from '../../cards/dates.ts';
import { literalText } from '../../cards/literal.ts';
import { isRtl } from '../../cards/strings.ts';
import type { AdaptiveCard } from '../../cards/types.ts';
import { asDatabaseFault } from '../../core/db.ts';
import { ErrorCode, isAppError } from '../../core/errors.ts';
import { reportError } from '../../core/log.ts';
import { isLoopbackHost } from '../../core/loopback.ts';
import type { SubmitEvent } from '../../kernel/events.ts';
import { type Home, type HomeView, submissionOf } from '../../kernel/home.ts';
import type { PersonWithRoles } from '../../kernel/identity.ts';
import type { Router } from '../../kernel/router.ts';
import type { Services } from '../../kernel/turn.ts';
import { bundle } from './bundle.ts';
import type { TabConfig } from './config.ts';
import { tabPage } from './page.ts';
import { createSsoVerifier, type SsoIdentity } from './sso.ts';

export const TAB_PATH = '/tab';

/** Who signed in, and as which platform account the router sees them. */
interface SignedIn {
  person: PersonWithRoles;
  actor: { platform: 'teams'; workspaceId: string; userId: string };
}

const DEV_SCHEME = 'Dev';
const ActInput = z.union([
  z.object({ task: z.string().min(1).max(500), requestId: z.uuid(), values: z.record(z.string().max(200), z.string().max(100_000)) }),
  z.object({ task: z.string().min(1).max(500), requestId: z.uuid(), action: z.number().int().min(0).max(20) }),
]);
const HomeQuery = z.object({ building: z.string().trim().min(1).max(200).optional() });

/** The text a reply's cards show, as plain lines (the tab shows what chat would have said). */
function textsOf(cards: AdaptiveCard[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string' && o.isVisible !== false) out.push(literalText(o.text));
    for (const k of ['body', 'items', 'columns']) if (k in o) walk(o[k]);
  };
  for (const c of cards) walk(c.body);
  return out;
}

export function createTab(deps: { services: Services; home: Home; router: Router; config: TabConfig }): expressRouter {
  const { services, home, config } = deps;
  const { db, log } = services;
  const verify = config.sso ? createSsoVerifier({ ...config.sso, clock: services.clock }) : undefined;

  async function personFor(id: SsoIdentity): Promise<PersonWithRoles | undefined> {
    const account = await db.platformAccount.findUnique({
      where: { platform_workspaceId_userId: { platform: 'teams', workspaceId: id.tenantId, userId: id.objectId } },
      include: { person: { include: { roles: true } } },
    });
    return account?.person ?? (id.email ? ((await db.person.findUnique({ where: { email: id.email }, include: { roles: true } })) ?? undefined) : undefined);
  }

  /** The signed-in person, or undefined (then the caller answers 401 and nothing else). */
  async function signIn(req: Request): Promise<SignedIn | undefined> {
    const [scheme, credential] = (req.headers.authorization ?? '').split(' ', 2);
    if (!credential) return undefined;
    if (verify) {
      if (scheme !== 'Bearer') return undefined;
      const result = await verify(credential);
      if (!result.ok) {
        log.info({ part: 'tab', reason: result.reason }, 'tab sign-in refused');
        return undefined;
      }
      const person = await personFor(result.identity);
      if (!person || person.inactiveAt) return undefined;
      return { person, actor: { platform: 'teams', workspaceId: result.identity.tenantId, userId: result.identity.objectId } };
    }
    // Development: no Microsoft app id, so no single sign-on; only from this machine.
    if (scheme !== DEV_SCHEME || !isLoopbackHost(req.socket.remoteAddress ?? '')) return undefined;
    const person = await db.person.findUnique({ where: { id: credential }, include: { roles: true } });
    if (!person || person.inactiveAt) return undefined;
    return { person, actor: { platform: 'teams', workspaceId: 'development', userId: person.id } };
  }

  /** Runs an API handler for a signed-in person; refusals and outages become JSON answers. */
  const api = (handler: (who: SignedIn, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    try {
      const who = await signIn(req);
      if (!who) {
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      await handler(who, req, res);
    } catch (e) {
      const err = reportError(log, asDatabaseFault(e), { part: 'tab' });
      const status = err.code === ErrorCode.Forbidden ? 403 : err.code === ErrorCode.NotFound ? 404 : err.code === ErrorCode.DatabaseUnavailable ? 503 : 500;
      if (!res.headersSent)
        res.status(status).json({ error: status === 403 ? 'forbidden' : status === 404 ? 'not found' : status === 503 ? 'busy' : 'internal error' });
    }
  };

  const shown = (view: HomeView, person: PersonWithRoles) => ({
    person: { name: person.name },
    locale: view.locale,
    dir: isRtl(view.locale) ? 'rtl' : 'ltr',
    tasks: view.tasks.map((t) => ({
      key: t.key,
      title: t.title,
      kind: t.kind,
      status: t.status,
      ...(t.due ? { due: t.due.toISOString(), dueText: formatLocal(localDateTime(services.timeZone, t.due), view.locale) } : {}),
      ...(t.form ? { form: t.form } : {}),
      actions: (t.actions ?? []).map((a) => ({ title: a.title })),
      links: t.links ?? [],
    })),
    dashboards: view.dashboards,
    unavailable: view.unavailable,
  });

  const r = expressRouter();
  r.get(TAB_PATH, (req, res) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const page = tabPage({ services, config, inTeams: req.query.inTeams === 'true', ...(lang ? { lang } : {}) });
    res.status(200).set(page.headers).send(page.body);
  });
  r.get(`${TAB_PATH}/app.js`, (_req, res, next) => {
    bundle()
      .then((b) => void res.status(200).type('text/javascript').set('cache-control', 'no-cache').send(b.js))
      .catch(next);
  });
  r.get(`${TAB_PATH}/app.css`, (_req, res, next) => {
    bundle()
      .then((b) => void res.status(200).type('text/css').set('cache-control', 'no-cache').send(b.css))
      .catch(next);
  });

  r.get(
    `${TAB_PATH}/api/home`,
    api(async ({ person }, req, res) => {
      const query = HomeQuery.safeParse(req.query);
      if (!query.success) {
        res.status(400).json({ error: 'building must be a building name' });
        return;
      }
      const view = await home.viewFor(person, { query: query.data.building ? { building: query.data.building } : {} });
      res.json(shown(view, person));
    }),
  );

  r.post(
    `${TAB_PATH}/api/act`,
    express.json({ limit: '256kb' }),
    api(async ({ person, actor }, req, res) => {
      const input = ActInput.safeParse(req.body);
      if (!input.success) {
        res.status(400).json({ error: 'expected { task, requestId, values } or { task, requestId, action }' });
        return;
      }
      let submission: ReturnType<typeof submissionOf>;
      try {
        const task = await home.taskFor(person, input.data.task);
        submission = submissionOf(task, 'action' in input.data ? { action: input.data.action } : { values: input.data.values });
      } catch (e) {
        if (!isAppError(e, ErrorCode.NotFound)) throw e;
        res.status(404).json({ error: 'that task is no longer open', messages: [home.text(person.language, 'done')] });
        return;
      }
      if (!submission) {
        res.status(400).json({ error: 'that task has no such action' });
        return;
      }
      const event: SubmitEvent = {
        kind: 'submit',
        dedupeKey: `submit:home:${person.id}:${input.data.requestId}`,
        actor,
        conversation: { id: 'home', kind: 'personal', ref: {} },
        receivedAt: services.clock.now(),
        ...submission,
      };
      const result = await deps.router.handle(event, async () => person.email, person);
      const cards =
        result.status === 'handled'
          ? [...(result.reply.update ? [result.reply.update] : []), ...(result.reply.messages ?? []).flatMap((m) => ('card' in m ? [m.card] : []))]
          : [];
      res.json({ messages: textsOf(cards) });
    }),
  );

  if (!config.sso)
    r.get(`${TAB_PATH}/api/dev/people`, (req, res, next) => {
      if (!isLoopbackHost(req.socket.remoteAddress ?? '')) {
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      db.person
        .findMany({ where: { inactiveAt: null }, orderBy: { name: 'asc' }, take: 500, include: { roles: true } })
        .then((people) => void res.json({ people: people.map((p) => ({ id: p.id, name: p.name, roles: p.roles.map((x) => x.role), building: p.building })) }))
        .catch(next);
    });
  return r;
}
