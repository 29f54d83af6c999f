// The three programs a person runs to try the bot in Microsoft 365 Agents Playground, started as
// they would start them: the service (`npm start`, SQLite in a temp dir, the demo directory
// imported first with the CLI), the Playground (`npm run playground`, offline: a no-op xdg-open
// first on PATH) and headless Chromium with a fresh profile. Each on a free port; all stopped at
// the end. Their last output lines go into any failure message.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** How long a program may take to come up on a loaded 2-core machine: a limit, not a goal. */
const START_LIMIT_MS = 120_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A child process whose output is kept (the last lines) for failure messages. */
class Program {
  private readonly lines: string[] = [];
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const keep = (d: Buffer) => {
      this.lines.push(...d.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  output(): string {
    return `${this.name} said:\n  ${this.lines.join('\n  ')}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const killed = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killed);
  }
}

/** Waits until `url` answers 200 while the program runs; fails with its output otherwise. */
async function answering(program: Program, url: string): Promise<void> {
  const until = Date.now() + START_LIMIT_MS;
  while (Date.now() < until) {
    if (!program.running) throw new Error(`${program.name} exited before it answered ${url}\n${program.output()}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${program.name} did not answer ${url} within ${START_LIMIT_MS / 1000} s\n${program.output()}`);
}

/** The environment of a local `npm start`: no tenant, no Slack, SQLite in `dir`. */
function serviceEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(Microsoft|ToBot|ToChannel|SLACK_|TEAMS_|SURVEY_SEAL)/.test(key) || key === 'HOST') delete env[key];
  return { ...env, DATABASE_URL: `file:${join(dir, 'dmps-connect.db')}`, PORT: String(port), DEFAULT_LOCALE: 'en', LOG_LEVEL: 'warn' };
}

function run(name: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Program {
  return new Program(name, spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export interface Playground {
  /** The Playground's web page. */
  url: string;
  browser: BrowserContext;
  /** The last lines the service and the Playground printed, for a failure report. */
  output(): string;
  /** Stops the browser, the Playground and the service, and removes their temp files. */
  stop(): Promise<void>;
}

/** The demo directory imported, the service and the Playground started, Chromium open. */
export async function startPlayground(): Promise<Playground> {
  const dir = mkdtempSync(join(tmpdir(), 'dmps-browser-'));
  const programs: Program[] = [];
  let browser: BrowserContext | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    for (const p of programs.reverse()) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [port, playgroundPort] = [await freePort(), await freePort()];
    const env = serviceEnv(dir, port);

    const importer = run(
      'people import',
      ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'people', 'import', join(ROOT, 'test', 'fixtures', 'staff.csv')],
      env,
    );
    const imported = await new Promise<number | null>((resolve) => importer.child.once('exit', resolve));
    if (imported !== 0) throw new Error(`the demo directory was not imported (exit ${imported})\n${importer.output()}`);

    const service = run('the service', ['--import', 'tsx', join(ROOT, 'service', 'main.ts')], env);
    programs.push(service);
    await answering(service, `http://127.0.0.1:${port}/healthz`);

    // The Playground opens a browser with xdg-open at start and exits when that fails.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
    const endpoint = `http://127.0.0.1:${port}/api/messages`;
    const playground = run('the Playground', [cli, '-e', endpoint, '-c', 'msteams', '-p', String(playgroundPort), '--disable-telemetry'], {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
    programs.push(playground);
    const url = `http://127.0.0.1:${playgroundPort}`;
    await answering(playground, url);

    browser = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1000 },
    });
    return { url, browser, stop, output: () => programs.map((p) => p.output()).join('\n') };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Where each run writes its screenshots (git-ignored), emptied first. */
export function screenshotDir(): string {
  const dir = join(ROOT, '.tmp', 'browser');
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
