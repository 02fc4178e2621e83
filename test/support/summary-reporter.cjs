'use strict';
// Mocha's spec reporter plus one closing line `N passed, N failed` that CI reads to count tests.
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      // Printed after Spec's own epilogue; the last line of the run is the one CI parses.
      process.nextTick(() => {
        if (pending > 0) process.stdout.write(`${pending} pending\n`);
        process.stdout.write(`${passes} passed, ${failures} failed\n`);
      });
    });
  }
}

module.exports = SummaryReporter;
