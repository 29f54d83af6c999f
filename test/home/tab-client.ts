// The Teams tab's HTTP API as the page calls it, signed in with a Teams single sign-on token from
// the harness's local issuer (v2, the app's api:// audience, access_as_user).
import { APP_ID, type Harness, TENANT_ID, type TestPerson } from '../support/harness.ts';

/** What GET /tab/api/home answers (the parts the tests read). */
export interface Shown {
  tasks: { key: string; title: string; kind: string; status: string; form?: unknown }[];
  dashboards: {
    workflow: string;
    id: string;
    scope: string;
    headline: { label: string; value: string }[];
    charts: { kind: string; labels: string[]; series: { label: string; values: (number | null)[] }[] }[];
  }[];
}

/** `harness` is read at each call (tests start it in beforeAll). */
export function tabClient(harness: () => Harness) {
  async function bearer(p: TestPerson): Promise<string> {
    const issuer = harness().issuer;
    if (!issuer) throw new Error('no issuer');
    const t = await issuer.sign({
      aud: `api://tab.dmps.example/${APP_ID}`,
      serviceUrl: 'unused',
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      claims: { tid: TENANT_ID, oid: p.teams.aadObjectId, scp: 'access_as_user', preferred_username: p.email, ver: '2.0' },
    });
    return `Bearer ${t}`;
  }
  async function home(p: TestPerson, query = ''): Promise<{ status: number; body: Shown }> {
    const r = await fetch(`${harness().service.url}/tab/api/home${query}`, { headers: { authorization: await bearer(p) } });
    return { status: r.status, body: (await r.json()) as Shown };
  }
  async function act(p: TestPerson, task: string, values: Record<string, string>): Promise<{ status: number; messages: string[] }> {
    const r = await fetch(`${harness().service.url}/tab/api/act`, {
      method: 'POST',
      headers: { authorization: await bearer(p), 'content-type': 'application/json' },
      body: JSON.stringify({ task, requestId: crypto.randomUUID(), values }),
    });
    return { status: r.status, messages: ((await r.json()) as { messages?: string[] }).messages ?? [] };
  }
  return { home, act };
}
