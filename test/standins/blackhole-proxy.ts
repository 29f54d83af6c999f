// A TCP proxy in front of the real PostgreSQL that can be switched to "black hole": connections
// are still accepted, but nothing is forwarded either way, so the database looks alive to the
// network and never answers (a hung server, a half-open partition). Switching back drops the
// connections that were held (as the partition would) and forwards new ones again.

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

export class BlackholeProxy {
  private server: Server | undefined;
  private held = new Set<Socket>();
  private open = new Set<Socket>();
  private blackholed = false;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<{ host: string; port: number }> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return { host: '127.0.0.1', port };
  }

  /** Accept and never answer, on new and existing connections alike. */
  blackhole(): void {
    this.blackholed = true;
    for (const s of this.open) {
      s.pause();
      this.held.add(s);
    }
  }

  /** Answer again; the connections held meanwhile are dropped. */
  restore(): void {
    this.blackholed = false;
    for (const s of this.held) s.destroy();
    this.held.clear();
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    this.open.add(client);
    client.on('close', () => {
      this.open.delete(client);
      this.held.delete(client);
    });
    if (this.blackholed) {
      client.pause();
      this.held.add(client);
      return;
    }
    const upstream = connect(this.target);
    upstream.on('error', () => client.destroy());
    this.open.add(upstream);
    upstream.on('close', () => {
      this.open.delete(upstream);
      this.held.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    client.on('data', (d) => void (this.blackholed || upstream.write(d)));
    upstream.on('data', (d) => void (this.blackholed || client.write(d)));
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
