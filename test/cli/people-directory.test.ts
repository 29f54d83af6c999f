// `npm run cli -- people ...` for the directory's sources and reach, as its own process: a
// OneRoster 1.1 folder imported with a dry run first and the HR file merged, `people link
// slack` against the Slack stand-in, `people sync graph` against the Graph stand-in (with the
// Teams app installed), and `people reach` naming who is not reachable and why.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_CLIENT, GraphStandin } from '../standins/graph.ts';
import { DEFAULT_SLACK_TOKEN, SlackApiStandin } from '../standins/slack-api.ts';
import { createTestDatabase, type TestDatabase, testServerUrl } from '../support/test-database.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'dmps-cli-directory-'));
let t: TestDatabase | undefined;
let url: string;
const slack = new SlackApiStandin({ limits: false });
const graph = new GraphStandin();
beforeAll(async () => {
  if (testServerUrl()) t = await createTestDatabase();
  url = t?.url ?? `file:${join(dir, 'cli.db')}`;
  await slack.start();
  await graph.start();
});
afterAll(async () => {
  await Promise.all([slack.close(), graph.close()]);
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        DEFAULT_LOCALE: 'en',
        LOG_LEVEL: 'silent',
        SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789',
        SLACK_BOT_TOKEN: DEFAULT_SLACK_TOKEN,
        SLACK_API_URL: slack.apiUrl,
        SLACK_TEAM_IDS: 'T0DMPS0001',
        GRAPH_TENANT_ID: GRAPH_CLIENT.tenantId,
        GRAPH_CLIENT_ID: GRAPH_CLIENT.clientId,
        GRAPH_CLIENT_SECRET: GRAPH_CLIENT.clientSecret,
        GRAPH_AUTHORITY_HOST: graph.url,
        GRAPH_BASE_URL: graph.url,
        TEAMS_APP_CATALOG_ID: 'dmps-app',
      },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

const SLOW = { timeout: 180_000 };

describe('npm run cli -- people, the directory from real sources', () => {
  it(
    'imports an Infinite Campus extract (dry run first), merges the HR file, links Slack, syncs Graph and reports reach',
    async () => {
      const extract = join(dir, 'campus');
      mkdirSync(extract);
      writeFileSync(join(extract, 'manifest.csv'), 'propertyName,value\noneroster.version,1.1\nfile.users,bulk\n');
      writeFileSync(
        join(extract, 'orgs.csv'),
        '\uFEFFsourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nS1,active,,Roosevelt High,school,,\n',
      );
      writeFileSync(
        join(extract, 'users.csv'),
        [
          'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
          'u1,active,,true,S1,teacher,a,,Ana,Torres,,1001,ana@dmschools.example,,,,,',
          'u2,active,,true,S1,aide,b,,Ben,Ruiz,,1002,ben@dmschools.example,,,,,',
          'u3,active,,true,S1,teacher,c,,Cam,Ly,,1003,cam@dmschools.example,,,,,',
          's1,active,,true,S1,student,k,,Kid,One,,9001,kid@students.dmschools.example,,,,09,',
        ].join('\n'),
      );
      const hr = join(dir, 'hr.csv');
      writeFileSync(hr, 'employee_id,hire_date,language\n1001,2020-08-01,es\n');

      const dry = await cli('people', 'import', extract, '--dry-run');
      expect(dry.stdout).toContain(
        'Dry run, nothing written: campus (OneRoster 1.1): 4 records read, 3 would be created, 0 would be updated, 0 unchanged, 0 rejected.',
      );
      expect(dry.stdout).toContain('Skipped (not staff): 1 student.');
      const list = await cli('people', 'list');
      expect(list.stdout).toContain('0 people');

      const real = await cli('people', 'import', extract, '--hr', hr);
      expect(real.status).toBe(0);
      expect(real.stdout).toContain('3 created');
      expect(real.stdout).toContain('HR file merged into 1 person.');

      slack.addUser({ id: 'U1', teamId: 'T0DMPS0001', name: 'ana', email: 'ana@dmschools.example' });
      slack.addUser({ id: 'U2', teamId: 'T0DMPS0001', name: 'ben', email: 'ben@dmschools.example', deleted: true });
      const link = await cli('people', 'link', 'slack');
      expect(link.stdout).toContain('Slack: 2 members read, 2 newly linked, 0 updated, 1 deactivated in the workspace, 0 not in the directory.');

      graph.setUser({ id: 'g3', displayName: 'Cam Ly', mail: 'cam@dmschools.example', employeeId: '1003', accountEnabled: true });
      const sync = await cli('people', 'sync', 'graph');
      expect(sync.stdout).toContain('Microsoft Graph (every user): 1 users read in 1 pages, 0 created, 0 updated');
      expect(sync.stdout).toContain('1 considered, 1 installed');

      const reach = await cli('people', 'reach', '--list');
      expect(reach.stdout).toContain('3 people in the directory: 1 on Teams only, 1 on Slack only, 0 on both, 1 not reachable.');
      expect(reach.stdout).toContain('Not reachable: 1 Slack user deactivated.');
      expect(reach.stdout).toMatch(/1002\s+Ben Ruiz\s+ben@dmschools\.example\s+Slack user deactivated/);

      // --full with Cam gone: inactive, and reach says so.
      writeFileSync(
        join(extract, 'users.csv'),
        [
          'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
          'u1,active,,true,S1,teacher,a,,Ana,Torres,,1001,ana@dmschools.example,,,,,',
          'u2,active,,true,S1,aide,b,,Ben,Ruiz,,1002,ben@dmschools.example,,,,,',
        ].join('\n'),
      );
      const full = await cli('people', 'import', extract, '--full');
      expect(full.stdout).toContain('1 person made inactive, 0 people made active again.');
      expect((await cli('people', 'reach')).stdout).toContain('Not reachable: 1 inactive in the directory, 1 Slack user deactivated.');
    },
    SLOW,
  );
});
