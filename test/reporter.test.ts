/**
 * The suite's reporter (test/support/counting-reporter.cjs) on a fixture suite with every outcome: the
 * detailed counts line (total, passed, failed, skipped, not run) and the last line CI reads.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('counting reporter', function () {
  this.timeout(60_000);
  it('counts passed, failed (hooks too), skipped and not run, and ends with the plain "N passed, N failed, N skipped" line', async () => {
    const out = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--no-config', '--reporter', join(ROOT, 'test/support/counting-reporter.cjs'), join(ROOT, 'test/fixtures/reporter/sample.spec.cjs')],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
        (_error, stdout) => resolve(stdout),
      );
    });
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.at(-2), '6 tests: 1 passed, 2 failed (1 in hooks), 2 skipped, 2 not run');
    assert.equal(lines.at(-1), '1 passed, 2 failed, 2 skipped');
    assert.match(lines.at(-1)!, /^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  });
});
