// Prisma CLI configuration (must keep this default file name: see shared/notes/prisma-offline.md).
// The provider variant, its migrations and the driver adapter follow DATABASE_URL.
import { defineConfig } from 'prisma/config';
import { adapterFor, databaseKind } from './prisma/driver.ts';

process.env.DATABASE_URL ??= 'file:./data/dmps-connect.db';
const url = process.env.DATABASE_URL;
const kind = databaseKind(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: `prisma/${kind}/schema.prisma`,
  migrations: { path: `prisma/${kind}/migrations` },
  adapter: async () => adapterFor(url, { forMigrations: true }),
});
