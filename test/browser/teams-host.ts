// A local page that plays the Teams host for the personal tab: it frames the tab and answers
// the two teams-js messages the tab sends (initialize, authentication.getAuthToken) the way
// Teams does, with the token the test gives it (from the local token issuer). Anything else the
// tab asks is left unanswered, as a host without that capability would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const page = (tabUrl: string, token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams (test host)</title></head>
<body style="margin:0">
<iframe id="tab" title="DMPS Connect" src="${tabUrl.replace(/"/g, '&quot;')}" style="width:100%;height:100vh;border:0"></iframe>
<script>
const token = ${JSON.stringify(token).replace(/</g, '\\u003c')};
const frame = document.getElementById('tab');
const runtime = JSON.stringify({ apiVersion: 4, hostVersionsInfo: {}, isLegacyTeams: false, supports: { app: {}, appInstallDialog: {}, pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {} } });
addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== 'string') return;
  const m = e.data;
  const reply = (args) => e.source.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, e.origin);
  if (m.func === 'initialize') reply(['content', 'web', runtime, '2.58.0']);
  else if (m.func === 'authentication.getAuthToken') reply([true, token]);
});
</script>
</body></html>`;

export class TeamsHost {
  private server: Server | undefined;
  private tokens = new Map<string, string>();

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      const tab = url.searchParams.get('tab') ?? '';
      const token = this.tokens.get(url.searchParams.get('as') ?? '') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(tab, token));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return this.origin;
  }

  get origin(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the Teams host is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The host page that frames `tabUrl` and signs the tab in with `token`. */
  urlFor(tabUrl: string, token: string): string {
    const as = String(this.tokens.size + 1);
    this.tokens.set(as, token);
    return `${this.origin}/?as=${as}&tab=${encodeURIComponent(tabUrl)}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
