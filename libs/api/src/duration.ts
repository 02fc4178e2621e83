import { InvalidDurationError } from './errors.js';

/**
 * Go `time.Duration` syntax, as Flux's `interval`, `timeout` and `retryInterval` fields use it.
 *
 * Parsing accepts everything Go's `time.ParseDuration` accepts (`1h2m3.5s`, `300ms`, `1.5h`, `-2us`, `0`);
 * {@link FLUX_DURATION_PATTERN} is the narrower form Flux's CRDs admit. Values are milliseconds (fractional below
 * one millisecond); formatting reproduces `time.Duration.String()` exactly.
 */

/** The pattern Flux's CRDs put on intervals: digits with an optional fraction, units ms, s, m or h. */
export const FLUX_DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

/** The pattern Flux's CRDs put on some timeouts (GitRepository, OCIRepository, HelmRepository, Provider): no hours. */
export const FLUX_TIMEOUT_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$';

const NS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = (1n << 63n) - 1n;
const UNIT = /^(ns|us|µs|μs|ms|s|m|h)/u;
const NUMBER = /^(\d*)(?:\.(\d*))?/;

/** The outcome of {@link parseDuration}: milliseconds, or why the text is not a Go duration. */
export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly reason: string };

/** Parses Go duration text into milliseconds without throwing; use when the text comes from a user. */
export function parseDuration(text: string): DurationResult {
  const ns = parseDurationNs(text);
  return typeof ns === 'string' ? { ok: false, reason: ns } : { ok: true, ms: nsToMs(ns) };
}

/** Parses Go duration text into milliseconds; throws {@link InvalidDurationError} (`SLUICE_INVALID_DURATION`). */
export function durationToMs(text: string): number {
  const result = parseDuration(text);
  if (!result.ok) throw new InvalidDurationError(text, result.reason);
  return result.ms;
}

/** Parses Go duration text into integer nanoseconds, or returns the reason it is invalid. */
export function parseDurationNs(text: string): bigint | string {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return 'empty duration';
  let total = 0n;
  while (rest !== '') {
    const number = NUMBER.exec(rest)!;
    const whole = number[1] ?? '';
    const fraction = number[2] ?? '';
    if (whole === '' && fraction === '') return `expected a number at ${JSON.stringify(rest)}`;
    rest = rest.slice(number[0].length);
    const unit = UNIT.exec(rest);
    if (unit === null) return `missing unit (ns, us, ms, s, m or h) after ${JSON.stringify(number[0])}`;
    rest = rest.slice(unit[0].length);
    const perUnit = NS_PER_UNIT[unit[0]]!;
    total += BigInt(whole === '' ? '0' : whole) * perUnit;
    if (fraction !== '') total += (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length);
    if (total > MAX_NS) return 'duration out of range (more than about 292 years)';
  }
  return negative ? -total : total;
}

/** Formats milliseconds as Go's `time.Duration.String()` does: `1h0m0s`, `1m30s`, `1.5s`, `300ms`, `0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new InvalidDurationError(String(ms), 'not a finite number of milliseconds');
  const whole = Math.trunc(ms);
  const ns = BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1_000_000));
  return formatDurationNs(ns);
}

/** Formats integer nanoseconds as Go's `time.Duration.String()` does. */
export function formatDurationNs(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${withFraction(u, 3)}µs`;
  if (u < 1_000_000_000n) return `${sign}${withFraction(u, 6)}ms`;
  const seconds = withFraction(u % 60_000_000_000n, 9);
  const totalMinutes = u / 60_000_000_000n;
  if (totalMinutes === 0n) return `${sign}${seconds}s`;
  const hours = totalMinutes / 60n;
  const minutes = totalMinutes % 60n;
  return hours === 0n ? `${sign}${minutes}m${seconds}s` : `${sign}${hours}h${minutes}m${seconds}s`;
}

/** `value / 10^digits` in decimal, trailing zeros (and a bare point) dropped, as Go's fmtFrac does. */
function withFraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const intPart = value / scale;
  const frac = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? intPart.toString() : `${intPart}.${frac}`;
}

function nsToMs(ns: bigint): number {
  const wholeMs = ns / 1_000_000n;
  return Number(wholeMs) + Number(ns - wholeMs * 1_000_000n) / 1_000_000;
}

/** True when `text` is a duration Flux's CRDs accept (`FLUX_DURATION_PATTERN`) and fits Go's range. */
export function isFluxDuration(text: string): boolean {
  return new RegExp(FLUX_DURATION_PATTERN).test(text) && typeof parseDurationNs(text) !== 'string';
}
