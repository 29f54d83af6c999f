// The nightly `people sync graph` (the people workflow's schedule), fired by the service's
// scheduler with the test's clock, against the Microsoft Graph stand-in over real HTTP: without
// Graph's credentials the job says once that Graph is not configured and touches nothing; with
// them it runs the CLI's sync (the first night every user, later nights only the delta) and
// tells the workflows the directory changed only when it did (training follows it).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GRAPH_CLIENT, GraphStandin } from '../standins/graph.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { type RecordingLog, recordingLog } from '../support/recording-log.ts';

const NOT_CONFIGURED = 'Microsoft Graph is not configured (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET), so the directory was not synced';
const SYNCED = 'directory synced from Microsoft Graph';
const DONE = 'nightly Graph sync done';
const TRAINING_FOLLOWS = 'training assignments follow the directory';
const DAY = 86_400_000;

describe('the nightly Microsoft Graph sync', () => {
  let h: Harness;
  let rec: RecordingLog;
  const graph = new GraphStandin({ pageSize: 2 });
  // 02:30 in Des Moines (CST, UTC-6) on 24 November 2026.
  const clock = new ManualClock(Date.parse('2026-11-24T08:30:00Z'));
  const said = (msg: string) => rec.lines.filter((l) => l.msg === msg);

  beforeAll(async () => {
    rec = recordingLog('info');
    await graph.start();
    h = await startHarness({ clock, log: rec.log });
    graph.setUser({ id: 'g-ana', displayName: 'Ana Torres', mail: 'ana.torres@dmschools.example', employeeId: '200001', accountEnabled: true });
    graph.setUser({ id: 'g-ben', displayName: 'Ben Ruiz', mail: 'ben.ruiz@dmschools.example', employeeId: '200002', accountEnabled: true });
    graph.setUser({ id: 'g-cam', displayName: 'Cam Ly', mail: 'cam.ly@dmschools.example', employeeId: '200003', accountEnabled: true });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h?.close();
    await graph.close();
  });

  const fireTonight = async () => {
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name: 'people:graph-sync' } });
    expect(await h.service.scheduler!.fire(s, clock.now())).toBe(true);
    const fire = await h.db.scheduleFire.findFirstOrThrow({ where: { scheduleId: s.id, fireAt: clock.now() } });
    expect(fire.status).toBe('fired');
    clock.advance(DAY);
  };
  const configure = () => {
    vi.stubEnv('GRAPH_TENANT_ID', GRAPH_CLIENT.tenantId);
    vi.stubEnv('GRAPH_CLIENT_ID', GRAPH_CLIENT.clientId);
    vi.stubEnv('GRAPH_CLIENT_SECRET', GRAPH_CLIENT.clientSecret);
    vi.stubEnv('GRAPH_AUTHORITY_HOST', graph.url);
    vi.stubEnv('GRAPH_BASE_URL', graph.url);
  };

  it('every deployment has it, nightly at 02:30 in the district time zone', async () => {
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name: 'people:graph-sync' } });
    expect(s).toMatchObject({ cron: '30 2 * * *', job: 'people.graphSync', timeZone: 'America/Chicago', enabled: true });
  });

  it('without Graph credentials, says so in one line and changes nothing', async () => {
    for (const k of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'GRAPH_AUTHORITY_HOST', 'GRAPH_BASE_URL']) vi.stubEnv(k, '');
    await fireTonight();
    expect(said(NOT_CONFIGURED)).toHaveLength(1);
    expect(said(SYNCED)).toHaveLength(0);
    expect(graph.calls).toHaveLength(0);
    expect(await h.db.person.count()).toBe(0);
    expect(said(TRAINING_FOLLOWS)).toHaveLength(0);
  });

  it('with them, syncs every user the first night and tells the workflows (training) the directory changed', async () => {
    configure();
    await fireTonight();
    expect((await h.db.person.findMany({ orderBy: { employeeId: 'asc' } })).map((p) => p.employeeId)).toEqual(['200001', '200002', '200003']);
    expect(said(SYNCED).at(-1)).toMatchObject({ delta: false, users: 3, created: 3 });
    expect(said(DONE).at(-1)).toMatchObject({ changed: true, install: null });
    expect(said(TRAINING_FOLLOWS)).toHaveLength(1);
  });

  it('a night with no change reads only the delta and tells nobody', async () => {
    const before = graph.calls.length;
    await fireTonight();
    const deltaCalls = graph.calls.slice(before).filter((c) => c.path === '/v1.0/users/delta');
    expect(deltaCalls.map((c) => c.query.has('$deltatoken'))).toEqual([true]);
    expect(said(SYNCED).at(-1)).toMatchObject({ delta: true, users: 0 });
    expect(said(DONE).at(-1)).toMatchObject({ changed: false });
    expect(said(TRAINING_FOLLOWS)).toHaveLength(1);
  });

  it('a user disabled in Entra ID becomes inactive the next night, and the workflows hear of it', async () => {
    graph.setUser({ id: 'g-ben', accountEnabled: false });
    await fireTonight();
    expect((await h.db.person.findUniqueOrThrow({ where: { employeeId: '200002' } })).inactiveAt).not.toBeNull();
    expect(said(SYNCED).at(-1)).toMatchObject({ delta: true, users: 1, deactivated: 1 });
    expect(said(DONE).at(-1)).toMatchObject({ changed: true });
    expect(said(TRAINING_FOLLOWS)).toHaveLength(2);
  });

  it('logs no names, emails or tokens', () => {
    const text = rec.text();
    for (const secret of ['Ana Torres', 'ana.torres@dmschools.example', GRAPH_CLIENT.clientSecret]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/graph-[0-9a-f]{8}-/); // the stand-in's access tokens
  });
});
