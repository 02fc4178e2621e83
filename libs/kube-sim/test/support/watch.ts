/** Reads a watch stream over raw HTTP, event by event. */
import { request } from 'node:http';
import type { KubeSim } from '@sluice/kube-sim';

/** One decoded watch event. */
export interface WatchEvent {
  readonly type: string;
  readonly object: Record<string, unknown>;
}

/** An open watch: events arrive in `events`; `next()` waits for the next one; `close()` ends it. */
export interface OpenWatch {
  readonly events: WatchEvent[];
  readonly status: number;
  next(timeoutMs?: number): Promise<WatchEvent>;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens a watch on a plain-HTTP server (admin token) and resolves once the response headers arrive. */
export function openWatch(sim: KubeSim, path: string, headers: Record<string, string> = {}): Promise<OpenWatch> {
  const url = new URL(path, sim.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Authorization: `Bearer ${sim.adminToken}`, ...headers } }, (res) => {
      const events: WatchEvent[] = [];
      let read = 0;
      let buffer = '';
      let wake: (() => void) | undefined;
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
        }
        wake?.();
      });
      res.on('end', () => {
        endedResolve();
        wake?.();
      });
      res.on('error', () => endedResolve());
      resolve({
        events,
        status: res.statusCode ?? 0,
        ended,
        close: () => req.destroy(),
        next: (timeoutMs = 5000) => new Promise((res2, rej) => {
          const deadline = setTimeout(() => {
            wake = undefined;
            rej(new Error(`no watch event within ${timeoutMs} ms (saw ${events.length})`));
          }, timeoutMs);
          const check = (): void => {
            if (read < events.length) {
              clearTimeout(deadline);
              wake = undefined;
              res2(events[read++]!);
            }
          };
          wake = check;
          check();
        }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
