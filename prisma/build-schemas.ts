// Writes the provider variants of the one data model (prisma/models.prisma).
// Run by `npm run prisma:schemas` and before every `prisma generate` (see prisma/generate.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROVIDERS = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof PROVIDERS)[number];

const here = dirname(fileURLToPath(import.meta.url));

export function schemaPath(provider: Provider): string {
  return join(here, provider, 'schema.prisma');
}

export function renderSchema(provider: Provider): string {
  const models = readFileSync(join(here, 'models.prisma'), 'utf8');
  const header = [
    '// GENERATED from prisma/models.prisma by prisma/build-schemas.ts. Do not edit: edit models.prisma.',
    'generator client {',
    '  provider     = "prisma-client"',
    '  output       = "./generated"',
    '  engineType   = "client"',
    '  moduleFormat = "esm"',
    '}',
    '',
    'datasource db {',
    `  provider = "${provider}"`,
    '  url      = env("DATABASE_URL")',
    '}',
    '',
  ].join('\n');
  return `${header}\n${models}`;
}

export function writeSchemas(): void {
  for (const provider of PROVIDERS) {
    const path = schemaPath(provider);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderSchema(provider));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeSchemas();
  console.log('wrote prisma/sqlite/schema.prisma and prisma/postgresql/schema.prisma');
}
