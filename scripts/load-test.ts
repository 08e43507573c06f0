/**
 * A bounded load test of the local SPARQL endpoint: N concurrent clients send the competency questions
 * (round robin) until a fixed number of requests is done or a time budget is spent, then the script reports
 * queries per second and p50/p90/p99 latency, and fails (exit 1) if any request failed.
 *
 *   npx tsx scripts/load-test.ts [--clients 4] [--requests 400] [--max-seconds 60] [--workers 2] [--url http://127.0.0.1:PORT/sparql]
 *
 * Without --url it starts its own endpoint on 127.0.0.1 (ephemeral port) and stops it at the end. Only
 * loopback addresses are accepted as targets.
 * @module
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { competencyQuestions } from '../src/data/competency.js';
import { datasetNQuads } from '../src/data/dataset.js';
import { startServer } from '../src/serve/server.js';

/** Options of {@link runLoadTest}. */
export interface LoadTestOptions {
  /** Concurrent clients (default 4). */
  clients?: number;
  /** Total requests (default 400). */
  requests?: number;
  /** Time budget in seconds; the test stops early when it is spent (default 60). */
  maxSeconds?: number;
  /** An endpoint to test (loopback only); default: start one. */
  url?: string;
  /** Workers of the endpoint started by the test (default 2). */
  workers?: number;
  /** The queries (default: the competency questions). */
  queries?: readonly { name: string; query: string }[];
}

/** What a load test measured. */
export interface LoadTestReport {
  /** Requests sent and answered. */
  requests: number;
  /** Requests that did not end with HTTP 200 and a parseable result (should be 0). */
  failures: number;
  /** The first few failure descriptions. */
  failureSamples: string[];
  /** Concurrent clients. */
  clients: number;
  /** Wall-clock duration in seconds. */
  seconds: number;
  /** Throughput. */
  queriesPerSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Whether the time budget ended the run before all requests were sent. */
  stoppedByTimeBudget: boolean;
  /** Per query: count and median latency. */
  perQuery: { name: string; count: number; p50: number }[];
}

/** True for loopback targets (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The q-th percentile (0..100) of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((q / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Runs the load test and returns its report (never throws for failed requests: they are counted). */
export async function runLoadTest(options: LoadTestOptions = {}): Promise<LoadTestReport> {
  const clients = Math.max(1, options.clients ?? 4);
  const total = Math.max(1, options.requests ?? 400);
  const budgetMs = Math.max(1, options.maxSeconds ?? 60) * 1000;
  const queries = options.queries ?? competencyQuestions().map((q) => ({ name: q.name, query: q.query }));
  if (!queries.length) throw new Error('no queries to run (queries/*.rq is empty)');
  if (options.url && !isLoopbackUrl(options.url)) throw new Error(`refusing to load-test ${options.url}: only loopback addresses (127.0.0.0/8, ::1, localhost)`);
  const server = options.url ? undefined : await startServer({ nquads: datasetNQuads().text, port: 0, host: '127.0.0.1', workers: options.workers ?? 2 });
  const endpoint = options.url ?? server!.endpoint;
  const latencies: number[] = [];
  const perQuery = new Map<string, number[]>();
  const failures: string[] = [];
  let next = 0;
  let done = 0;
  const started = performance.now();
  let stoppedByTimeBudget = false;
  const client = async () => {
    for (;;) {
      if (performance.now() - started > budgetMs) {
        stoppedByTimeBudget = next < total;
        return;
      }
      const i = next++;
      if (i >= total) return;
      const q = queries[i % queries.length]!;
      const t0 = performance.now();
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
          body: new URLSearchParams({ query: q.query }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        const ms = performance.now() - t0;
        if (res.status !== 200) failures.push(`${q.name}: HTTP ${res.status} ${text.slice(0, 120)}`);
        else {
          try {
            JSON.parse(text);
          } catch {
            failures.push(`${q.name}: unparseable result`);
          }
        }
        latencies.push(ms);
        const l = perQuery.get(q.name) ?? [];
        l.push(ms);
        perQuery.set(q.name, l);
      } catch (error) {
        failures.push(`${q.name}: ${(error as Error).message}`);
      } finally {
        done++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: clients }, client));
  } finally {
    await server?.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: done,
    failures: failures.length,
    failureSamples: failures.slice(0, 5),
    clients,
    seconds: round(seconds),
    queriesPerSecond: round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    stoppedByTimeBudget,
    perQuery: [...perQuery].map(([name, l]) => ({ name, count: l.length, p50: round(percentile([...l].sort((a, b) => a - b), 50)) })),
  };
}

/** Formats a report for the terminal. */
export function formatReport(r: LoadTestReport): string {
  const lines = [
    `load test: ${r.requests} requests, ${r.clients} concurrent clients, ${r.seconds} s${r.stoppedByTimeBudget ? ' (stopped by the time budget)' : ''}`,
    `throughput: ${r.queriesPerSecond} queries/s`,
    `latency: p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms`,
    `failures: ${r.failures}`,
    ...r.failureSamples.map((f) => `  ${f}`),
    'per query (count, p50 ms):',
    ...r.perQuery.map((q) => `  ${q.name}: ${q.count}, ${q.p50}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '4' },
      requests: { type: 'string', default: '400' },
      'max-seconds': { type: 'string', default: '60' },
      workers: { type: 'string', default: '2' },
      url: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: tsx scripts/load-test.ts [--clients N] [--requests N] [--max-seconds S] [--workers N] [--url LOOPBACK_ENDPOINT] [--json]\n');
    return 0;
  }
  const options: LoadTestOptions = {
    clients: Number(values.clients),
    requests: Number(values.requests),
    maxSeconds: Number(values['max-seconds']),
    workers: Number(values.workers),
  };
  if (values.url) options.url = values.url;
  const report = await runLoadTest(options);
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`load-test: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
