import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';

const TENANT = '7d1c0e36-0000-4000-8000-00000000d0e5';
const OTHER_TENANT = '0a0b0c0d-1111-4222-8333-444455556666';

describe('configuration from the environment', () => {
  it('starts with no settings: SQLite under ./data, Teams unauthenticated on loopback, Slack off', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('file:./data/dmps-connect.db');
    expect(c.port).toBe(3978);
    expect(c.host).toBe('127.0.0.1');
    expect(c.teams.authenticated).toBe(false);
    expect(c.slack).toBeUndefined();
    expect(c.timeZone).toBe('America/Chicago');
    expect(c.defaultLocale).toBe('en');
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db');
  });

  it('enables Slack only when both its secret and token are set, naming the missing one', () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_TEAM_IDS: 'T0DMPS0001' }).slack).toMatchObject({
      signingSecret: 's',
      botToken: 'xoxb-1',
    });
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('refuses bad values with a message naming the variable, never echoing secrets', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TZ: 'Mars/Olympus' })).toThrow(/TZ/);
    expect(() => loadConfig({ DEFAULT_LOCALE: 'Spanish' })).toThrow(/DEFAULT_LOCALE/);
    expect(() => loadConfig({ MicrosoftAppId: 'app' })).toThrow(/MicrosoftAppPassword/);
    let message = '';
    try {
      loadConfig({ SLACK_SIGNING_SECRET: 'super-secret-value', SLACK_BOT_TOKEN: 'not-a-token', SLACK_TEAM_IDS: 'T0DMPS0001' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).not.toContain('super-secret-value');
    expect(message).not.toContain('not-a-token');
  });

  it('listens on every interface once authenticated, unless HOST says otherwise', () => {
    const authed = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw', TEAMS_TENANT_IDS: TENANT };
    expect(loadConfig(authed).host).toBe('0.0.0.0');
    expect(loadConfig({ ...authed, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('refuses to start unauthenticated Teams on an interface other than loopback, naming HOST', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'bot.dmschools.example', '192.0.2.2']) {
      expect(() => loadConfig({ HOST: host }), host).toThrow(/HOST must be a loopback address.*MicrosoftAppId/);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost']) expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it("requires the district's Teams tenant(s) once authenticated, and Slack workspace(s) once Slack is on", () => {
    expect(() => loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' })).toThrow(/TEAMS_TENANT_IDS is required when MicrosoftAppId is set/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_TEAM_IDS is required when Slack is enabled/);
    const c = loadConfig({
      MicrosoftAppId: 'app',
      MicrosoftAppPassword: 'pw',
      TEAMS_TENANT_IDS: ` ${TENANT.toUpperCase()}, ${OTHER_TENANT} `,
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_TEAM_IDS: 'T0DMPS0001,T0DMPS0002',
    });
    expect(c.teams.tenantIds).toEqual([TENANT, OTHER_TENANT]);
    expect(c.slack?.teamIds).toEqual(['T0DMPS0001', 'T0DMPS0002']);
  });

  it('refuses tenant and workspace lists that are not ids, naming the variable', () => {
    const authed = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' };
    expect(() => loadConfig({ ...authed, TEAMS_TENANT_IDS: 'dmschools.org' })).toThrow(/TEAMS_TENANT_IDS must be a comma-separated list/);
    expect(() => loadConfig({ ...authed, TEAMS_TENANT_IDS: ' , ' })).toThrow(/TEAMS_TENANT_IDS/);
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_TEAM_IDS: 'dmps.slack.com' })).toThrow(
      /SLACK_TEAM_IDS must be a comma-separated list/,
    );
  });
});

describe('`npm start` with an unsafe configuration', () => {
  const root = join(import.meta.dirname, '..', '..');
  // A database path that must never be created: the configuration is refused before anything opens.
  const never = join(tmpdir(), `dmps-never-${process.pid}.db`);
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(root, 'service', 'main.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${never}`, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });

  it('refuses to serve unauthenticated Teams on HOST=0.0.0.0, naming HOST', () => {
    const r = start({ HOST: '0.0.0.0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/did not start: .*HOST must be a loopback address/);
  });

  it('refuses authenticated Teams without TEAMS_TENANT_IDS, and Slack without SLACK_TEAM_IDS, naming them', () => {
    const teams = start({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' });
    expect(teams.status).toBe(1);
    expect(teams.stderr).toMatch(/TEAMS_TENANT_IDS is required when MicrosoftAppId is set/);
    const slack = start({ SLACK_SIGNING_SECRET: 'super-secret-value', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(slack.status).toBe(1);
    expect(slack.stderr).toMatch(/SLACK_TEAM_IDS is required when Slack is enabled/);
    expect(slack.stderr).not.toContain('super-secret-value');
  });
});
