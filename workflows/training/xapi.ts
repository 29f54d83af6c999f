// POST /xapi/statements: completions from a learning system, as the Experience API (xAPI 1.0.3)
// sends them. HTTP Basic with XAPI_KEY / XAPI_SECRET (503 while they are not configured). Each
// statement is validated with @learninglocker/xapi-validation; only `completed` and `passed` are
// taken. The actor is matched by email (mbox) or by employee id (account.name), the activity by
// the course's key (the last segment of its id) or its link. All-or-nothing per request: a
// statement that fails, names an unknown person or course, or reuses a known id for different
// content (409) means nothing of the request is stored. A repeated statement changes nothing.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import xapiValidation from '@learninglocker/xapi-validation';
import { isAppError } from '../../core/errors.ts';
import type { HttpRequest, HttpResponse, HttpRoute } from '../../kernel/module.ts';
import type { Services } from '../../kernel/turn.ts';
import { type Course, toCourse } from './domain/courses.ts';
import { recordCompletion } from './domain/records.ts';

export const XAPI_PATH = '/xapi/statements';
const VERSION = '1.0.3';
// A CommonJS module whose `default` export is the validator: Node's ESM loader sees it under
// `.default`, bundlers that honour __esModule (vitest) as the import itself.
type Validate = (data: unknown) => { path: string[]; name: string; typeName?: unknown }[];
const loaded = xapiValidation as unknown as Validate | { default: Validate };
const validateStatement: Validate = typeof loaded === 'function' ? loaded : loaded.default;
const VERBS = new Set(['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed']);

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'x-experience-api-version': VERSION },
  body: JSON.stringify(body),
});
const fail = (status: number, error: string, details?: unknown) => json(status, { error, ...(details === undefined ? {} : { details }) });

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function authorized(req: HttpRequest, key: string, secret: string): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 && same(decoded.slice(0, i), key) && same(decoded.slice(i + 1), secret);
}

interface Statement {
  id?: string;
  actor: { mbox?: string; account?: { name?: string; homePage?: string }; name?: string };
  verb: { id: string };
  object: { id: string };
  result?: { success?: boolean; completion?: boolean };
  timestamp?: string;
}

/** What makes two statements the same completion (the id aside). */
const contentHash = (s: Statement) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        s.actor.mbox?.toLowerCase() ?? null,
        s.actor.account?.name ?? null,
        s.verb.id,
        s.object.id,
        s.result?.success ?? null,
        s.timestamp ?? null,
      ]),
    )
    .digest('hex');

async function handle(services: Services, req: HttpRequest): Promise<HttpResponse> {
  const key = process.env.XAPI_KEY?.trim();
  const secret = process.env.XAPI_SECRET?.trim();
  if (!key || !secret) return fail(503, 'the xAPI endpoint is not configured: set XAPI_KEY and XAPI_SECRET on the service');
  if (!authorized(req, key, secret))
    return {
      ...fail(401, 'HTTP Basic credentials (XAPI_KEY:XAPI_SECRET) are required'),
      headers: { ...json(401, {}).headers, 'www-authenticate': 'Basic realm="xAPI"' },
    };
  const version = req.headers['x-experience-api-version'];
  if (!version || !/^1\.0(\.\d+)?$/.test(version.trim())) return fail(400, 'the X-Experience-API-Version header must be 1.0.x');
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return fail(400, 'the body is not JSON');
  }
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.length > 500) return fail(400, 'send from 1 to 500 statements');
  const problems = list.flatMap((s, i) =>
    validateStatement(s).map((w) => ({ statement: i, path: w.path.slice(1).join('.'), problem: `${w.name}${w.typeName ? ` (${String(w.typeName)})` : ''}` })),
  );
  if (problems.length) return fail(400, 'statement failed xAPI validation; nothing was stored', problems.slice(0, 50));
  const statements = list as Statement[];
  const unsupported = statements.findIndex((s) => !VERBS.has(s.verb.id));
  if (unsupported >= 0) return fail(400, `statement ${unsupported}: only the verbs completed and passed are accepted; nothing was stored`);
  const failed = statements.findIndex((s) => s.result?.success === false);
  if (failed >= 0) return fail(400, `statement ${failed}: result.success is false, which is not a completion; nothing was stored`);

  // Resolve everyone and everything first: one unknown means nothing is stored.
  const { db } = services;
  const courses = (await db.trainingCourse.findMany({ where: { archivedAt: null } })).map(toCourse);
  const resolved: { s: Statement; personId: string; course: Course; at: Date; id: string; hash: string }[] = [];
  const now = services.clock.now();
  for (const [i, s] of statements.entries()) {
    const email = s.actor.mbox?.replace(/^mailto:/i, '').toLowerCase();
    const person = email
      ? await db.person.findUnique({ where: { email }, select: { id: true } })
      : s.actor.account?.name
        ? await db.person.findUnique({ where: { employeeId: s.actor.account.name }, select: { id: true } })
        : null;
    if (!person)
      return fail(400, `statement ${i}: the actor is not in the district directory (matched by mbox email or account.name employee id); nothing was stored`);
    const last = s.object.id.split(/[/:#]/).filter(Boolean).at(-1)?.toLowerCase() ?? '';
    const course = courses.find((c) => c.key === last) ?? courses.find((c) => c.url === s.object.id);
    if (!course)
      return fail(400, `statement ${i}: no required course has the key "${last.slice(0, 64)}" or the link ${s.object.id.slice(0, 200)}; nothing was stored`);
    const at = s.timestamp ? new Date(s.timestamp) : now;
    if (at.getTime() > now.getTime() + 60_000) return fail(400, `statement ${i}: the timestamp is in the future; nothing was stored`);
    const id = s.id?.toLowerCase() ?? randomUUID();
    resolved.push({ s, personId: person.id, course, at, id, hash: contentHash(s) });
  }
  const known = new Map(
    (
      await db.trainingCompletion.findMany({
        where: { sourceKey: { in: resolved.map((r) => `xapi:${r.id}`) } },
        select: { sourceKey: true, contentHash: true },
      })
    ).map((k) => [k.sourceKey, k.contentHash]),
  );
  const conflict = resolved.find((r) => known.has(`xapi:${r.id}`) && known.get(`xapi:${r.id}`) !== r.hash);
  if (conflict) return fail(409, `statement ${conflict.id} is already stored with different content; nothing was stored`);
  let stored = 0;
  for (const r of resolved) {
    if (known.has(`xapi:${r.id}`)) continue;
    try {
      const out = await recordCompletion(services, {
        course: r.course,
        personId: r.personId,
        completedAt: r.at,
        source: 'xapi',
        sourceKey: `xapi:${r.id}`,
        contentHash: r.hash,
      });
      if (out.status === 'duplicate' && out.contentHash !== r.hash) return fail(409, `statement ${r.id} is already stored with different content`);
      if (out.status === 'recorded') stored += 1;
    } catch (e) {
      if (isAppError(e) && e.notice) return fail(400, e.message);
      throw e;
    }
  }
  services.log.info({ statements: resolved.length, stored }, 'xapi statements received');
  return json(
    200,
    resolved.map((r) => r.id),
  );
}

export const xapiRoute: HttpRoute = { method: 'POST', path: XAPI_PATH, handle };
