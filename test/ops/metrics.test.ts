// GET /metrics, as Prometheus scrapes it, after people have used the bot on both platforms and
// a campaign went out through a 429 and a 5xx and a schedule fired: the operator sees requests, events, deliveries,
// throttling and queue depth, and no label anywhere names a person, a conversation, what
// someone typed, or a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../delivery/index.ts';
import { personalConversationOf, slackDriver, slackSlashCommand, teamsDriver } from '../behaviour/drivers.ts';
import { DEFAULT_SLACK_TOKEN } from '../standins/slack-api.ts';
import { type Harness, SLACK_SECRET, startHarness, type TestPerson } from '../support/harness.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, sample lines only. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`not a sample line: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** Every label name each of our metrics may carry (histogram buckets add `le`). */
const LABELS: Record<string, string[]> = {
  dmps_http_requests_total: ['platform', 'status'],
  dmps_http_request_duration_seconds: ['platform', 'le'],
  dmps_inbound_events_total: ['platform', 'kind', 'outcome'],
  dmps_inbound_event_duration_seconds: ['platform', 'kind', 'le'],
  dmps_deliveries_total: ['platform', 'outcome', 'reason'],
  dmps_platform_rate_limited_total: ['platform'],
  dmps_schedule_fires_total: ['job', 'outcome'],
  dmps_delivery_rows: ['status'],
  dmps_delivery_held: ['state'],
};
const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');

describe('GET /metrics', () => {
  let h: Harness;
  let people: TestPerson[];
  let samples: Sample[];
  let text: string;
  const sum = (name: string, match: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

  beforeAll(async () => {
    h = await startHarness();
    people = [
      await h.addPerson({ name: 'Marisol Quintanilla', employeeId: 'E77001' }),
      await h.addPerson({ name: 'Dmitri Okonkwo', employeeId: 'E77002' }),
      await h.addPerson({ name: 'Yusra Haddad', employeeId: 'E77003' }),
    ];
    const [a, b, c] = people as [TestPerson, TestPerson, TestPerson];
    await teamsDriver(h).say(a, 'help my secret words');
    await teamsDriver(h).say(b, 'help');
    await slackDriver(h).say(c, 'help');
    await slackSlashCommand(h, c, 'help');
    // The campaign meets one throttle and one server error on the way.
    h.connector.script({ conversationId: personalConversationOf(h, a), status: 429, headers: { 'retry-after': '0' }, times: 1 });
    h.connector.script({ conversationId: personalConversationOf(h, b), status: 503, times: 1 });
    await createCampaign(
      h.db,
      { name: 'Staff notice', template: 'help', data: { mode: 'help', name: 'colleague', commands: [], buttons: [] }, audience: { everyone: true } },
      new Date(),
    );
    await h.service.delivery!.drain();
    // A schedule fires (the nightly housekeeping, fired now).
    const nightly = await h.db.schedule.findFirstOrThrow({ where: { job: 'housekeeping.prune' } });
    expect(await h.service.scheduler!.fire(nightly, new Date())).toBe(true);
    const r = await fetch(`${h.service.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    text = await r.text();
    samples = parse(text);
  });
  afterAll(async () => h?.close());

  it('counts and times inbound requests and events by platform and kind', () => {
    expect(sum('dmps_inbound_events_total', { platform: 'teams', kind: 'message', outcome: 'handled' })).toBe(2);
    expect(sum('dmps_inbound_events_total', { platform: 'slack', kind: 'message', outcome: 'handled' })).toBe(2);
    expect(sum('dmps_inbound_event_duration_seconds_count', { platform: 'teams', kind: 'message' })).toBe(2);
    expect(sum('dmps_http_requests_total', { platform: 'teams', status: '200' })).toBe(2);
    expect(sum('dmps_http_requests_total', { platform: 'slack' })).toBe(2);
    expect(sum('dmps_http_request_duration_seconds_count', { platform: 'slack' })).toBe(2);
  });

  it('counts deliveries sent, retried and throttled by platform and reason, and the queue depth', () => {
    expect(sum('dmps_deliveries_total', { outcome: 'sent' })).toBe(3);
    expect(sum('dmps_deliveries_total', { platform: 'teams', outcome: 'retried' })).toBe(1);
    expect(sum('dmps_deliveries_total', { platform: 'teams', outcome: 'rate_limited' })).toBe(1);
    expect(sum('dmps_platform_rate_limited_total', { platform: 'teams' })).toBe(1);
    expect(samples.find((s) => s.name === 'dmps_delivery_rows' && s.labels.status === 'pending')?.value).toBe(0);
    expect(samples.find((s) => s.name === 'dmps_delivery_held' && s.labels.state === 'in_flight')?.value).toBe(0);
  });

  it('counts schedule fires by job', () => {
    expect(sum('dmps_schedule_fires_total', { job: 'housekeeping.prune', outcome: 'fired' })).toBe(1);
  });

  it('has only the label names it documents, on every metric of ours', () => {
    const ours = samples.filter((s) => s.name.startsWith('dmps_') && !/^dmps_(process|nodejs)_/.test(s.name));
    expect(new Set(ours.map((s) => family(s.name)))).toEqual(new Set(Object.keys(LABELS)));
    for (const s of ours)
      expect(
        Object.keys(s.labels).every((k) => LABELS[family(s.name)]?.includes(k)),
        `${s.name} ${JSON.stringify(s.labels)}`,
      ).toBe(true);
  });

  it('names no person, conversation, typed text or secret anywhere in the scrape', () => {
    const secrets = [DEFAULT_SLACK_TOKEN, SLACK_SECRET, 'secret words'];
    const personal = people.flatMap((p) => [
      p.name,
      ...p.name.split(' '),
      p.email,
      p.employeeId,
      p.id,
      p.slackId,
      p.teams.id,
      p.teams.aadObjectId,
      personalConversationOf(h, p),
    ]);
    const values = samples.flatMap((s) => Object.values(s.labels));
    for (const needle of [...secrets, ...personal]) {
      expect(text.includes(needle), needle).toBe(false);
      expect(
        values.some((v) => v.includes(needle)),
        needle,
      ).toBe(false);
    }
  });
});
