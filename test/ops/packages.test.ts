// The two app packages, generated and checked offline: the Teams package against Microsoft's
// published JSON schema (read from @microsoft/app-manifest, which ships the schema files), its
// icons' sizes from their PNG headers, its commands against what the bot really answers; the
// Slack manifest against a schema following Slack's manifest reference, and its scopes against
// the Web API methods the code calls. Each check is also shown to fail on a broken package.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { ManifestUtil } from '@microsoft/app-manifest';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadPackagingConfig } from '../../core/config.ts';
import { assemble } from '../../kernel/assemble.ts';
import { commandMatcher } from '../../kernel/commands.ts';
import { SLACK_EVENT_SCOPES, SLACK_METHOD_SCOPES, SLASH_COMMAND, slackManifest, toYaml } from '../../packaging/slack.ts';
import { teamsPackage } from '../../packaging/teams.ts';
import { WORKFLOWS } from '../../workflows/index.ts';

const root = join(import.meta.dirname, '..', '..');
const BOT = '11111111-2222-4333-8444-555555555555';
const config = loadPackagingConfig({ MicrosoftAppId: BOT, PUBLIC_HOST_NAME: 'connect.dmschools.org' }, { botAppId: true });
const assembled = assemble(WORKFLOWS);
const schemaDir = join(dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest')), 'json-schemas', 'teams', 'v1.25');
const teamsSchema = JSON.parse(readFileSync(join(schemaDir, 'MicrosoftTeams.schema.json'), 'utf8'));
// The localization schema (draft-04) has patterns that need non-Unicode regular expressions, which
// the package's own validator does not set: the same schema, compiled with them.
const { $schema: _draft04, ...localizationSchema } = JSON.parse(readFileSync(join(schemaDir, 'MicrosoftTeams.Localization.schema.json'), 'utf8'));
const validateLocalization = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(localizationSchema);

/** The files of a zip, read from its local headers (what Teams' upload reads). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50; ) {
    const [method, packed, nameLength, extra] = [zip.readUInt16LE(at + 8), zip.readUInt32LE(at + 18), zip.readUInt16LE(at + 26), zip.readUInt16LE(at + 28)];
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + packed);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 30 + nameLength + extra + packed;
  }
  return files;
}

/** Width, height and colour type from a PNG's IHDR; and whether every pixel is white or fully transparent. */
function pngInfo(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const [width, height, colorType] = [png.readUInt32BE(16), png.readUInt32BE(20), png[25]];
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('ascii') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  let whiteOrClear = colorType === 6;
  for (let y = 0; whiteOrClear && y < height; y++)
    for (let x = 0; x < width; x++) {
      const p = y * (width * 4 + 1) + 1 + x * 4;
      const [r, g, b, a] = [rows[p], rows[p + 1], rows[p + 2], rows[p + 3]];
      if (!(a === 0 || (r === 255 && g === 255 && b === 255))) whiteOrClear = false;
    }
  return { width, height, colorType, whiteOrClear };
}

/** What Teams checks of the icons. */
function iconProblems(files: Map<string, Buffer>, manifest: { icons: { color: string; outline: string } }): string[] {
  const problems: string[] = [];
  const color = files.get(manifest.icons.color);
  const outline = files.get(manifest.icons.outline);
  if (!color || !outline) return ['an icon the manifest names is missing'];
  const c = pngInfo(color);
  const o = pngInfo(outline);
  if (c.width !== 192 || c.height !== 192) problems.push(`colour icon is ${c.width}×${c.height}, not 192×192`);
  if (o.width !== 32 || o.height !== 32) problems.push(`outline icon is ${o.width}×${o.height}, not 32×32`);
  if (!o.whiteOrClear) problems.push('outline icon must be white on transparent');
  return problems;
}

describe('the Teams app package (npm run package:teams)', () => {
  const files = unzip(teamsPackage(config, assembled, '0.1.0'));
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));

  it("is valid against Microsoft's v1.25 manifest schema, offline, and names it", async () => {
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.25/MicrosoftTeams.schema.json');
    expect(await ManifestUtil.validateManifestAgainstSchema(manifest, teamsSchema)).toEqual([]);
  });

  it('fails validation without a required field', async () => {
    const { developer: _gone, ...broken } = manifest;
    expect((await ManifestUtil.validateManifestAgainstSchema(broken, teamsSchema)).join('\n')).toMatch(/developer/);
  });

  it('has the bot, the personal tab the service serves, single sign-on and the valid domain', () => {
    expect(manifest.bots[0].botId).toBe(BOT);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.staticTabs).toEqual([expect.objectContaining({ contentUrl: 'https://connect.dmschools.org/tab', scopes: ['personal'] })]);
    expect(manifest.webApplicationInfo).toEqual({ id: BOT, resource: `api://connect.dmschools.org/${BOT}` });
    expect(manifest.validDomains).toEqual(['connect.dmschools.org']);
  });

  it('lists commands the bot really answers, from the assembled workflows, in English and in each language file', async () => {
    const matcher = commandMatcher(assembled.modules);
    const titles = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['help', 'survey list']));
    for (const title of titles) expect(matcher.find(title), title).toBeDefined();
    for (const lang of ['es', 'ar']) {
      expect(manifest.localizationInfo.additionalLanguages).toContainEqual({ languageTag: lang, file: `${lang}.json` });
      const localized = JSON.parse(files.get(`${lang}.json`)!.toString('utf8'));
      expect(validateLocalization(localized), JSON.stringify(validateLocalization.errors)).toBe(true);
      expect(validateLocalization({ ...localized, 'name.short': undefined, 'description.short': 'x'.repeat(81) })).toBe(false);
      const localTitles = Object.entries(localized).filter(([k]) => k.endsWith('.title'));
      expect(localTitles).toHaveLength(titles.length);
      for (const [, title] of localTitles) expect(matcher.find(String(title)), String(title)).toBeDefined();
    }
    expect(JSON.parse(files.get('es.json')!.toString('utf8'))['bots[0].commandLists[0].commands[0].title']).toBe('ayuda');
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon (read from the PNG headers)', () => {
    expect(iconProblems(files, manifest)).toEqual([]);
    const wrong = new Map(files).set(manifest.icons.color, files.get(manifest.icons.outline)!);
    expect(iconProblems(wrong, manifest)).toEqual(['colour icon is 32×32, not 192×192']);
  });

  it('refuses to build without the bot id or the host name, naming them', () => {
    expect(() => loadPackagingConfig({}, { botAppId: true })).toThrow(/PUBLIC_HOST_NAME is required.*MicrosoftAppId is required/);
    expect(() => loadPackagingConfig({ PUBLIC_HOST_NAME: 'https://x.org', MicrosoftAppId: BOT }, { botAppId: true })).toThrow(
      /PUBLIC_HOST_NAME must be the public host name/,
    );
  });
});

