import { isDeepStrictEqual } from 'node:util';
import type { KubeClient } from './client.js';
import { isKubeStatus } from './errors.js';
import type { KubeObject, ObjectRef } from './types.js';

/** An object with a typed status. */
export type WithStatus<S> = KubeObject & { status?: S };

/**
 * Read-modify-write of an object's `status` subresource: reads the latest object, lets `mutate` compute the new
 * status from it, and writes it with the read resourceVersion as precondition; on 409 Conflict it reads again and
 * re-applies `mutate`. Writes nothing when the status is unchanged. Returns the stored object, or undefined when the
 * object is gone (or `mutate` returned undefined, meaning "leave it"). Pass `current` (an object just read) to skip the
 * first read.
 *
 * Several services write parts of one object's status; because `mutate` always starts from the latest object,
 * each only changes what it owns.
 */
export async function updateStatus<S, T extends WithStatus<S> = WithStatus<S>>(
  client: KubeClient,
  ref: ObjectRef,
  mutate: (latest: T) => S | undefined,
  opts: { attempts?: number; current?: T } = {},
): Promise<T | undefined> {
  const attempts = opts.attempts ?? 8;
  for (let i = 0; ; i++) {
    // The caller's copy saves a read on the first attempt; a stale one costs a 409 and a re-read.
    const latest = i === 0 && opts.current ? opts.current : await client.get<T>(ref);
    if (!latest) return undefined;
    const next = mutate(structuredClone(latest));
    if (next === undefined) return undefined;
    if (isDeepStrictEqual(next, latest.status)) return latest;
    try {
      return await client.replace<T>({ ...latest, status: next }, { subresource: 'status' });
    } catch (err) {
      if (isKubeStatus(err, 404)) return undefined;
      if (!isKubeStatus(err, 409) || i + 1 >= attempts) throw err;
    }
  }
}
