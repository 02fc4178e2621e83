/**
 * Go (RE2) regular expressions, as Alerts write them in `inclusionList` and `exclusionList`, translated to
 * JavaScript `RegExp`s with the `u` flag. What Go rejects (lookaround, backreferences, unknown escapes) is rejected
 * here too; the few Go forms JavaScript on Node 20 cannot express (scoped flags, ungreedy mode, negated POSIX
 * classes) are rejected with a message saying so. Go's `\s` is ASCII whitespace outside classes, as in Go.
 */
import { InvalidRegexpError } from './errors.js';

/** Unicode general categories JavaScript accepts bare in `\p{...}`; any other name is a script. */
const GENERAL_CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs', 'Any',
]);

/** POSIX classes Go accepts inside brackets, as class contents. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`\\{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const GO_WHITESPACE = '\\t\\n\\f\\r ';
const MAX_REPEAT = 1000;

/** Compiles a Go regular expression, or throws {@link InvalidRegexpError} naming the pattern and the problem. */
export function compileGoRegexp(pattern: string): RegExp {
  const translator = new Translator(pattern);
  const { source, flags } = translator.translate();
  try {
    return new RegExp(source, `u${flags}`);
  } catch (err) {
    throw new InvalidRegexpError(pattern, (err as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}

class Translator {
  private readonly pattern: string;
  private pos = 0;
  private out = '';
  private flags = '';
  /** Whether the last thing written can take a repetition operator. */
  private repeatable = false;

  constructor(pattern: string) {
    this.pattern = pattern;
  }

  translate(): { source: string; flags: string } {
    this.leadingFlags();
    while (this.pos < this.pattern.length) this.next();
    return { source: this.out, flags: this.flags };
  }

  private fail(problem: string): never {
    throw new InvalidRegexpError(this.pattern, problem);
  }

  private emit(text: string, repeatable: boolean): void {
    this.out += text;
    this.repeatable = repeatable;
  }

  /** `(?ims)` at the very start becomes RegExp flags. */
  private leadingFlags(): void {
    const m = /^\(\?([imsU-]+)\)/.exec(this.pattern);
    if (!m) return;
    const [on] = m[1]!.split('-');
    if (on!.includes('U')) this.fail('the ungreedy flag (?U) is not supported');
    this.flags = [...new Set(on!)].filter((f) => f !== '-').sort().join('');
    this.pos = m[0].length;
  }

  private next(): void {
    const c = this.pattern[this.pos]!;
    switch (c) {
      case '\\': return this.escape();
      case '[': return this.charClass();
      case '(': return this.group();
      case '{': return this.brace();
      case ')': this.pos += 1; return this.emit(')', true);
      case '|': case '^': case '$': this.pos += 1; return this.emit(c, false);
      case '*': case '+': case '?': return this.repetition(c);
      case '}': case ']': case '/': this.pos += 1; return this.emit(`\\${c}`, true);
      default: {
        const ch = String.fromCodePoint(this.pattern.codePointAt(this.pos)!);
        this.pos += ch.length;
        return this.emit(ch, true);
      }
    }
  }

  private repetition(op: string): void {
    if (!this.repeatable) this.fail(`missing argument to repetition operator: \`${op}\``);
    this.pos += 1;
    let text = op;
    if (this.pattern[this.pos] === '?') {
      text += '?';
      this.pos += 1;
    }
    const after = this.pattern[this.pos];
    if (after === '*' || after === '+' || after === '?') this.fail(`invalid nested repetition operator: \`${text}${after}\``);
    this.emit(text, false);
  }

  /** `{n}`, `{n,}`, `{n,m}` repeat; any other `{` is a literal, as in Go. */
  private brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}(\??)/.exec(this.pattern.slice(this.pos));
    if (!m) {
      this.pos += 1;
      return this.emit('\\{', true);
    }
    if (!this.repeatable) this.fail(`missing argument to repetition operator: \`${m[0]}\``);
    const min = Number(m[1]);
    const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT || (m[3] !== '' && m[3] !== undefined && max < min)) {
      this.fail(`invalid repeat count: \`${m[0]}\``);
    }
    this.pos += m[0].length;
    this.emit(m[0], false);
  }

  private group(): void {
    const rest = this.pattern.slice(this.pos);
    if (!rest.startsWith('(?')) {
      this.pos += 1;
      return this.emit('(', false);
    }
    const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(rest);
    if (named) {
      if (/^\d/.test(named[1]!)) this.fail(`group names starting with a digit are not supported: \`${named[0]}\``);
      this.pos += named[0].length;
      return this.emit(`(?<${named[1]}>`, false);
    }
    if (rest.startsWith('(?:')) {
      this.pos += 3;
      return this.emit('(?:', false);
    }
    if (/^\(\?[imsU-]+[:)]/.test(rest)) this.fail('flags are only supported as a (?flags) prefix of the whole expression');
    this.fail(`invalid or unsupported Perl syntax: \`${rest.slice(0, 3)}\``);
  }

  private escape(): void {
    const c = this.pattern[this.pos + 1];
    if (c === undefined) this.fail('trailing backslash at end of expression');
    if (c === 'Q') return this.quoted();
    const special: Record<string, [string, boolean]> = {
      A: ['(?<![\\s\\S])', false], z: ['(?![\\s\\S])', false], b: ['\\b', false], B: ['\\B', false],
      s: [`[${GO_WHITESPACE}]`, true], S: [`[^${GO_WHITESPACE}]`, true],
    };
    const mapped = special[c];
    if (mapped) {
      this.pos += 2;
      return this.emit(mapped[0], mapped[1]);
    }
    this.emit(this.classOrCharEscape('outside'), true);
  }

  /** `\Q...\E`: everything up to `\E` (or the end) is literal. */
  private quoted(): void {
    const end = this.pattern.indexOf('\\E', this.pos + 2);
    const text = this.pattern.slice(this.pos + 2, end < 0 ? undefined : end);
    this.pos = end < 0 ? this.pattern.length : end + 2;
    for (const ch of text) this.emit(literal(ch), true);
  }

  /** Escapes valid both outside and inside a class: character codes, `\d\w\p`, escaped punctuation. */
  private classOrCharEscape(where: 'outside' | 'inside'): string {
    const rest = this.pattern.slice(this.pos);
    const c = rest[1]!;
    const take = (n: number, text: string): string => {
      this.pos += n;
      return text;
    };
    if ('dDwW'.includes(c)) return take(2, `\\${c}`);
    if ('ftnrv'.includes(c)) return take(2, `\\${c}`);
    if (c === 'a') return take(2, '\\x07');
    if (c === 'p' || c === 'P') return this.unicodeClass(rest);
    if (c === 'x') return this.hexEscape(rest);
    const octal = /^\\([0-7]{1,3})/.exec(rest);
    if (octal && (c === '0' || octal[1]!.length > 1)) return take(octal[0].length, codePoint(parseInt(octal[1]!, 8)));
    if (c.charCodeAt(0) < 0x80 && !/[0-9A-Za-z]/.test(c)) return take(2, literal(c));
    if (where === 'inside' && c === 's') return take(2, GO_WHITESPACE);
    if (where === 'inside' && c === 'S') return take(2, '\\S');
    return this.fail(`invalid escape sequence: \`\\${c}\``);
  }

  private hexEscape(rest: string): string {
    const braced = /^\\x\{([0-9A-Fa-f]+)\}/.exec(rest);
    const short = /^\\x([0-9A-Fa-f]{2})/.exec(rest);
    const m = braced ?? short;
    if (!m) return this.fail(`invalid escape sequence: \`${rest.slice(0, 4)}\``);
    const value = parseInt(m[1]!, 16);
    if (value > 0x10ffff) this.fail(`invalid escape sequence: \`${m[0]}\``);
    this.pos += m[0].length;
    return codePoint(value);
  }

  private unicodeClass(rest: string): string {
    const m = /^\\([pP])(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(rest);
    if (!m) return this.fail(`invalid character class range: \`${rest.slice(0, 3)}\``);
    const negated = (m[1] === 'P') !== (m[2] === '^');
    const name = m[3] ?? m[4]!;
    this.pos += m[0].length;
    const property = GENERAL_CATEGORIES.has(name) ? name : `Script=${name}`;
    return `\\${negated ? 'P' : 'p'}{${property}}`;
  }

  /** A bracketed class: Go's leading `]` is a literal, `[:name:]` is a POSIX class. */
  private charClass(): void {
    const start = this.pos;
    this.pos += 1;
    let body = '';
    if (this.pattern[this.pos] === '^') {
      body += '^';
      this.pos += 1;
    }
    let first = true;
    for (;;) {
      const c = this.pattern[this.pos];
      if (c === undefined) this.fail(`missing closing ]: \`${this.pattern.slice(start)}\``);
      if (c === ']' && !first) break;
      body += this.classItem();
      first = false;
    }
    this.pos += 1;
    this.emit(`[${body}]`, true);
  }

  private classItem(): string {
    const rest = this.pattern.slice(this.pos);
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest);
    if (posix) {
      const contents = POSIX_CLASSES[posix[2]!];
      if (!contents) return this.fail(`invalid character class range: \`${posix[0]}\``);
      if (posix[1]) return this.fail(`negated POSIX classes are not supported: \`${posix[0]}\``);
      this.pos += posix[0].length;
      return contents;
    }
    const c = rest[0]!;
    if (c === '\\') {
      if (rest[1] === undefined) return this.fail('trailing backslash at end of expression');
      return this.classOrCharEscape('inside');
    }
    if (c === '[' || c === ']') {
      this.pos += 1;
      return `\\${c}`;
    }
    const ch = String.fromCodePoint(rest.codePointAt(0)!);
    this.pos += ch.length;
    return ch;
  }
}

/** A character written so the `u` flag accepts it anywhere (inside or outside a class). */
function literal(ch: string): string {
  if (SYNTAX_CHARS.has(ch)) return `\\${ch}`;
  const code = ch.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? codePoint(code) : ch;
}

function codePoint(value: number): string {
  return `\\u{${value.toString(16)}}`;
}
