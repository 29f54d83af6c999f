// Writes both provider schemas from prisma/models.prisma and generates both Prisma clients.
// Runs on every `npm install` / `npm ci` (postinstall), so a fresh clone needs no other step.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { PROVIDERS, schemaPath, writeSchemas } from './build-schemas.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const placeholderUrl = { sqlite: 'file:./data/generate.db', postgresql: 'postgresql://localhost:5432/generate' } as const;

writeSchemas();
for (const provider of PROVIDERS) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath(provider)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DATABASE_URL: placeholderUrl[provider], PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
  });
}
