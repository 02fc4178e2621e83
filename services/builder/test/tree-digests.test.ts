import { strict as assert } from 'node:assert';
import type { TarEntry } from '@sluice/artifact';
import { changedFirst, treeDigestsOf } from '../src/tree-digests.js';

describe('tree digests', () => {
  const tree = (files: Record<string, string>, dirs: string[] = []): TarEntry[] => [
    ...dirs.map((path): TarEntry => ({ type: 'dir', path, mode: 0o755 })),
    ...Object.entries(files).map(([path, content]): TarEntry => ({ type: 'file', path, mode: 0o644, data: new TextEncoder().encode(content) })),
  ];

  it('changes the digest of a folder and its parents, and only theirs, when a file below changes', () => {
    const before = treeDigestsOf(tree({ 'apps/a/cm.yaml': 'a: 1', 'apps/b/cm.yaml': 'b: 1', 'infra/ns.yaml': 'n' }, ['apps', 'apps/a']));
    const after = treeDigestsOf(tree({ 'apps/b/cm.yaml': 'b: 1', 'apps/a/cm.yaml': 'a: 2', 'infra/ns.yaml': 'n' }));
    assert.notEqual(before.get('apps/a'), after.get('apps/a'));
    assert.notEqual(before.get('apps'), after.get('apps'));
    assert.notEqual(before.get(''), after.get(''));
    assert.equal(before.get('apps/b'), after.get('apps/b'));
    assert.equal(before.get('infra'), after.get('infra'));
  });

  it('does not depend on entry order or on explicit directory entries', () => {
    const a = treeDigestsOf(tree({ 'x/1.yaml': '1', 'x/y/2.yaml': '2' }, ['x', 'x/y']));
    const b = treeDigestsOf(tree({ 'x/y/2.yaml': '2', 'x/1.yaml': '1' }));
    assert.deepEqual([...a].sort(), [...b].sort());
  });

  it('orders items whose folder changed (or is unknown) first, keeping order within each group', async () => {
    const before = new Map([['a', '1'], ['b', '1'], ['c', '1']]);
    const after = new Map([['a', '1'], ['b', '2'], ['c', '1'], ['d', '1']]);
    assert.deepEqual(changedFirst(['a', 'b', 'c', 'd'], (x) => x, before, after), ['b', 'd', 'a', 'c']);
    assert.deepEqual(changedFirst(['a', 'b'], (x) => x, undefined, after), ['a', 'b']);
  });
});
