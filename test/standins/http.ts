// Small node:http plumbing shared by the stand-ins: listen on 127.0.0.1:0, read bodies, answer JSON.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, rawBody: string) => void | Promise<void>;

/** A loopback HTTP server with the start/close pair every stand-in exposes. */
export class LoopbackServer {
  private server: Server | undefined;
  private baseUrl: string | undefined;

  constructor(private readonly handler: Handler) {}

  async start(): Promise<{ url: string }> {
    if (this.baseUrl) return { url: this.baseUrl };
    const server = createServer((req, res) => {
      readBody(req)
        .then((raw) => this.handler(req, res, raw))
        .catch((err: unknown) => {
          if (!res.headersSent) sendJson(res, 500, { error: { code: 'StandinFailure', message: String(err) } });
          else res.end();
        });
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return { url: this.baseUrl };
  }

  /** Base URL without a trailing slash; throws before start(). */
  get url(): string {
    if (!this.baseUrl) throw new Error('server not started');
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Parses a JSON body; undefined when empty or not JSON. */
export function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
