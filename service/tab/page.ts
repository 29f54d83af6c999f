// The tab's HTML: a shell the script fills, the strings of every language and the page's
// settings as inert JSON, and a content security policy that lets only Teams' origins frame
// it and only this service serve its script, style and data.
import type { Services } from '../../kernel/turn.ts';
import type { TabConfig } from './config.ts';

/** What the script reads from the page (client/main.ts has the same shape). */
export interface PageSettings {
  inTeams: boolean;
  /** The loopback-only development sign-in (no Microsoft app id). */
  development: boolean;
  /** Origins whose teams-js messages are accepted besides Teams' own (a local test host). */
  validOrigins: string[];
  /** The bot's app id, for the "open the chat" link. */
  appId?: string;
  lang: string;
  strings: Record<string, Record<string, unknown>>;
}

const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export function tabPage(opts: { services: Services; config: TabConfig; inTeams: boolean; lang?: string }) {
  const { catalog } = opts.services;
  const lang = catalog.strings.localeOrFallback(opts.lang ?? opts.services.defaultLocale);
  const settings: PageSettings = {
    inTeams: opts.inTeams,
    development: !opts.config.sso,
    validOrigins: opts.config.extraOrigins,
    ...(opts.config.appId ? { appId: opts.config.appId } : {}),
    lang,
    strings: Object.fromEntries(catalog.strings.locales.map((l) => [l, catalog.strings.value(l, 'home') as Record<string, unknown>])),
  };
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // teams-js refreshes its list of Teams origins from Microsoft's CDN (else its built-in list).
    "connect-src 'self' https://res.cdn.office.net",
    "form-action 'none'",
    "base-uri 'none'",
    `frame-ancestors ${opts.config.frameAncestors.join(' ')}`,
  ].join('; ');
  const body = `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>DMPS Connect</title>
<link rel="stylesheet" href="/tab/app.css">
<script type="application/json" id="tab-settings">${json(settings)}</script>
<script src="/tab/app.js" defer></script>
</head>
<body>
<main id="app" aria-busy="true"><h1>DMPS Connect</h1><p id="status" role="status"></p></main>
</body>
</html>
`;
  return {
    body,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    },
  };
}
