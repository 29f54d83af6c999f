// `npm run package:teams` → dist/teams-app.zip; `npm run package:slack` → dist/slack-app-manifest.{yaml,json}.
// Values come from the environment (see README "Deploy"); a missing one stops with its name.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackagingConfig } from '../core/config.ts';
import { assemble } from '../kernel/assemble.ts';
import { slackManifest, toYaml } from '../packaging/slack.ts';
import { teamsPackage } from '../packaging/teams.ts';
import { WORKFLOWS } from '../workflows/index.ts';

const root = join(import.meta.dirname, '..');
const which = process.argv[2];
try {
  if (which !== 'teams' && which !== 'slack') throw new Error('say which package: teams or slack');
  const config = loadPackagingConfig(process.env, { botAppId: which === 'teams' });
  const assembled = assemble(WORKFLOWS);
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  if (which === 'teams') {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(dist, 'teams-app.zip'), teamsPackage(config, assembled, version));
    console.log(`wrote dist/teams-app.zip (upload it in Teams admin center → Manage apps → Upload)`);
  } else {
    const manifest = slackManifest(config, assembled);
    writeFileSync(join(dist, 'slack-app-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(dist, 'slack-app-manifest.yaml'), toYaml(manifest));
    console.log('wrote dist/slack-app-manifest.yaml and .json (api.slack.com/apps → Create New App → From a manifest)');
  }
} catch (e) {
  console.error(`package not written: ${(e as Error).message}`);
  process.exitCode = 1;
}
