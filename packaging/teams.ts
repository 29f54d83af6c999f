// The Teams app package (`npm run package:teams` → dist/teams-app.zip): manifest.json (schema
// 1.25), the bot with its command list taken from the assembled workflows, the personal tab the
// service serves, single sign-on for the tab (webApplicationInfo), validDomains, Spanish and
// Arabic localization files, and the two icons.
import type { PackagingConfig } from '../core/config.ts';
import type { Assembled } from '../kernel/assemble.ts';
import { menuCommands } from './commands.ts';
import { colorIcon, outlineIcon } from './png.ts';
import { APP_TEXTS, type AppLocale } from './texts.ts';
import { zip } from './zip.ts';

export const TEAMS_MANIFEST_VERSION = '1.25';
export const TEAMS_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;
/** Teams lists at most this many commands per command list (schema 1.25). */
export const MAX_TEAMS_COMMANDS = 12;
const OTHER_LANGUAGES: AppLocale[] = ['es', 'ar'];

const commandsFor = (assembled: Assembled, locale: string) =>
  menuCommands(assembled, locale)
    .slice(0, MAX_TEAMS_COMMANDS)
    .map((c) => ({ title: c.title.slice(0, 128), description: c.description.slice(0, 4000) }));

export function teamsManifest(config: PackagingConfig, assembled: Assembled, version: string): Record<string, unknown> {
  const en = APP_TEXTS.en;
  const tabUrl = `https://${config.host}${config.tabPath}`;
  return {
    $schema: TEAMS_SCHEMA_URL,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version,
    id: config.teamsAppId,
    developer: { name: 'Des Moines Public Schools', websiteUrl: config.developerUrl, privacyUrl: config.privacyUrl, termsOfUseUrl: config.termsUrl },
    name: { short: en.nameShort, full: en.nameFull },
    description: { short: en.descriptionShort, full: en.descriptionFull },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#00539B',
    localizationInfo: {
      defaultLanguageTag: 'en-us',
      additionalLanguages: OTHER_LANGUAGES.map((l) => ({ languageTag: l, file: `${l}.json` })),
    },
    bots: [
      {
        botId: config.botAppId,
        scopes: ['personal', 'team', 'groupChat'],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [{ scopes: ['personal', 'team', 'groupChat'], commands: commandsFor(assembled, 'en') }],
      },
    ],
    staticTabs: [{ entityId: 'dmps-home', name: en.tab, contentUrl: tabUrl, websiteUrl: tabUrl, scopes: ['personal'] }],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [config.host],
    webApplicationInfo: { id: config.botAppId, resource: `api://${config.host}/${config.botAppId}` },
  };
}

/** A language's file: the manifest's texts and the command list in that language. */
export function teamsLocalization(assembled: Assembled, locale: AppLocale): Record<string, unknown> {
  const t = APP_TEXTS[locale];
  const out: Record<string, unknown> = {
    $schema: LOCALIZATION_SCHEMA_URL,
    'name.short': t.nameShort,
    'name.full': t.nameFull,
    'description.short': t.descriptionShort,
    'description.full': t.descriptionFull,
    'staticTabs[0].name': t.tab,
  };
  commandsFor(assembled, locale).forEach((c, i) => {
    out[`bots[0].commandLists[0].commands[${i}].title`] = c.title;
    out[`bots[0].commandLists[0].commands[${i}].description`] = c.description;
  });
  return out;
}

export function teamsPackageFiles(config: PackagingConfig, assembled: Assembled, version: string): { name: string; data: Buffer }[] {
  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`);
  return [
    { name: 'manifest.json', data: json(teamsManifest(config, assembled, version)) },
    ...OTHER_LANGUAGES.map((l) => ({ name: `${l}.json`, data: json(teamsLocalization(assembled, l)) })),
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ];
}

export const teamsPackage = (config: PackagingConfig, assembled: Assembled, version: string): Buffer => zip(teamsPackageFiles(config, assembled, version));
