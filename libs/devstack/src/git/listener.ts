import type { Server, Socket } from 'node:net';
import { DevStackError } from '../errors.js';

/**
 * A TCP server (plain `net` or `http`) that can be taken off the network and put back on the same port: pausing
 * closes the listening socket and cuts open connections, so clients see "connection refused" as for a host that
 * is down.
 */
export class PausableListener {
  readonly server: Server;
  port = 0;
  private readonly sockets = new Set<Socket>();
  private listening = false;

  constructor(server: Server) {
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** True while clients can connect. */
  get reachable(): boolean {
    return this.listening;
  }

  /** Starts listening on 127.0.0.1 (a random port the first time, the same port afterwards). */
  async listen(): Promise<number> {
    if (this.listening) return this.port;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(new DevStackError(`test server on port ${this.port}`, 'cannot listen', err));
      this.server.once('error', onError);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.removeListener('error', onError);
        resolve();
      });
    });
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.listening = true;
    return this.port;
  }

  /** Stops accepting connections and cuts the open ones; the port is kept for {@link listen}. */
  async pause(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
