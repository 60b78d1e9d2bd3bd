import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type TargetMode = 'ok' | 'slow' | 'failing' | 'down';

/**
 * A small HTTP service for probes to watch, on 127.0.0.1: `ok` answers 200 "ok", `slow` the same
 * after `slowMs`, `failing` answers 500, `down` stops listening (connections are refused) until
 * another mode brings it back on the same port.
 */
export class ProbeTarget {
  mode: TargetMode = 'ok';
  slowMs = 300;
  requests = 0;
  private server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor() {
    this.server = this.create();
  }

  static async start(): Promise<ProbeTarget> {
    const target = new ProbeTarget();
    await target.listen(0);
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/health`;
  }

  async set(mode: TargetMode): Promise<void> {
    const wasDown = this.mode === 'down';
    this.mode = mode;
    if (mode === 'down' && !wasDown) await this.shut();
    if (mode !== 'down' && wasDown) {
      this.server = this.create();
      await this.listen(this.port);
    }
  }

  async close(): Promise<void> {
    if (this.mode !== 'down') await this.shut();
  }

  private create(): Server {
    const server = createServer((_request, response) => {
      this.requests++;
      const answer = () => {
        if (this.mode === 'failing') return response.writeHead(500, { 'content-type': 'text/plain' }).end('error');
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      };
      if (this.mode === 'slow') setTimeout(answer, this.slowMs);
      else answer();
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private shut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
