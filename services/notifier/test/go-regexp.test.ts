import assert from 'node:assert/strict';
import { InvalidRegexpError, compileGoRegexp } from '../src/index.js';

/** [pattern, text, matches] — each as Go's regexp.MatchString answers. */
const MATCHES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['waiting.*socket', 'SSH could not read data: Error waiting on socket', true],
  ['.*succeeded.*', 'Helm upgrade succeeded', true],
  ['^Reconciliation', 'Health check Reconciliation', false],
  ['(?i)ERROR', 'an error happened', true],
  ['(?s)a.b', 'a\nb', true],
  ['a.b', 'a\nb', false],
  ['(?m)^b$', 'a\nb\nc', true],
  ['\\Qa.b*\\E', 'xa.b*y', true],
  ['\\Qa.b*\\E', 'xaXbby', false],
  ['(?P<rev>[0-9a-f]{7})', 'main@sha1:1234abc', true],
  ['[[:digit:]]+ objects', '12 objects', true],
  ['[]a]', ']', true],
  ['[^]a]', ']', false],
  ['\\pL+\\d', 'é1', true],
  ['\\p{Greek}', 'λ', true],
  ['\\x{1F600}', '😀', true],
  ['\\141', 'a', true],
  ['{foo}', 'x{foo}', true],
  ['a{2,3}', 'caac', true],
  ['a{2,3}', 'cac', false],
  ['\\s', '\u00a0', false],
  ['\\s', 'a b', true],
  ['end\\z', 'the end', true],
  ['\\Athe', 'the end', true],
  ['\\-\\#\\:', '-#:', true],
  ['a/b', 'a/b', true],
];

/** Patterns Go's regexp.Compile rejects. */
const GO_REJECTS: readonly string[] = ['(?=x)', '(?!x)', '(?<=x)', '(a)\\1', '\\8', 'a**', '*a', '[a', 'a{1001}', 'a{3,2}', '\\q', 'x\\'];

describe('Go regular expressions', () => {
  for (const [pattern, text, expected] of MATCHES) {
    it(`${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)} with ${pattern}`, () => {
      assert.equal(compileGoRegexp(pattern).test(text), expected);
    });
  }

  it('rejects what Go rejects, naming the pattern', () => {
    for (const pattern of GO_REJECTS) {
      assert.throws(() => compileGoRegexp(pattern), (err: unknown) => err instanceof InvalidRegexpError
        && err.code === 'SLUICE_NOTIFIER_REGEXP' && err.message.startsWith(`regular expression ${JSON.stringify(pattern)} is invalid: `), pattern);
    }
  });

  it('says which Go forms it cannot translate', () => {
    assert.throws(() => compileGoRegexp('a(?i)b'), /flags are only supported as a \(\?flags\) prefix/);
    assert.throws(() => compileGoRegexp('(?U)a+'), /ungreedy flag/);
    assert.throws(() => compileGoRegexp('[[:^alpha:]]'), /negated POSIX classes are not supported/);
  });
});
