// `people sync graph` against the Microsoft Graph stand-in over real HTTP (token endpoint and
// users delta query): the first sync reads every page, the second reads only the delta, a
// disabled user becomes inactive, 429's Retry-After is honoured through the injected sleeper.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GraphConfig, graphClient } from '../../directory/graph.ts';
import { syncGraph } from '../../directory/graph-sync.ts';
import { GRAPH_CLIENT, GraphStandin } from '../standins/graph.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
let graph: GraphStandin;
const NOW = new Date('2026-12-01T12:00:00Z');
let slept: number[];

beforeEach(async () => {
  t = await createTestDatabase();
  graph = new GraphStandin({ pageSize: 2 });
  await graph.start();
  slept = [];
});
afterEach(async () => {
  await graph.close();
  await t.close();
});

const config = (over: Partial<GraphConfig> = {}): GraphConfig => ({ ...GRAPH_CLIENT, authorityHost: graph.url, graphBaseUrl: graph.url, ...over });
const client = (over: Partial<GraphConfig> = {}) =>
  graphClient(config(over), {
    now: () => NOW.getTime(),
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
const sync = (over: Partial<GraphConfig> = {}) => syncGraph(t.db, client(over), { now: NOW, defaultLocale: 'en' });
const person = (employeeId: string) => t.db.person.findUnique({ where: { employeeId }, include: { roles: true } });

function seed() {
  graph.setUser({
    id: 'g-ana',
    displayName: 'Ana Torres',
    mail: 'Ana.Torres@dmschools.example',
    employeeId: '100001',
    employeeHireDate: '2020-08-01T00:00:00Z',
    jobTitle: 'Teacher',
    department: 'Science',
    officeLocation: 'Roosevelt High',
    preferredLanguage: 'es-MX',
    accountEnabled: true,
    managerId: 'g-cam',
  });
  graph.setUser({ id: 'g-cam', displayName: 'Cam Ly', mail: 'cam.ly@dmschools.example', employeeId: '100002', jobTitle: 'Principal', accountEnabled: true });
  graph.setUser({
    id: 'g-ben',
    displayName: 'Ben Ruiz',
    userPrincipalName: 'ben.ruiz@dmschools.example',
    employeeId: '100003',
    department: 'Facilities',
    accountEnabled: true,
  });
  graph.setUser({ id: 'g-room', displayName: 'Room 101', mail: 'room101@dmschools.example', accountEnabled: true });
  graph.setUser({ id: 'g-dee', displayName: 'Dee Old', mail: 'dee@dmschools.example', employeeId: '100004', accountEnabled: true });
}

describe('syncing the directory from Microsoft Entra ID (Graph delta query)', () => {
  it('reads every page the first time, then only the changes; a disabled user becomes inactive and a re-enabled one active', async () => {
    seed();
    const first = await sync();
    expect(first).toMatchObject({ delta: false, pages: 3, users: 5, created: 4, skipped: 1, deactivated: 0 });
    expect(await person('100001')).toMatchObject({
      name: 'Ana Torres',
      email: 'ana.torres@dmschools.example',
      jobCategory: 'Teacher',
      building: 'Roosevelt High',
      language: 'es',
      managerEmail: 'cam.ly@dmschools.example',
      inactiveAt: null,
    });
    expect((await person('100001'))?.hireDate?.toISOString().slice(0, 10)).toBe('2020-08-01');
    expect(await person('100003')).toMatchObject({ email: 'ben.ruiz@dmschools.example', jobCategory: 'Facilities', language: 'en' });
    expect((await person('100003'))?.roles.map((r) => r.role)).toEqual(['staff']);
    // The token came from the token endpoint with the client credentials.
    expect(graph.calls.filter((c) => c.path === `/${GRAPH_CLIENT.tenantId}/oauth2/v2.0/token`)).toHaveLength(1);

    graph.setUser({ id: 'g-cam', accountEnabled: false });
    graph.removeUser('g-dee');
    const before = graph.calls.length;
    const second = await sync();
    expect(second).toMatchObject({ delta: true, pages: 1, users: 2, created: 0, deactivated: 2 });
    const deltaCalls = graph.calls.slice(before).filter((c) => c.path === '/v1.0/users/delta');
    expect(deltaCalls[0]?.query.get('$deltatoken')).toBeTruthy();
    expect((await person('100002'))?.inactiveAt).toEqual(NOW);
    expect((await person('100004'))?.inactiveAt).toEqual(NOW);
    // Nobody is deleted.
    expect(await t.db.person.count()).toBe(4);

    graph.setUser({ id: 'g-cam', accountEnabled: true });
    expect(await sync()).toMatchObject({ users: 1, reactivated: 1 });
    expect(await sync()).toMatchObject({ users: 0, updated: 0 });
  });

  it('links to people an import already has, by employee id, without creating them again', async () => {
    await t.db.person.create({ data: { employeeId: '100001', name: 'Ana T.', email: 'ana.torres@dmschools.example', roles: { create: [{ role: 'hr' }] } } });
    seed();
    expect(await sync()).toMatchObject({ created: 3, updated: 1 });
    expect((await person('100001'))?.roles.map((r) => r.role)).toEqual(['hr']);
    expect(await t.db.entraUser.count()).toBe(4);
  });

  it("waits out Graph's 429 for its Retry-After, through the injected sleeper", async () => {
    seed();
    graph.throttleNext(2, 7);
    expect(await sync()).toMatchObject({ created: 4 });
    expect(slept).toEqual([7000, 7000]);
  });

  it('says clearly when the credentials are refused, and changes nothing', async () => {
    seed();
    await expect(sync({ clientSecret: 'wrong' })).rejects.toThrow('Microsoft Entra ID refused the Graph credentials (invalid_client');
    expect(await t.db.person.count()).toBe(0);
  });
});
