// The CEL environment Flux evaluates health expressions in (fluxcd/pkg runtime/cel): no declared variables (every
// top-level field of the object is one), optional types, homogeneous aggregate literals, the strings extension
// (mostly built into cel-js; charAt, replace and reverse registered here) and the sets and base64 extensions
// (registered here).
import { Environment } from '@marcbachmann/cel-js';
import { celEquals } from './values.js';

/** Receiver type of `sets.*` calls: the `sets` constant is its only instance. */
class SetsExtension {}

/** Receiver type of `base64.*` calls: the `base64` constant is its only instance. */
class Base64Extension {}

const base64Alphabet = /^[A-Za-z0-9+/]*={0,2}$/;

function includes(list: readonly unknown[], item: unknown): boolean {
  return list.some((candidate) => celEquals(candidate, item));
}

function decodeBase64(text: string): Uint8Array {
  if (!base64Alphabet.test(text)) throw new Error(`base64.decode: invalid base64 text ${JSON.stringify(text)}`);
  return new Uint8Array(Buffer.from(text, 'base64'));
}

type ListPredicate = (a: readonly unknown[], b: readonly unknown[]) => boolean;

const setFunctions: ReadonlyArray<readonly [string, ListPredicate]> = [
  ['contains', (a, b) => b.every((item) => includes(a, item))],
  ['equivalent', (a, b) => b.every((item) => includes(a, item)) && a.every((item) => includes(b, item))],
  ['intersects', (a, b) => b.some((item) => includes(a, item))],
];

function registerSets(env: Environment): void {
  env.registerType('sluice.SetsExtension', SetsExtension);
  env.registerConstant('sets', 'sluice.SetsExtension', new SetsExtension());
  for (const [name, predicate] of setFunctions) {
    env.registerFunction({
      name,
      receiverType: 'sluice.SetsExtension',
      returnType: 'bool',
      params: [
        { name: 'a', type: 'list' },
        { name: 'b', type: 'list' },
      ],
      handler: (_sets: SetsExtension, a: readonly unknown[], b: readonly unknown[]) => predicate(a, b),
    });
  }
}

function registerBase64(env: Environment): void {
  env.registerType('sluice.Base64Extension', Base64Extension);
  env.registerConstant('base64', 'sluice.Base64Extension', new Base64Extension());
  env.registerFunction({
    name: 'encode',
    receiverType: 'sluice.Base64Extension',
    returnType: 'string',
    params: [{ name: 'data', type: 'bytes' }],
    handler: (_base64: Base64Extension, data: Uint8Array) => Buffer.from(data).toString('base64'),
  });
  env.registerFunction({
    name: 'decode',
    receiverType: 'sluice.Base64Extension',
    returnType: 'bytes',
    params: [{ name: 'text', type: 'string' }],
    handler: (_base64: Base64Extension, text: string) => decodeBase64(text),
  });
}

function charAt(text: string, index: bigint): string {
  const chars = Array.from(text);
  if (index < 0n || index > BigInt(chars.length)) throw new Error(`charAt: index out of range: ${index}`);
  return chars[Number(index)] ?? '';
}

function replace(text: string, search: string, replacement: string, limit: bigint): string {
  if (limit < 0n) return text.replaceAll(search, replacement);
  let rest = text;
  let result = '';
  for (let n = 0n; n < limit; n++) {
    const at = rest.indexOf(search);
    if (at < 0) break;
    result += rest.slice(0, at) + replacement;
    rest = rest.slice(at + search.length);
  }
  return result + rest;
}

function registerStringExtras(env: Environment): void {
  env.registerFunction('string.charAt(int): string', charAt);
  env.registerFunction('string.replace(string, string): string', (text: string, search: string, by: string) =>
    replace(text, search, by, -1n),
  );
  env.registerFunction('string.replace(string, string, int): string', replace);
  env.registerFunction('string.reverse(): string', (text: string) => Array.from(text).reverse().join(''));
}

let shared: Environment | undefined;

/**
 * The environment health expressions are parsed and evaluated in, created once and shared (it is immutable after
 * set-up). Call it rather than building an Environment so every expression sees the same functions as in Flux.
 */
export function healthCelEnvironment(): Environment {
  if (shared === undefined) {
    const env = new Environment({
      unlistedVariablesAreDyn: true,
      enableOptionalTypes: true,
      homogeneousAggregateLiterals: true,
    });
    registerStringExtras(env);
    registerSets(env);
    registerBase64(env);
    shared = env;
  }
  return shared;
}
