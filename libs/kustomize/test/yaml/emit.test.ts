import assert from 'node:assert/strict';
import { emitDocument } from '../../src/yaml/emit.js';
import { parseYamlDocuments } from '../../src/yaml/parse.js';

const parse = (text: string) => parseYamlDocuments(text, { dialect: 'v3', file: 'test.yaml', maxDepth: 100, maxNodes: 10_000 })[0]!;

describe('emitDocument', () => {
  it('sorts keys the way go-yaml v2 does (digit runs compare as numbers)', () => {
    assert.equal(emitDocument(parse('b: 1\na10: 1\na9: 1\n"10": 1\n"9": 1\n_x: 1\n')), '_x: 1\n"9": 1\n"10": 1\na9: 1\na10: 1\nb: 1\n');
  });

  it('quotes strings that would read back as other types', () => {
    assert.equal(emitDocument(parse('a: "yes"\nb: "1"\nc: "2001-12-14"\nd: "1:20"\ne: ""\nn: x\n')), 'a: "yes"\nb: "1"\nc: "2001-12-14"\nd: "1:20"\ne: ""\n"n": x\n');
  });

  it('prints numbers as the JSON round trip leaves them', () => {
    assert.equal(emitDocument(parse('a: 1.0\nb: 1234567.5\nc: 0.000001\nd: 0x1F\ne: 0777\nf: 1e20\n')), 'a: 1\nb: 1.2345675e+06\nc: 1e-06\nd: 31\ne: 511\nf: 1e+20\n');
  });

  it('writes multi-line strings as literal blocks with chomping and indentation hints', () => {
    assert.equal(emitDocument(parse('a: "x\\ny"\nb: "x\\n"\nc: "x\\n\\n"\nd: " x\\ny"\n')), 'a: |-\n  x\n  y\nb: |\n  x\nc: |+\n  x\n\nd: |2-\n   x\n  y\n');
  });

  it('folds long plain scalars after column 80', () => {
    const long = 'word '.repeat(20).trim();
    assert.equal(emitDocument(parse(`k: ${long}\n`)), `k: ${'word '.repeat(15).trim()} word\n  ${'word '.repeat(4).trim()}\n`);
  });

  it('escapes non-printable characters in double quotes', () => {
    assert.equal(emitDocument(parse('a: "tab\\there"\nb: "emoji 😀"\n')), 'a: "tab\\there"\nb: "emoji \\U0001F600"\n');
  });

  it('indents sequences inside mappings like kubectl output', () => {
    assert.equal(emitDocument(parse('a:\n  - b: 1\n    c: [1, []]\n  - {}\n')), 'a:\n- b: 1\n  c:\n  - 1\n  - []\n- {}\n');
  });
});
