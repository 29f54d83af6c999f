// What the operations tests run: the service as `npm start` runs it (its own process, so a
// signal is a real signal), a Bot Connector that holds every send until the test lets it answer
// (so "in flight at SIGTERM" is a state the test sets, not a race), and staff to send to.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Db } from '../../core/db.ts';
import { createCampaign } from '../../delivery/index.ts';
import { freePort } from '../browser/processes.ts';
import { personalConversationId } from '../standins/teams-activity.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const TENANT = '7d1c0e36-0000-4000-8000-00000000d0e5';

/** A Bot Connector whose sends wait until `release()`; after that it answers at once. */
export class HoldingConnector {
  private server: Server | undefined;
  private readonly held: (() => void)[] = [];
  private releasing = false;
  /** Conversations a send was answered 201 for. */
  readonly answered: string[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  get holding(): number {
    return this.held.length;
  }

  release(): void {
    this.releasing = true;
    for (const answer of this.held.splice(0)) answer();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    req.on('end', () => {
      const conversation = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '')?.[1];
      const answer = () => {
        if (conversation) this.answered.push(decodeURIComponent(conversation));
        res.writeHead(conversation ? 201 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `act-${this.answered.length}` }));
      };
      if (this.releasing) answer();
      else this.held.push(answer);
    });
  }

  async close(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** `n` staff who have used the bot in Teams (their conversation is known), reached through `serviceUrl`. */
export async function seedTeamsStaff(db: Db, n: number, serviceUrl: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const user = `29:ops${i}`;
    await db.person.create({
      data: {
        employeeId: `OPS${i}`,
        name: `Ops Person ${i}`,
        email: `ops${i}@dmschools.example`,
        roles: { create: [{ role: 'staff' }] },
        accounts: {
          create: {
            platform: 'teams',
            workspaceId: TENANT,
            userId: `aad-ops-${i}`,
            channelUserId: user,
            conversationRef: {
              serviceUrl,
              channelId: 'msteams',
              conversation: { id: personalConversationId(user, TENANT), conversationType: 'personal', tenantId: TENANT },
              bot: { id: '28:ops' },
              user: { id: user },
            },
          },
        },
      },
    });
  }
}

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** The exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** The last `lines` lines it wrote (default 30). */
  output(lines?: number): string;
}

/** Starts `service/main.ts` and waits until /readyz says 200 (or the process ends). */
export async function startServiceProcess(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'service', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: String(port), TEAMS_TENANT_IDS: TENANT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Enough for a test to read what it logged; the tail for failure messages.
  const keeper = () => {
    let partial = '';
    return (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    };
  };
  child.stdout?.on('data', keeper());
  child.stderr?.on('data', keeper());
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const output = (n = 30) => lines.slice(-n).join('\n');
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`the service exited before it was ready:\n${output()}`);
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, exited, output };
}

/** Asks until `check` holds (a state to reach, polled; never a duration asserted). */
export async function until<T>(what: string, probe: () => Promise<T> | T, check: (v: T) => boolean, output = () => ''): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await probe();
    if (check(v)) return v;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never reached: ${what}\n${output()}`);
}

/** Queues a help card to everyone and waits until the instance has sends under way, held at
 *  the connector (more rows wait behind its pacing). Returns the campaign's id. */
export async function campaignHeldAtConnector(db: Db, connector: HoldingConnector, output: () => string): Promise<string> {
  const { id } = await createCampaign(
    db,
    { name: 'ops', template: 'help', data: { mode: 'help', name: 'colleague', commands: [], buttons: [] }, audience: { everyone: true } },
    new Date(),
  );
  await until(
    'sends in flight',
    () => connector.holding,
    (n) => n >= 1,
    output,
  );
  return id;
}
