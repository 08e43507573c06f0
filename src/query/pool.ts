/**
 * A small pool of query workers (worker_threads), each with its own Oxigraph store: at most `size` queries
 * run at once, at most `maxQueue` wait; a query that runs longer than the timeout, or makes the process
 * grow by more than the memory limit, is stopped by terminating its worker, which is then replaced. A worker
 * that crashed or is exiting never receives another query. The pool never throws for a query: every outcome
 * is a value. Used by `serve`, and by the CLI and the library for caller-written SPARQL.
 *
 * Why hand-written rather than `piscina` (measured with `bench/pool.ts`, piscina 5.3.2, Node 20, the same
 * worker work on both sides). piscina provides a part: stopping a running task by terminating its worker
 * (an `AbortSignal`, so a timeout is `AbortSignal.timeout`), a V8 heap limit per worker, a bounded queue,
 * aborting a queued task. It lacks what untrusted queries need here (docs/untrusted-input.md):
 * - **retire-on-crash**: after a WASM trap the worker must answer with the trap's kind and message and never
 *   get another query. Probed: a piscina task that replies and then exits had the query right behind it run
 *   on the trapped worker 10 times out of 10; a task that exits before replying loses its outcome (the
 *   caller only sees "worker exited with code: 1").
 * - **the memory limit**: Oxigraph's store is WebAssembly memory, which a V8 heap limit does not bound
 *   (probed: 256 MiB grown under a 32 MiB heap limit); this pool samples the process's resident memory and
 *   stops the longest-running query, which needs to know which queries run, and since when (piscina does
 *   not say when a task starts).
 * - a bound on waiting (`maxWaitMs`), retrying a worker that fails to load the dataset (piscina stops
 *   replacing workers once one failed during start-up), and the stop/crash counters of {@link PoolStats}.
 * Nor is it faster (ratios piscina ÷ this pool over four runs on a loaded 2-core machine, 2 workers,
 * the package's dataset): a sequential round trip 0.5×–1.5× (noise: no consistent difference), a small
 * SELECT 0.9×–1.7×, a burst of 400 queries 1.3×–2.1×, stopping two runaway queries and answering the next
 * from a fresh worker 1.35×–1.44×, start-up 0.9×–1.3×.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FailureKind, WorkerReply, WorkerRequest, WorkerSetup } from './pool-protocol.js';

/** Options of {@link QueryPool}. */
export interface PoolOptions {
  /** The dataset as N-Quads, loaded by every worker. */
  nquads: string;
  /** Number of workers = queries running at once (default 2). */
  size?: number;
  /** Per-query time limit in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Queries allowed to wait for a worker (default 32); more are refused as `busy`. */
  maxQueue?: number;
  /** Largest serialised result, in bytes (default 16 MiB). */
  maxResultBytes?: number;
  /** Longest wait for a free worker, in ms; a query that waited longer is refused as `busy` (default 30 000). */
  maxWaitMs?: number;
  /**
   * Memory limit in MiB: while queries run, the process's resident memory is sampled every 50 ms, and when
   * it is more than this above what it was with no query running, the longest-running query is stopped
   * (default 512).
   */
  memoryLimitMb?: number;
  /** V8 heap limit of each worker in MiB (default 256); a worker that reaches it is stopped and replaced. */
  workerHeapMb?: number;
}

/** A query to run. */
export interface QueryJob {
  /** SPARQL text. */
  query: string;
  /** Oxigraph results format (media type) for the expected form. */
  format: string;
  /** Format for the other kind of form, used if the engine reads the form differently. */
  altFormat: string;
  /** `default-graph-uri` values. */
  defaultGraphs?: readonly string[];
  /** `named-graph-uri` values. */
  namedGraphs?: readonly string[];
  /** This query's time limit in ms (default: the pool's). */
  timeoutMs?: number;
  /** This query's largest serialised result in bytes (default: the pool's). */
  maxResultBytes?: number;
  /** This query's memory limit in MiB (default: the pool's; see {@link PoolOptions.memoryLimitMb}). */
  memoryLimitMb?: number;
}

