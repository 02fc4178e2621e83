import { parse } from 'yaml';
import type { KubeObject } from '@sluice/kstatus';

/** An object from a YAML manifest, as the tests write them. */
export function manifest(text: string): KubeObject {
  return parse(text) as KubeObject;
}

/** A fixed instant for tests that depend on time. */
export const testNow = Date.parse('2025-06-01T12:00:00Z');
