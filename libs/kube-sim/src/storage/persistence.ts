/**
 * Keeping the state in a directory so it survives a restart: a snapshot (`state.json`) plus a journal of every
 * write since (`journal.jsonl`, appended in batches). Opening replays the journal onto the snapshot and compacts
 * both; closing flushes and compacts again.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import { isJsonObject, type JsonObject } from '../json.js';
import type { TokenRecord } from '../auth/users.js';
import { objectKey, type Store, type StoreEvent } from './store.js';

/** Raised when the state directory cannot be read or written. */
export class KubeSimStateError extends SluiceError {
  constructor(dir: string, message: string, cause?: unknown) {
    super('SLUICE_KUBE_SIM_STATE', `kube-sim state directory ${dir}: ${message}`, { cause });
  }
}

/** What a state directory holds. */
export interface SavedState {
  readonly revision: number;
  readonly objects: { storageKey: string; object: JsonObject }[];
  readonly tokens: TokenRecord[];
}

interface JournalLine {
  readonly rv: number;
  readonly op: 'put' | 'del';
  readonly key: string;
  readonly object: JsonObject;
}

function parseSnapshot(dir: string, text: string): SavedState {
  const raw: unknown = JSON.parse(text);
  if (!isJsonObject(raw) || typeof raw.revision !== 'number' || !Array.isArray(raw.objects) || !Array.isArray(raw.tokens)) {
    throw new KubeSimStateError(dir, 'state.json: not a kube-sim snapshot');
  }
  return raw as unknown as SavedState;
}

function replay(state: Map<string, { storageKey: string; object: JsonObject }>, line: JournalLine): void {
  const meta = isJsonObject(line.object.metadata) ? line.object.metadata : {};
  const id = `${line.key}|${objectKey(String(meta.namespace ?? ''), String(meta.name ?? ''))}`;
  if (line.op === 'del') state.delete(id);
  else state.set(id, { storageKey: line.key, object: line.object });
}

/** A state directory in use. */
export class StateDirectory {
  readonly dir: string;
  private pending: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private scheduled = false;
  private failure: unknown;
  private unsubscribe: (() => void) | undefined;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens (creating when needed) a state directory and reads what it holds. */
  static async open(dir: string): Promise<{ state: StateDirectory; saved: SavedState | undefined }> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new KubeSimStateError(dir, 'cannot create the directory', err);
    }
    const state = new StateDirectory(dir);
    return { state, saved: await state.read() };
  }

  private async read(): Promise<SavedState | undefined> {
    const snapshotPath = join(this.dir, 'state.json');
    const journalPath = join(this.dir, 'journal.jsonl');
    if (!existsSync(snapshotPath) && !existsSync(journalPath)) return undefined;
    let snapshot: SavedState = { revision: 0, objects: [], tokens: [] };
    try {
      if (existsSync(snapshotPath)) snapshot = parseSnapshot(this.dir, await readFile(snapshotPath, 'utf8'));
    } catch (err) {
      throw err instanceof KubeSimStateError ? err : new KubeSimStateError(this.dir, 'state.json is unreadable', err);
    }
    const objects = new Map(snapshot.objects.map((o) => {
      const meta = isJsonObject(o.object.metadata) ? o.object.metadata : {};
      return [`${o.storageKey}|${objectKey(String(meta.namespace ?? ''), String(meta.name ?? ''))}`, o] as const;
    }));
    let revision = snapshot.revision;
    if (existsSync(journalPath)) {
      for (const text of (await readFile(journalPath, 'utf8')).split('\n')) {
        if (text.trim() === '') continue;
        let line: JournalLine;
        try {
          line = JSON.parse(text) as JournalLine;
        } catch {
          break; // a torn last line from a crash: everything before it is intact
        }
        replay(objects, line);
        revision = Math.max(revision, line.rv);
      }
    }
    return { revision, objects: [...objects.values()], tokens: snapshot.tokens };
  }

  /** The serving key and certificate saved earlier, so clients' kubeconfigs keep trusting the server. */
  async readCertificate(): Promise<{ keyPem: string; certPem: string } | undefined> {
    const key = join(this.dir, 'tls.key');
    const cert = join(this.dir, 'tls.crt');
    if (!existsSync(key) || !existsSync(cert)) return undefined;
    try {
      return { keyPem: await readFile(key, 'utf8'), certPem: await readFile(cert, 'utf8') };
    } catch (err) {
      throw new KubeSimStateError(this.dir, 'tls.key/tls.crt are unreadable', err);
    }
  }

  /** Saves the serving key and certificate. */
  async writeCertificate(c: { keyPem: string; certPem: string }): Promise<void> {
    try {
      await writeFile(join(this.dir, 'tls.key'), c.keyPem, { mode: 0o600 });
      await writeFile(join(this.dir, 'tls.crt'), c.certPem);
    } catch (err) {
      throw new KubeSimStateError(this.dir, 'cannot write tls.key/tls.crt', err);
    }
  }

  /** Journals every write of `store` from now on. */
  attach(store: Store): void {
    this.unsubscribe = store.subscribe((ev) => this.record(ev));
  }

  private record(ev: StoreEvent): void {
    const line: JournalLine = { rv: ev.rv, op: ev.type === 'DELETED' ? 'del' : 'put', key: ev.storageKey, object: ev.object };
    this.pending.push(JSON.stringify(line));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() => appendFile(join(this.dir, 'journal.jsonl'), `${batch.join('\n')}\n`)).catch((err: unknown) => {
        this.failure = err;
      });
    }
    return this.flushing;
  }

  /** Writes a full snapshot and empties the journal. */
  async compact(store: Store, tokens: readonly TokenRecord[]): Promise<void> {
    await this.flush();
    const objects = store.storageKeys().flatMap((storageKey) => store.list(storageKey).map((object) => ({ storageKey, object })));
    const tmp = join(this.dir, 'state.json.tmp');
    try {
      await writeFile(tmp, JSON.stringify({ revision: store.revision, objects, tokens }));
      await rename(tmp, join(this.dir, 'state.json'));
      await writeFile(join(this.dir, 'journal.jsonl'), '');
    } catch (err) {
      throw new KubeSimStateError(this.dir, 'cannot write the snapshot', err);
    }
    if (this.failure !== undefined) throw new KubeSimStateError(this.dir, 'a journal write failed', this.failure);
  }

  /** Stops journaling, flushes and compacts. */
  async close(store: Store, tokens: readonly TokenRecord[]): Promise<void> {
    this.unsubscribe?.();
    await this.compact(store, tokens);
  }
}
