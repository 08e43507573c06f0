/**
 * Query-pool benchmark (run after `npm run build`: `npm run bench:pool -- [--rounds 5] [--size 2] [--nq FILE]`).
 *
 * The package's worker pool (src/query/pool.ts, from `dist/`) next to `piscina` running the same work
 * (bench/pool-piscina-worker.mjs: one Oxigraph store per worker loaded from the same N-Quads, one query per
 * task, serialised and size-checked as src/query/pool-worker.ts does), both with `--size` workers, the same
 * V8 heap limit and no idle shutdown. Scenarios:
 *   1. start-up: pool created → two `ASK {}` answered (every worker has loaded the dataset)
 *   2. sequential round trips: `ASK {}` one at a time (dispatch + messaging overhead)
 *   3. sequential small SELECT: 100 rows as SPARQL JSON (`LIMIT 100`, no ORDER BY)
 *   4. burst: 400 `ASK {}` submitted at once
 *   5. stop and replace: one runaway query per worker, each stopped after 100 ms (ours: `timeoutMs`;
 *      piscina: an `AbortSignal.timeout`, which terminates the running worker), then the next query, which
 *      only a replacement worker (dataset loaded again) can answer: time from the runaways to that answer.
 * Then three features are probed on piscina (bench/pool-piscina-probe.mjs): a worker that replies and then
 * exits (a trapped engine retiring), one that exits before replying, and WebAssembly memory under a V8 heap
 * limit. Before timing, both pools must return the same bytes for an ordered SELECT. Pools live in one process; the
 * candidates alternate within each round (the order flips every round); the figure is the median over rounds
 * (wall clock). Ratios are piscina ÷ ours: above 1 means piscina is slower. Absolute times move with load.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { QueryPool as QueryPoolType } from '../src/query/pool.js';
import { median, ratio, table } from './report.js';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : dflt;
};
const ROUNDS = Number(opt('rounds', '5'));
const SIZE = Number(opt('size', '2'));
const NQ = opt('nq', join(root, 'dist', 'data', 'kaspersky-kg.nq'));
const HEAP_MB = 256;
const POOL_JS = join(root, 'dist', 'src', 'query', 'pool.js');
if (!existsSync(POOL_JS) || !existsSync(NQ)) {
  process.stderr.write(`needs ${POOL_JS} and ${NQ}: run npm run build first\n`);
  process.exit(1);
}
const { QueryPool } = (await import(pathToFileURL(POOL_JS).href)) as { QueryPool: typeof QueryPoolType };
const nquads = readFileSync(NQ, 'utf8');

const fmt = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(1)} ms` : `${(ms * 1000).toFixed(0)} µs`);
const out = (s = '') => process.stdout.write(`${s}\n`);

const JSON_RESULTS = 'application/sparql-results+json';
const ASK = 'ASK {}';
const SELECT = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 100';
const SELECT_SORTED = 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 100';
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const MAX_RESULT = 16 * 1024 * 1024;

/** One candidate: run a query (throws on failure), run one that must be stopped after `ms`, close. */
interface Candidate {
  run(query: string): Promise<string>;
  runStopped(query: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

function ours(): Candidate {
  const pool = new QueryPool({ nquads, size: SIZE, maxQueue: 100_000, workerHeapMb: HEAP_MB, maxResultBytes: MAX_RESULT, timeoutMs: 600_000 });
  return {
    async run(query) {
      const o = await pool.run({ query, format: JSON_RESULTS, altFormat: 'text/turtle' });
      if (!o.ok) throw new Error(`ours: ${o.kind}: ${o.message}`);
      return o.body;
    },
    async runStopped(query, ms) {
      const o = await pool.run({ query, format: JSON_RESULTS, altFormat: 'text/turtle', timeoutMs: ms });
      if (o.ok || o.kind !== 'timeout') throw new Error(`ours: expected a timeout, got ${o.ok ? 'a result' : o.kind}`);
    },
    close: () => pool.close(),
  };
}

function piscina(): Candidate {
  const pool = new Piscina({
    filename: pathToFileURL(join(root, 'bench', 'pool-piscina-worker.mjs')).href,
    minThreads: SIZE,
    maxThreads: SIZE,
    idleTimeout: Infinity,
    workerData: { nquads },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, stackSizeMb: 4 },
  });
  return {
    run: (query) => pool.run({ query, format: JSON_RESULTS, maxResultBytes: MAX_RESULT }) as Promise<string>,
    async runStopped(query, ms) {
      try {
        await pool.run({ query, format: JSON_RESULTS, maxResultBytes: MAX_RESULT }, { signal: AbortSignal.timeout(ms) });
      } catch (e) {
        if ((e as Error).name === 'AbortError' || /abort/i.test((e as Error).message)) return;
        throw e;
      }
      throw new Error('piscina: expected the runaway query to be aborted');
    },
    close: () => pool.destroy(),
  };
}

const FACTORIES: Record<string, () => Candidate> = { ours, piscina };
const NAMES = ['ours', 'piscina'] as const;

const SCENARIOS: { name: string; per: string; run: (c: Candidate) => Promise<number> }[] = [
  {
    name: 'sequential ASK {} (round trip)',
    per: 'per query',
    async run(c) {
      const n = 400;
      const t = performance.now();
      for (let i = 0; i < n; i++) await c.run(ASK);
      return (performance.now() - t) / n;
    },
  },
  {
    name: 'sequential SELECT, 100 rows JSON',
    per: 'per query',
    async run(c) {
      const n = 100;
      const t = performance.now();
      for (let i = 0; i < n; i++) await c.run(SELECT);
      return (performance.now() - t) / n;
    },
  },
  {
    name: 'burst: 400 ASK {} at once',
    per: 'per query',
    async run(c) {
      const n = 400;
      const t = performance.now();
      await Promise.all(Array.from({ length: n }, () => c.run(ASK)));
      return (performance.now() - t) / n;
    },
  },
  {
    name: `stop ${SIZE} runaways at 100 ms, next answer (fresh worker)`,
    per: 'total',
    async run(c) {
      const t = performance.now();
      // Every worker is busy with a runaway; the next query can only be answered by a replacement.
      const next = Promise.all(Array.from({ length: SIZE }, () => c.runStopped(RUNAWAY, 100))).then(() => c.run(ASK));
      await next;
      return performance.now() - t;
    },
  },
];

out(`# Query pool: src/query/pool.ts vs piscina ${(JSON.parse(readFileSync(join(root, 'node_modules', 'piscina', 'package.json'), 'utf8')) as { version: string }).version}`);
out(`node ${process.version}; ${SIZE} workers each; dataset ${NQ.replace(root + '/', '')} (${nquads.split('\n').filter(Boolean).length} quads); ${ROUNDS} rounds\n`);

// Start-up, and the same answer from both.
const startup: Record<string, number[]> = { ours: [], piscina: [] };
let answers: Record<string, string> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const name of r % 2 ? [...NAMES].reverse() : NAMES) {
    const t = performance.now();
    const c = FACTORIES[name]!();
    await Promise.all(Array.from({ length: SIZE }, () => c.run(ASK)));
    startup[name]!.push(performance.now() - t);
    if (r === 0) answers[name] = await c.run(SELECT_SORTED);
    await c.close();
  }
}
if (answers.ours !== answers.piscina) {
  process.stderr.write('the two pools gave different SELECT results\n');
  process.exit(1);
}
out('Same SELECT result from both: yes\n');