/** The outcome of a job. */
export type QueryOutcome = { ok: true; body: string; format: string } | { ok: false; kind: FailureKind; message: string };

/** Pool counters (for logs and tests). */
export interface PoolStats {
  /** Workers configured. */
  size: number;
  /** Queries running now. */
  running: number;
  /** Queries waiting. */
  queued: number;
  /** Workers replaced so far (after timeouts, aborts or crashes). */
  restarts: number;
  /** Queries stopped by the timeout so far. */
  timeouts: number;
  /** Queries stopped by the memory limit so far. */
  memoryStops: number;
  /** Workers that crashed or trapped so far. */
  crashes: number;
}

interface Pending {
  job: QueryJob;
  resolve: (o: QueryOutcome) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  queuedAt: number;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  ready: Promise<void>;
  current?: { id: number; pending: Pending; timer: NodeJS.Timeout; startedAt: number };
}

/**
 * Starts a worker thread running `pool-worker.js` beside this module; when the package runs from its TypeScript
 * sources (tests, `tsx`), a small bootstrap first registers tsx in the worker, then imports `pool-worker.ts`.
 */
function startWorker(workerData: WorkerSetup, heapMb: number): Worker {
  // The stack is the default's size, stated so that a deep query fails the same way everywhere.
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, stackSizeMb: 4 };
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new Worker(new URL('./pool-worker.js', import.meta.url), { workerData, resourceLimits, stderr: false });
  // The ESM entry of tsx's API (its `import` export), found through tsx's own package.json.
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
  const entry = new URL('./pool-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { (api.register ?? api.default.register)(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

/** The worker pool. */
export class QueryPool {
  private readonly nquads: string;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly maxResultBytes: number;
  private readonly maxWaitMs: number;
  private readonly memoryLimitBytes: number;
  private readonly workerHeapMb: number;
  /** Resident memory with no query running (the memory limit's baseline). */
  private idleRss = process.memoryUsage.rss();
  /** Samples memory while queries run or wait; also keeps the process alive for them. */
  private sampler: NodeJS.Timeout | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private failures = 0;
  private broken: string | undefined;
  private counters = { restarts: 0, timeouts: 0, memoryStops: 0, crashes: 0 };

  /** Starts `size` workers, each loading the dataset (see {@link QueryPool.ready}). */
  constructor(options: PoolOptions) {
    this.nquads = options.nquads;
    this.size = Math.max(1, Math.floor(options.size ?? 2));
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 10_000);
    this.maxQueue = Math.max(0, options.maxQueue ?? 32);
    this.maxResultBytes = Math.max(1, options.maxResultBytes ?? 16 * 1024 * 1024);
    this.maxWaitMs = Math.max(1, options.maxWaitMs ?? 30_000);
    this.memoryLimitBytes = Math.max(16, options.memoryLimitMb ?? 512) * 1024 * 1024;
    this.workerHeapMb = Math.max(16, Math.floor(options.workerHeapMb ?? 256));
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Resolves when every worker has loaded the dataset; rejects if they cannot. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /** Current counters. */
  stats(): PoolStats {
    return {
      size: this.size,
      running: this.slots.filter((s) => s.state === 'busy').length,
      queued: this.queue.length,
      restarts: this.counters.restarts,
      timeouts: this.counters.timeouts,
      memoryStops: this.counters.memoryStops,
      crashes: this.counters.crashes,
    };
  }

  /**
   * Runs a query on the next free worker. `signal` aborts it (client gone): a waiting query leaves the
   * queue, a running one has its worker replaced.
   */
  run(job: QueryJob, signal?: AbortSignal): Promise<QueryOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, kind: 'busy', message: 'the endpoint is shutting down' });
    if (this.broken) return Promise.resolve({ ok: false, kind: 'internal', message: this.broken });
    if (signal?.aborted) return Promise.resolve({ ok: false, kind: 'aborted', message: 'request aborted' });
    if (this.queue.length >= this.maxQueue && !this.slots.some((s) => s.state === 'idle')) {
      return Promise.resolve({ ok: false, kind: 'busy', message: `too many queries at once (${this.size} at a time, ${this.queue.length} waiting): retry later` });
    }
    return new Promise<QueryOutcome>((resolve) => {
      const pending: Pending = { job, resolve, signal, onAbort: undefined, queuedAt: Date.now() };
      if (signal) {
        pending.onAbort = () => this.abort(pending);
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.dispatch();
      this.watch();
    });
  }

  /** Stops every worker; waiting and running queries resolve as `busy`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watch();
    for (const p of this.queue.splice(0)) this.finish(p, { ok: false, kind: 'busy', message: 'the endpoint is shutting down' });
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.current) {
          clearTimeout(s.current.timer);
          this.finish(s.current.pending, { ok: false, kind: 'busy', message: 'the endpoint is shutting down' });
          s.current = undefined;
        }
        s.state = 'dead';
        await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = startWorker({ nquads: this.nquads }, this.workerHeapMb);
    const slot: Slot = { worker, state: 'starting', ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerReply) => {
        if (m.type === 'ready') {
          this.failures = 0;
          slot.state = 'idle';
          if (!this.slots.some((s) => s.current)) this.idleRss = process.memoryUsage.rss();
          resolve();
          this.dispatch();
        } else if (m.type === 'failed') {
          this.onWorkerGone(slot, m.message);
          reject(new Error(m.message));
        } else this.onResult(slot, m);
      };
      worker.on('message', onMessage);
      worker.on('error', (e) => {
        const oom = (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (oom) this.onWorkerGone(slot, `the query used more than the worker's ${this.workerHeapMb} MiB heap and was stopped: narrow it or add a LIMIT`, 'memory');
        else this.onWorkerGone(slot, e.message);
        reject(e);
      });
      worker.on('exit', (code) => {
        if (slot.state !== 'dead') this.onWorkerGone(slot, `query worker exited with code ${code}`);
        reject(new Error(`query worker exited with code ${code}`));
      });
    });
    slot.ready.catch(() => {});
    // After the listeners: adding a 'message' listener refs the worker's port again. An idle worker must not
    // keep the process alive (the sampler does while queries run or wait).
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.state === 'idle');
      if (!slot) return;
      const pending = this.queue.shift()!;
      // A query that waited too long is refused rather than started late (its client has likely given up).
      if (Date.now() - pending.queuedAt > this.maxWaitMs) {
        this.finish(pending, { ok: false, kind: 'busy', message: `waited more than ${this.maxWaitMs} ms for a free worker: retry later` });
        continue;
      }
      const id = this.nextId++;
      const msg: WorkerRequest = {
        id,
        query: pending.job.query,
        format: pending.job.format,
        altFormat: pending.job.altFormat,
        defaultGraphs: [...(pending.job.defaultGraphs ?? [])],
        namedGraphs: [...(pending.job.namedGraphs ?? [])],
        maxResultBytes: pending.job.maxResultBytes ?? this.maxResultBytes,
      };
      const timeoutMs = pending.job.timeoutMs ?? this.timeoutMs;
      const timer = setTimeout(() => {
        this.counters.timeouts++;
        this.replace(slot, { ok: false, kind: 'timeout', message: `the query ran longer than ${timeoutMs} ms and was stopped` });
      }, timeoutMs);
      slot.state = 'busy';
      slot.current = { id, pending, timer, startedAt: Date.now() };
      slot.worker.postMessage(msg);
    }
  }

  private onResult(slot: Slot, m: Extract<WorkerReply, { type: 'result' }>): void {
    const cur = slot.current;
    if (!cur || cur.id !== m.id) return;
    clearTimeout(cur.timer);
    slot.current = undefined;
    if (!m.ok && m.retiring) {
      // The worker exits after this reply: it must not be handed the next query.
      this.counters.crashes++;
      slot.state = 'dead';
      void slot.worker.terminate();
      this.respawn(slot);
    } else if (slot.state === 'busy') slot.state = 'idle';
    this.finish(cur.pending, m.ok ? { ok: true, body: m.body, format: m.format } : { ok: false, kind: m.kind, message: m.message });
    this.dispatch();
    this.watch();
  }

  /** Starts the memory sampler while queries run or wait, stops it when none do. */
  private watch(): void {
    const active = !this.closed && (this.queue.length > 0 || this.slots.some((s) => s.current));
    if (active && !this.sampler) this.sampler = setInterval(() => this.sample(), 50);
    else if (!active && this.sampler) {
      clearInterval(this.sampler);
      this.sampler = undefined;
      this.idleRss = process.memoryUsage.rss();
    }
  }

  /** Stops the longest-running query when the process has grown more than the memory limit. */
  private sample(): void {
    const running = this.slots.filter((s) => s.current);
    if (running.length === 0) {
      this.idleRss = process.memoryUsage.rss(); // workers may still be loading: the baseline follows them
      return;
    }
    const grown = process.memoryUsage.rss() - this.idleRss;
    const limitOf = (s: Slot) => (s.current!.pending.job.memoryLimitMb ?? 0) * 1024 * 1024 || this.memoryLimitBytes;
    const over = running.filter((s) => grown > limitOf(s));
    if (over.length === 0) return;
    const oldest = over.reduce((a, b) => (a.current!.startedAt <= b.current!.startedAt ? a : b));
    this.counters.memoryStops++;
    const mb = Math.round(limitOf(oldest) / 1024 / 1024);
    this.replace(oldest, { ok: false, kind: 'memory', message: `the query used more than ${mb} MiB of memory and was stopped: narrow its patterns or add a LIMIT` });
  }

  private abort(pending: Pending): void {
    const i = this.queue.indexOf(pending);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.finish(pending, { ok: false, kind: 'aborted', message: 'request aborted' });
      return;
    }
    const slot = this.slots.find((s) => s.current?.pending === pending);
    if (slot) this.replace(slot, { ok: false, kind: 'aborted', message: 'request aborted' });
  }

  /** Ends the slot's running query with `outcome`, terminates its worker and starts a new one. */
  private replace(slot: Slot, outcome: QueryOutcome): void {
    const cur = slot.current;
    if (cur) {
      clearTimeout(cur.timer);
      slot.current = undefined;
      this.finish(cur.pending, outcome);
    }
    slot.state = 'dead';
    void slot.worker.terminate();
    this.respawn(slot);
    this.watch();
  }

  private onWorkerGone(slot: Slot, message: string, kind: FailureKind = 'internal'): void {
    if (slot.state === 'dead') return;
    const cur = slot.current;
    if (slot.state !== 'starting') this.counters.crashes++;
    if (cur) {
      clearTimeout(cur.timer);
      slot.current = undefined;
      this.finish(cur.pending, { ok: false, kind, message: kind === 'internal' ? `the query worker failed: ${message}` : message });
    }
    const wasStarting = slot.state === 'starting';
    slot.state = 'dead';
    void slot.worker.terminate();
    if (wasStarting && ++this.failures >= 3) {
      this.broken = `query workers cannot start: ${message}`;
      for (const p of this.queue.splice(0)) this.finish(p, { ok: false, kind: 'internal', message: this.broken });
      this.watch();
      return;
    }
    this.respawn(slot);
    this.watch();
  }

  private respawn(slot: Slot): void {
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.counters.restarts++;
    this.slots[i] = this.spawn();
  }

  private finish(p: Pending, o: QueryOutcome): void {
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    p.resolve(o);
  }
}
