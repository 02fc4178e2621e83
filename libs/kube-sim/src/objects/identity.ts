/** Identifiers the server makes up: uids and the random suffixes of generated names. */
import { randomInt, randomUUID } from 'node:crypto';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A random string from the alphabet Kubernetes uses for generated names (no vowels, no confusable digits). */
export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return s;
}

/** A new object uid. */
export function newUid(): string {
  return randomUUID();
}

/** `generateName` plus a random suffix, cut so the result stays within 253 characters (63 for labels). */
export function generatedName(prefix: string, maxLength = 253): string {
  const suffix = randomSuffix();
  return prefix.slice(0, maxLength - suffix.length) + suffix;
}

/**
 * A stable short hash of a string, spelled like the real controllers' `pod-template-hash`: the decimal FNV-1a
 * hash with each digit mapped into the name alphabet (at most 10 characters).
 */
export function shortHash(input: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((d) => ALPHANUMS[Number(d)]!).join('');
}
