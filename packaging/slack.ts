// The Slack app manifest (`npm run package:slack` → dist/slack-app-manifest.yaml and .json):
// the bot user, the /dmps command, interactivity, the events the bot handles (DMs, mentions,
// App Home opened), App Home, and the smallest set of bot scopes: those the Web API methods the
// code calls need (test/ops/packages.test.ts reads the code and fails when they differ), the
// events', and `commands`. One request URL for everything: the service's /slack/events.
import type { PackagingConfig } from '../core/config.ts';
import type { Assembled } from '../kernel/assemble.ts';
import { menuCommands } from './commands.ts';
import { APP_TEXTS } from './texts.ts';

/** Every Slack Web API method the code calls, with the bot scopes it needs (Slack's method reference). */
export const SLACK_METHOD_SCOPES: Record<string, readonly string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.open': ['im:write'],
  // The email is how a Slack user is matched to the staff directory.
  'users.info': ['users:read', 'users:read.email'],
  // Linking directory people to workspace members ahead of time (bots/slack/members.ts).
  'users.list': ['users:read', 'users:read.email'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.publish': [],
};

/** The events the bot subscribes to, with the scopes each needs. */
export const SLACK_EVENT_SCOPES: Record<string, readonly string[]> = {
  'message.im': ['im:history'],
  app_mention: ['app_mentions:read'],
  app_home_opened: [],
};

export const SLASH_COMMAND = '/dmps';

export function slackScopes(): string[] {
  return [...new Set([...Object.values(SLACK_METHOD_SCOPES).flat(), ...Object.values(SLACK_EVENT_SCOPES).flat(), 'commands'])].sort();
}

export function slackManifest(config: PackagingConfig, assembled: Assembled): Record<string, unknown> {
  const url = `https://${config.host}/slack/events`;
  const en = APP_TEXTS.en;
  const usage = menuCommands(assembled, 'en')
    .map((c) => c.title)
    .join(' | ');
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: { name: en.nameShort, description: en.descriptionShort, long_description: en.descriptionFull, background_color: '#00539b' },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: en.nameShort, always_online: true },
      slash_commands: [
        { command: SLASH_COMMAND, url, description: 'DMPS Connect: surveys, updates and help', usage_hint: usage.slice(0, 1000), should_escape: false },
      ],
    },
    oauth_config: { scopes: { bot: slackScopes() } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: Object.keys(SLACK_EVENT_SCOPES).sort() },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** YAML for a JSON value: block style, strings double-quoted (JSON's quoting is YAML's). */
export function toYaml(value: unknown, indent = ''): string {
  const scalar = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const isBlock = (v: unknown) => typeof v === 'object' && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
  if (Array.isArray(value))
    return value
      .map((item) => {
        if (!isBlock(item)) return `${indent}- ${scalar(item)}\n`;
        const inner = toYaml(item, `${indent}  `);
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      })
      .join('');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) =>
      isBlock(v)
        ? `${indent}${k}:\n${toYaml(v, `${indent}  `)}`
        : `${indent}${k}: ${Array.isArray(v) ? '[]' : typeof v === 'object' && v ? '{}' : scalar(v)}\n`,
    )
    .join('');
}
