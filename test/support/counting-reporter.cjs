'use strict';
// Mocha's spec reporter plus the counts. Before the last line, one line with every count:
//   "T tests: P passed, F failed, S skipped, R not run"
// ("not run": tests that never ran because a hook before them failed, or the run stopped). A failed hook
// counts as a failure of its own ("F failed (H in hooks)"), so a run whose hooks failed never reads
// "0 failed". The last line is the one CI reads, alone on its line: "P passed, F failed[, S skipped]".
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;
const { EVENT_RUN_BEGIN, EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/** Counts of a run, from the runner's events. */
function counter(runner) {
  const c = { total: 0, passed: 0, failedTests: 0, failedHooks: 0, skipped: 0, seen: new Set() };
  runner.once(EVENT_RUN_BEGIN, () => {
    c.total = runner.total;
  });
  runner.on(EVENT_TEST_PASS, (test) => {
    c.seen.add(test);
    c.passed++;
  });
  runner.on(EVENT_TEST_PENDING, (test) => {
    if (c.seen.has(test)) return;
    c.seen.add(test);
    c.skipped++;
  });
  runner.on(EVENT_TEST_FAIL, (test) => {
    if (test.type === 'hook') c.failedHooks++;
    else if (!c.seen.has(test)) {
      c.seen.add(test);
      c.failedTests++;
    }
  });
  return c;
}

/** The summary lines for counts `c` (exported for the reporter's own test). */
function summary(c) {
  const failed = c.failedTests + c.failedHooks;
  const notRun = Math.max(0, c.total - c.passed - c.failedTests - c.skipped);
  const hooks = c.failedHooks ? ` (${c.failedHooks} in hooks)` : '';
  const detail = `${c.total} tests: ${c.passed} passed, ${failed} failed${hooks}, ${c.skipped} skipped, ${notRun} not run`;
  const skipped = c.skipped ? `, ${c.skipped} skipped` : '';
  return `${detail}\n${c.passed} passed, ${failed} failed${skipped}\n`;
}

class CountingReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const c = counter(runner);
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`\n${summary(c)}`);
    });
  }
}
module.exports = CountingReporter;
module.exports.summary = summary;
