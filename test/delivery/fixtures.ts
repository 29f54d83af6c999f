// Shared set-up for delivery specs: a directory with platform accounts, a render function that
// shows the language it rendered in, and a worker on a manual clock with fake ports.

import type { AdaptiveCard } from '../../cards/types.ts';
import type { Db } from '../../core/db.ts';
import { createLogger } from '../../core/log.ts';
import { startDeliveryWorker, type WorkerOptions } from '../../delivery/index.ts';
import { FakePort } from '../support/fake-port.ts';
import { ManualClock } from '../support/manual-clock.ts';

export const render = (template: string, data: object, locale: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  version: '1.5',
  lang: locale,
  body: [{ type: 'TextBlock', text: `${template} in ${locale}: ${JSON.stringify(data)}` }],
  actions: [{ type: 'Action.Execute', title: 'OK', verb: 'ok', data: { dmpsVerb: 'ok', dmpsCard: `card-${Math.random().toString(36).slice(2)}` } }],
});

let seq = 0;
export async function addPerson(
  db: Db,
  p: {
    building?: string;
    language?: string;
    roles?: ('staff' | 'hr' | 'leader')[];
    teams?: boolean;
    slack?: boolean;
    lastTeams?: Date;
    lastSlack?: Date;
    primary?: 'teams' | 'slack';
  },
) {
  const n = ++seq;
  const person = await db.person.create({
    data: {
      employeeId: `D${n}`,
      name: `Person ${n}`,
      email: `p${n}@dmschools.example`,
      building: p.building ?? 'Roosevelt High',
      language: p.language ?? 'en',
      primaryPlatform: p.primary ?? null,
      roles: { create: (p.roles ?? ['staff']).map((role) => ({ role })) },
    },
  });
  if (p.teams ?? true)
    await db.platformAccount.create({
      data: { platform: 'teams', workspaceId: 'tenant-1', userId: `aad-${n}`, personId: person.id, lastSeenAt: p.lastTeams ?? new Date('2026-11-01') },
    });
  if (p.slack)
    await db.platformAccount.create({
      data: { platform: 'slack', workspaceId: 'T1', userId: `U${n}`, personId: person.id, lastSeenAt: p.lastSlack ?? new Date('2026-10-01') },
    });
  return { id: person.id, teamsUser: `aad-${n}`, slackUser: `U${n}` };
}

export function setup(db: Db, kind: WorkerOptions['kind'], extra: Partial<WorkerOptions> = {}) {
  const clock = (extra.clock as ManualClock | undefined) ?? new ManualClock();
  const teams = new FakePort('teams', clock);
  const slack = new FakePort('slack', clock);
  const start = (more: Partial<WorkerOptions> = {}) =>
    startDeliveryWorker({
      db,
      kind,
      ports: { teams, slack },
      render,
      clock,
      log: createLogger({ level: 'silent' }),
      pollMs: 100,
      random: () => 0.5,
      ...extra,
      ...more,
    });
  return { clock, teams, slack, start };
}
