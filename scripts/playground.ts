// `npm run playground`: Microsoft 365 Agents Playground (Microsoft's local Teams emulator)
// against the running bot (`npm start` in another terminal). Open the printed address in a
// browser and chat as its default user, Alex Wilber (alexw@example.com: HR in the demo directory).
//
// The Playground opens a browser with xdg-open at start and exits when that fails (no desktop,
// e.g. a server or CI); then a no-op xdg-open is put first on PATH so it stays up.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
const port = process.env.PORT ?? '3978';
const endpoint = process.env.PLAYGROUND_ENDPOINT ?? `http://127.0.0.1:${port}/api/messages`;
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';

const env = { ...process.env };
const hasOpener = spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0;
if (!process.env.DISPLAY || !hasOpener) {
  const bin = mkdtempSync(join(tmpdir(), 'playground-bin-'));
  writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'xdg-open'), 0o755);
  env.PATH = `${bin}:${env.PATH ?? ''}`;
}

console.log(`Agents Playground → ${endpoint}`);
console.log(`Open http://127.0.0.1:${playgroundPort} in a browser (the bot must be running: npm start).`);
const child = spawn(process.execPath, [cli, '-e', endpoint, '-c', 'msteams', '-p', playgroundPort, '--disable-telemetry'], { stdio: 'inherit', env });
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
