/**
 * Serving fixture repositories the three ways Flux's source-controller fetches them: `file://`, the git protocol
 * (`git daemon`, export-all) and smart HTTP (`git http-backend` behind a Node HTTP server, optionally with basic
 * auth). Each server can be made unreachable and reachable again without changing its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rename } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { trackChild } from '../cleanup.js';
import { PausableListener } from './listener.js';
import { isolatedGitEnv } from './run.js';

/** A running Git server over a folder of repositories. */
export interface GitServer {
  /** Port it listens on (0 for `file://`). */
  readonly port: number;
  /** False while made unreachable by {@link setReachable}. */
  readonly reachable: boolean;
  /** Clone URL of the repository `name` (a folder under the served root). */
  url(name: string): string;
  /** Takes the server away (connection refused, or a missing path for `file://`) or brings it back on the same URL. */
  setReachable(reachable: boolean): Promise<void>;
  /** Stops the server and every process it started. Safe to call twice. */
  stop(): Promise<void>;
}

/** Basic-auth credentials a smart HTTP server requires. */
export interface BasicAuth {
  readonly username: string;
  readonly password: string;
}

/** Options of {@link serveGitHttp}. */
export interface ServeGitHttpOptions {
  /** Require these credentials (401 with a `WWW-Authenticate` challenge without them). */
  readonly auth?: BasicAuth;
}

/**
 * Serves `root` over `file://`. "Unreachable" renames the folder away, so clones fail as for a vanished path;
 * don't touch the repositories while it is unreachable.
 */
export function serveGitFile(root: string): Promise<GitServer> {
  const offline = `${root}.offline`;
  let reachable = true;
  return Promise.resolve({
    port: 0,
    get reachable() {
      return reachable;
    },
    url: (name: string) => `file://${root}/${name}`,
    async setReachable(want: boolean) {
      if (want === reachable) return;
      await (want ? rename(offline, root) : rename(root, offline));
      reachable = want;
    },
    async stop() {
      if (!reachable) await this.setReachable(true);
    },
  });
}

/** Serves `root` over the git protocol (`git://127.0.0.1:<port>/<name>`), one `git daemon --inetd` per connection. */
export async function serveGitDaemon(root: string): Promise<GitServer> {
  const children = new Set<ChildProcess>();
  const listener = new PausableListener(createTcpServer((socket) => {
    const child = spawnTracked(children, ['daemon', '--inetd', '--export-all', '--informative-errors', `--base-path=${root}`, root], {});
    pipeSocket(socket, child);
  }));
  await listener.listen();
  return listenerServer(listener, children, (name) => `git://127.0.0.1:${listener.port}/${name}`);
}

/**
 * Serves `root` over smart HTTP (`http://127.0.0.1:<port>/<name>`), running `git http-backend` as a CGI per
 * request; with `auth`, requests without the right credentials get 401.
 */
export async function serveGitHttp(root: string, opts: ServeGitHttpOptions = {}): Promise<GitServer> {
  const children = new Set<ChildProcess>();
  const listener = new PausableListener(createHttpServer((req, res) => {
    if (opts.auth && !authorized(req, opts.auth)) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="sluice-test"' }).end('unauthorized\n');
      return;
    }
    runHttpBackend(root, req, res, children, opts.auth?.username);
  }));
  await listener.listen();
  return listenerServer(listener, children, (name) => `http://127.0.0.1:${listener.port}/${name}`);
}

function listenerServer(listener: PausableListener, children: Set<ChildProcess>, url: (name: string) => string): GitServer {
  let stopped = false;
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  return {
    get port() {
      return listener.port;
    },
    get reachable() {
      return listener.reachable;
    },
    url,
    async setReachable(want: boolean) {
      if (want) await listener.listen();
      else {
        await listener.pause();
        killAll();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await listener.pause();
      killAll();
    },
  };
}

function spawnTracked(children: Set<ChildProcess>, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = trackChild(spawn('git', args, { env: { ...isolatedGitEnv(), ...env }, stdio: ['pipe', 'pipe', 'ignore'] }));
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
  return child;
}

function pipeSocket(socket: Socket, child: ChildProcess): void {
  socket.pipe(child.stdin!);
  child.stdout!.pipe(socket);
  socket.on('error', () => child.kill('SIGKILL'));
  socket.once('close', () => child.kill('SIGKILL'));
  child.stdin!.on('error', () => socket.destroy());
}

function authorized(req: IncomingMessage, auth: BasicAuth): boolean {
  const header = req.headers.authorization ?? '';
  const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return header === expected;
}

function runHttpBackend(root: string, req: IncomingMessage, res: ServerResponse, children: Set<ChildProcess>, user?: string): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const env: NodeJS.ProcessEnv = {
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    REMOTE_USER: user ?? '',
    HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
    GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
  };
  const child = spawnTracked(children, ['http-backend'], env);
  req.pipe(child.stdin!);
  child.stdin!.on('error', () => res.destroy());
  relayCgiResponse(child, res);
}

/** Parses the CGI header block from the backend's stdout, then streams the body. */
function relayCgiResponse(child: ChildProcess, res: ServerResponse): void {
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    headersSent = true;
    writeCgiHeaders(res, head.subarray(0, end).toString('latin1'));
    res.write(head.subarray(end + 4));
  });
  child.stdout!.once('end', () => {
    if (!headersSent) res.writeHead(502);
    res.end();
  });
  res.once('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
}

function writeCgiHeaders(res: ServerResponse, block: string): void {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[name] = value;
  }
  res.writeHead(status, headers);
}