const pools: Record<string, Candidate> = { ours: ours(), piscina: piscina() };
for (const name of NAMES) for (let i = 0; i < 50; i++) await pools[name]!.run(SELECT); // warm-up
for (const name of NAMES) await Promise.all(Array.from({ length: SIZE }, () => pools[name]!.run(ASK)));
const times = new Map<string, Record<string, number[]>>(SCENARIOS.map((s) => [s.name, { ours: [], piscina: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const s of SCENARIOS) {
    for (const name of r % 2 ? [...NAMES].reverse() : NAMES) times.get(s.name)![name]!.push(await s.run(pools[name]!));
  }
}
for (const name of NAMES) await pools[name]!.close();

// Features: probed on piscina (ours are tested with real crashes and limits in test/hostile-http.test.ts and test/hostile-query.test.ts).
const probe = new Piscina({
  filename: pathToFileURL(join(root, 'bench', 'pool-piscina-probe.mjs')).href,
  minThreads: 1,
  maxThreads: 1,
  idleTimeout: Infinity,
  resourceLimits: { maxOldGenerationSizeMb: 32 },
});
const TRIES = 10;
const behind: Record<string, { lost: number; onTrapped: number; first: string }> = {};
for (const first of ['trap-then-exit', 'trap-exit-now']) {
  const b = (behind[first] = { lost: 0, onTrapped: 0, first: '' });
  for (let i = 0; i < TRIES; i++) {
    const [a, n] = await Promise.allSettled([probe.run(first), probe.run('next')]);
    b.first = a.status === 'fulfilled' ? String(a.value) : `rejected: ${(a.reason as Error).message}`;
    if (n.status === 'rejected') b.lost++;
    else if (/trapped worker/.test(String(n.value))) b.onTrapped++;
  }
}
const wasm = await probe.run('wasm-256mb').then(String, (e: Error) => `refused: ${e.message}`);
await probe.destroy();
out('Piscina features probed (1 worker, 32 MiB V8 heap limit):');
out(`- reply, then exit (a trapped engine retiring its worker): the query right behind ran on the trapped worker ${behind['trap-then-exit']!.onTrapped}/${TRIES} times`);
out(`- exit before replying: the trapped query's outcome is "${behind['trap-exit-now']!.first}" (its kind and message are lost); the query behind failed ${behind['trap-exit-now']!.lost}/${TRIES} times`);
out(`- WebAssembly memory under a 32 MiB heap limit: ${wasm} (the heap limit does not bound the engine's memory)\n`);

const rows: string[][] = [['start-up (pool → every worker loaded)', 'total', fmt(median(startup.ours!)), fmt(median(startup.piscina!)), ratio(median(startup.piscina!), median(startup.ours!))]];
for (const s of SCENARIOS) {
  const t = times.get(s.name)!;
  rows.push([s.name, s.per, fmt(median(t.ours!)), fmt(median(t.piscina!)), ratio(median(t.piscina!), median(t.ours!))]);
}
out(table(['scenario', '', 'ours', 'piscina', 'piscina ÷ ours'], rows));
