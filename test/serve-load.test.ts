/**
 * The load-test script (scripts/load-test.ts), small and bounded: every request succeeds, the report is
 * consistent, and only loopback targets are accepted. No timing is asserted.
 */
import assert from 'node:assert/strict';
import { formatReport, isLoopbackUrl, percentile, runLoadTest } from '../scripts/load-test.js';
import { competencyQuestions } from '../src/data/competency.js';

describe('serve: load test script', function () {
  this.timeout(180_000);

  it('runs the competency questions with concurrent clients and reports no failure', async () => {
    const n = competencyQuestions().length;
    const report = await runLoadTest({ clients: 4, requests: 2 * n, maxSeconds: 120, workers: 2 });
    assert.equal(report.failures, 0, report.failureSamples.join('\n'));
    assert.equal(report.stoppedByTimeBudget, false);
    assert.equal(report.requests, 2 * n);
    assert.equal(report.clients, 4);
    assert.equal(report.perQuery.length, n);
    assert.ok(report.perQuery.every((q) => q.count === 2));
    assert.ok(report.queriesPerSecond > 0);
    assert.ok(report.p50 <= report.p90 && report.p90 <= report.p99 && report.p99 <= report.max);
    const text = formatReport(report);
    assert.match(text, /queries\/s/);
    assert.match(text, /p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms/);
    assert.match(text, /failures: 0/);
  });

  it('accepts only loopback targets', async () => {
    for (const u of ['http://127.0.0.1:7878/sparql', 'http://localhost:1/sparql', 'http://127.1.2.3/sparql', 'http://[::1]:7878/sparql']) assert.ok(isLoopbackUrl(u), u);
    for (const u of ['http://10.0.0.1/sparql', 'http://192.168.1.2/sparql', 'https://example.org/sparql', 'not a url', 'http://127.0.0.1.example.org/']) assert.ok(!isLoopbackUrl(u), u);
    await assert.rejects(runLoadTest({ url: 'http://192.168.1.2:7878/sparql', requests: 1 }), /only loopback/);
  });

  it('computes nearest-rank percentiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(v, 50), 50);
    assert.equal(percentile(v, 99), 99);
    assert.equal(percentile(v, 100), 100);
    assert.equal(percentile([], 50), 0);
    assert.equal(percentile([7], 99), 7);
  });
});
