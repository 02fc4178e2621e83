/**
 * A real `nats-server` with JetStream per test (or per suite): random loopback port, private store folder, and a
 * handle that can stop and restart it on the same port with the same store, so tests can take NATS away
 * mid-pipeline. `NATS_URL` points every test at an existing server instead; where no binary exists but a Docker
 * engine does, the server runs in a container.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { trackChild, trackFolder, untrackFolder } from './cleanup.js';
import { DevStackError } from './errors.js';

/** A running NATS server started for a test. */
export interface NatsServerHandle {
  /** Client URL, e.g. `nats://127.0.0.1:40123`. */
  readonly url: string;
  /** Client port (kept across {@link restart}). */
  readonly port: number;
  /** JetStream store folder (kept across {@link restart}; removed by {@link stop}); empty for external servers. */
  readonly storeDir: string;
  /** True when {@link restart} is possible (false for a server given by `NATS_URL`). */
  readonly restartable: boolean;
  /** Process id of the local server, or undefined (external server or container). */
  readonly pid: number | undefined;
  /** Stops the server and removes its store; a no-op for an external server. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port with the same store (JetStream state survives). */
  restart(): Promise<void>;
}

/** Options of {@link startNats}. */
export interface StartNatsOptions {
  /** Extra `nats-server` arguments (e.g. `['-DV']` while debugging a test). */
  readonly args?: readonly string[];
  /** How long to wait for "Server is ready" before failing. */
  readonly startTimeoutMs?: number;
  /** Environment to read `NATS_URL` and `PATH` from. */
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;

/**
 * Starts a JetStream-enabled NATS server for a test and returns its handle. Call it in `before`/`beforeEach` and
 * call `stop()` in the matching `after`/`afterEach`; the harness also kills it when the process exits.
 */
export async function startNats(opts: StartNatsOptions = {}): Promise<NatsServerHandle> {
  const env = opts.env ?? process.env;
  const external = env.NATS_URL;
  if (external) return externalServer(external);
  const binary = findNatsServerBinary(env);
  if (binary) return LocalNatsServer.start(binary, opts);
  if (dockerAvailable(env)) return startNatsContainer(opts);
  throw new DevStackError('nats-server', 'no nats-server binary on PATH or at /usr/sbin/nats-server, no NATS_URL and no Docker engine');
}

/** The `nats-server` binary the harness would run: first on `PATH`, else `/usr/sbin/nats-server`, else undefined. */
export function findNatsServerBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...dirs.map((d) => join(d, 'nats-server')), '/usr/sbin/nats-server'].find((p) => existsSync(p));
}

function externalServer(url: string): NatsServerHandle {
  const port = Number(new URL(url.replace(/^nats:/, 'http:')).port || 4222);
  return {
    url, port, storeDir: '', restartable: false, pid: undefined,
    stop: () => Promise.resolve(),
    restart: () => Promise.reject(new DevStackError(`nats-server ${url}`, 'cannot restart a server given by NATS_URL')),
  };
}

function dockerAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

class LocalNatsServer implements NatsServerHandle {
  readonly restartable = true;
  readonly storeDir: string;
  port = 0;
  private child: ChildProcess | undefined;
  private readonly binary: string;
  private readonly opts: StartNatsOptions;

  private constructor(binary: string, storeDir: string, opts: StartNatsOptions) {
    this.binary = binary;
    this.storeDir = storeDir;
    this.opts = opts;
  }

  static async start(binary: string, opts: StartNatsOptions): Promise<LocalNatsServer> {
    const storeDir = trackFolder(await mkdtemp(join(tmpdir(), 'sluice-nats-')));
    const server = new LocalNatsServer(binary, storeDir, opts);
    try {
      await server.launch(-1);
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.storeDir, { recursive: true, force: true });
    untrackFolder(this.storeDir);
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.launch(this.port);
  }

  private async launch(port: number): Promise<void> {
    const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', this.storeDir, ...(this.opts.args ?? [])];
    const child = trackChild(spawn(this.binary, args, { stdio: ['ignore', 'ignore', 'pipe'] }));
    this.child = child;
    this.port = await waitForReady(child, this.opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** Reads the server log until it reports readiness; resolves with the client port it listens on. */
function waitForReady(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let log = '';
    let port = 0;
    const onExit = (code: number | null, signal: string | null): void => fail(`exited (${signal ?? code}) before it was ready`);
    const fail = (message: string): void => {
      clearTimeout(timer);
      reject(new DevStackError('nats-server', `${message}\n${log.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`cannot start: ${err.message}`));
    child.once('exit', onExit);
    // Keep draining stderr after readiness too: a full pipe would block the server.
    child.stderr?.on('data', (chunk: Buffer) => {
      if (port && log.includes('Server is ready')) return;
      log += chunk.toString();
      port ||= Number(/Listening for client connections on [^\s]*:(\d+)/.exec(log)?.[1] ?? 0);
      if (port && log.includes('Server is ready')) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        resolve(port);
      }
    });
  });
}

/**
 * The Docker path: loaded only when no binary exists, so Node never evaluates testcontainers otherwise. The host
 * port is bound explicitly so that a restart keeps it.
 */
async function startNatsContainer(opts: StartNatsOptions): Promise<NatsServerHandle> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const port = await freeLoopbackPort();
  const started = await new GenericContainer('nats:2.9-alpine')
    .withCommand(['-js', '-sd', '/data', ...(opts.args ?? [])])
    .withExposedPorts({ container: 4222, host: port })
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .withStartupTimeout(opts.startTimeoutMs ?? 60_000)
    .start();
  let stopped = false;
  return {
    url: `nats://${started.getHost()}:${port}`, port, storeDir: '/data', restartable: true, pid: undefined,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await started.stop();
    },
    restart: () => started.restart(),
  };
}

/** A port that was free a moment ago (the container binds it right away). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
