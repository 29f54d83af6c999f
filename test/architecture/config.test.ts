import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';

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
    expect(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }).slack).toMatchObject({ signingSecret: 's', botToken: 'xoxb-1' });
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
      loadConfig({ SLACK_SIGNING_SECRET: 'super-secret-value', SLACK_BOT_TOKEN: 'not-a-token' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/SLACK_BOT_TOKEN/);
    expect(message).not.toContain('super-secret-value');
    expect(message).not.toContain('not-a-token');
  });

  it('listens on every interface once authenticated, unless HOST says otherwise', () => {
    const authed = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' };
    expect(loadConfig(authed).host).toBe('0.0.0.0');
    expect(loadConfig({ ...authed, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
