// The core never imports a platform: only bots/ may import the Teams or Slack SDKs, so a later
// move (e.g. to the Microsoft 365 Agents SDK) touches one folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const PLATFORM_SDK = /from\s+['"](botbuilder[^'"]*|botframework-[^'"]+|@slack\/(bolt|web-api)[^'"]*)['"]|import\(\s*['"](botbuilder|@slack\/bolt)/;
const SOURCE_DIRS = ['bots', 'kernel', 'directory', 'workflows', 'cards', 'core', 'delivery', 'scheduler', 'service', 'cli', 'prisma', 'bench', 'scripts'];

function sources(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (name === 'generated' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) out = out.concat(sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

describe('architecture', () => {
  it('only bots/ imports botbuilder, the Bot Framework connector or the Slack SDKs', () => {
    const offenders = SOURCE_DIRS.filter((d) => d !== 'bots')
      .flatMap((d) => sources(join(root, d)))
      .filter((file) => PLATFORM_SDK.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('bots/ really is where the platform SDKs are used (the check above is not vacuous)', () => {
    const users = sources(join(root, 'bots')).filter((file) => PLATFORM_SDK.test(readFileSync(file, 'utf8')));
    expect(users.length).toBeGreaterThan(3);
  });

  it('tests use stand-ins and injected fakes, never module mocks of our own code', () => {
    const mocking = sources(join(root, 'test'))
      .filter((file) => !file.endsWith('boundaries.test.ts'))
      .filter((file) => /vi\.mock\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(mocking).toEqual([]);
  });
});