/** Source files that use Slack's SDKs, and what they call. */
function slackUse(): { methods: Set<string>; events: Set<string> } {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      if (n === 'node_modules' || n === 'generated' || n === 'test' || n.startsWith('.')) return [];
      return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(n) ? [p] : [];
    });
  const methods = new Set<string>();
  const events = new Set<string>();
  for (const file of ['bots', 'workflows', 'kernel', 'service', 'delivery', 'cli'].flatMap((d) => walk(join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    // The Slack side: bots/slack/, and anything else that imports a Slack SDK.
    if (!file.includes(join('bots', 'slack')) && !/from '@slack\//.test(text)) continue;
    for (const m of text.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g)) methods.add(`${m[1]}.${m[2]}`);
    // Paged and generic calls name the method as a string: client.paginate('users.list', …).
    for (const m of text.matchAll(/\bclient\.(?:paginate|apiCall)\(\s*['"]([a-z]+\.[a-zA-Z]+)['"]/g)) methods.add(m[1] as string);
    for (const m of text.matchAll(/apiCall\(\s*'([a-z]+\.[a-zA-Z]+)'/g)) methods.add(m[1]!);
    for (const m of text.matchAll(/\bapp\.event\(\s*'([a-z_]+)'/g)) events.add(m[1] === 'message' ? 'message.im' : m[1]!);
  }
  return { methods, events };
}

/** Scopes the code needs that the manifest lacks, and scopes it asks for that nothing needs. */
function scopeProblems(manifest: ReturnType<typeof slackManifest>): string[] {
  const { methods, events } = slackUse();
  const needed = new Set([
    'commands',
    ...[...methods].flatMap((m) => SLACK_METHOD_SCOPES[m] ?? [`<no scope known for ${m}>`]),
    ...[...events].flatMap((e) => SLACK_EVENT_SCOPES[e] ?? []),
  ]);
  const granted = new Set((manifest.oauth_config as { scopes: { bot: string[] } }).scopes.bot);
  return [...[...needed].filter((s) => !granted.has(s)).map((s) => `missing ${s}`), ...[...granted].filter((s) => !needed.has(s)).map((s) => `unused ${s}`)];
}

describe('the Slack app manifest (npm run package:slack)', () => {
  const manifest = slackManifest(config, assembled);
  const validate = new Ajv({ allErrors: true }).compile(
    JSON.parse(readFileSync(join(root, 'test', 'support', 'schemas', 'slack-app-manifest.schema.json'), 'utf8')),
  );

  it("is valid against a schema following Slack's manifest reference; a missing name or a too-long one is not", () => {
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
    const info = manifest.display_information as Record<string, unknown>;
    expect(validate({ ...manifest, display_information: { ...info, name: undefined } })).toBe(false);
    expect(validate({ ...manifest, display_information: { ...info, name: 'D'.repeat(36) } })).toBe(false);
  });

  it('has the bot user, /dmps, interactivity, DMs, mentions and App Home on the one endpoint', () => {
    const features = manifest.features as {
      bot_user: unknown;
      slash_commands: { command: string; url: string; usage_hint: string }[];
      app_home: { home_tab_enabled: boolean };
    };
    const settings = manifest.settings as {
      event_subscriptions: { request_url: string; bot_events: string[] };
      interactivity: { is_enabled: boolean; request_url: string };
    };
    expect(features.bot_user).toBeDefined();
    expect(features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(features.slash_commands[0]?.usage_hint).toContain('survey list');
    expect(features.app_home.home_tab_enabled).toBe(true);
    expect(settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['message.im', 'app_mention', 'app_home_opened']));
    expect(settings.interactivity.is_enabled).toBe(true);
    for (const url of [settings.event_subscriptions.request_url, settings.interactivity.request_url, features.slash_commands[0]?.url])
      expect(url).toBe('https://connect.dmschools.org/slack/events');
  });

  it('asks for exactly the scopes the Web API methods the code calls and its events need', () => {
    const { methods, events } = slackUse();
    expect(methods.size).toBeGreaterThan(3);
    expect([...methods].sort()).toEqual(Object.keys(SLACK_METHOD_SCOPES).sort());
    for (const e of events) expect(Object.keys(SLACK_EVENT_SCOPES)).toContain(e);
    expect(scopeProblems(manifest)).toEqual([]);
    const oauth = manifest.oauth_config as { scopes: { bot: string[] } };
    const without = { ...manifest, oauth_config: { scopes: { bot: oauth.scopes.bot.filter((s) => s !== 'chat:write') } } };
    expect(scopeProblems(without)).toEqual(['missing chat:write']);
  });

  it('writes the same manifest as YAML', () => {
    const yaml = toYaml(manifest);
    expect(yaml).toContain('display_information:\n  name: "DMPS Connect"\n');
    expect(yaml).toContain('    bot:\n      - "app_mentions:read"\n');
    expect(yaml).toContain('  slash_commands:\n    - command: "/dmps"\n      url: ');
  });
});
