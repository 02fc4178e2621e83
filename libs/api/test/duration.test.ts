import assert from 'node:assert/strict';
import {
  FLUX_DURATION_PATTERN,
  InvalidDurationError,
  durationToMs,
  formatDuration,
  formatDurationNs,
  isFluxDuration,
  parseDuration,
  parseDurationNs,
} from '../src/index.js';

describe('parseDuration', () => {
  const cases: [string, number][] = [
    ['0', 0],
    ['0s', 0],
    ['300ms', 300],
    ['1.5h', 5_400_000],
    ['1h2m3.5s', 3_723_500],
    ['10m0s', 600_000],
    ['120m0s', 7_200_000],
    ['720m0s', 43_200_000],
    ['2h45m', 9_900_000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['5.s', 5000],
    ['1us', 0.001],
    ['1µs', 0.001],
    ['1μs', 0.001],
    ['1500ns', 0.0015],
    ['-1m', -60_000],
    ['+2s', 2000],
  ];
  for (const [text, ms] of cases) {
    it(`reads ${text} as ${ms} ms`, () => assert.deepEqual(parseDuration(text), { ok: true, ms }));
  }

  for (const text of ['', '1', '1d', 'h', '1.h1', '.s', '1m1', 'one minute', '1 m', '-', '--1s', '1e3s']) {
    it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parseDuration(text).ok, false));
  }

  it('rejects durations beyond Go’s int64 nanoseconds', () => {
    assert.equal(parseDuration('2562047h47m16.854775807s').ok, true);
    assert.equal(parseDuration('2562047h47m16.854775808s').ok, false);
    assert.equal(parseDurationNs('2562047h47m16.854775807s'), (1n << 63n) - 1n);
  });

  it('throws a coded error from durationToMs', () => {
    assert.equal(durationToMs('5m'), 300_000);
    assert.throws(() => durationToMs('5 minutes'), (err: unknown) => err instanceof InvalidDurationError && err.code === 'SLUICE_INVALID_DURATION');
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [300, '300ms'],
    [1500, '1.5s'],
    [60_000, '1m0s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [5_400_000, '1h30m0s'],
    [3_723_500, '1h2m3.5s'],
    [0.001, '1µs'],
    [0.0015, '1.5µs'],
    [0.000001, '1ns'],
    [1.2345, '1.2345ms'],
    [-60_000, '-1m0s'],
    [86_400_000 * 400, '9600h0m0s'],
  ];
  for (const [ms, text] of cases) {
    it(`writes ${ms} ms as ${text}`, () => assert.equal(formatDuration(ms), text));
  }

  it('writes Go’s largest duration', () => assert.equal(formatDurationNs((1n << 63n) - 1n), '2562047h47m16.854775807s'));

  it('round-trips what it writes', () => {
    for (const ms of [1, 999, 1000, 59_999, 61_001, 3_599_999, 7_200_000, 123_456_789]) {
      assert.equal(durationToMs(formatDuration(ms)), ms);
    }
  });

  it('refuses non-finite input', () => assert.throws(() => formatDuration(Number.NaN), InvalidDurationError));
});

describe('isFluxDuration', () => {
  it('accepts what Flux’s CRD pattern accepts', () => {
    for (const ok of ['1h', '10m0s', '1.5h', '300ms', '1h30m']) assert.ok(isFluxDuration(ok), ok);
    assert.equal(FLUX_DURATION_PATTERN, '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$');
  });

  it('rejects Go syntax the CRD pattern does not admit', () => {
    for (const bad of ['0', '-1m', '1us', '.5s', '1500ns', '1d']) assert.equal(isFluxDuration(bad), false, bad);
  });
});
