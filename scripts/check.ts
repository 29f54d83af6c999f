// `npm test`: the one script that checks everything a reviewer would: types, lint (Biome),
// unused files and exports (knip), then the behaviour suite (vitest). On PostgreSQL when
// DATABASE_URL points at one, else SQLite.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const run = (label: string, args: string[]) => {
  console.log(`\n== ${label} ==`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('type-check (tsc --noEmit)', [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.']);
run('lint and format (biome check)', [require.resolve('@biomejs/biome/bin/biome'), 'check', '--error-on-warnings', '.']);
// knip's package exports neither its bin nor its package.json: take it from node_modules.
run('unused files, exports and dependencies (knip)', [join(import.meta.dirname, '..', 'node_modules', 'knip', 'bin', 'knip.js')]);
const db = process.env.DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
run(`tests on ${db} (vitest)`, [require.resolve('vitest/vitest.mjs'), 'run', ...process.argv.slice(2)]);
