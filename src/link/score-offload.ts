/**
 * Scoring in a worker thread: the reading thread copies the lines its prefilter did not skip into
 * batches and posts them to a worker ({@link ./score-worker.ts}) that reads and scores them, so that the
 * scan of the next lines and the scoring of the candidates found run at the same time. Line order is
 * kept: malformed lines are reported in order, per batch.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { ResultSetState, ScorerCounts, ScorerOptions } from './line-scorer.js';
import type { LinkableEntity } from './linkable.js';

/** A batch of lines: `bytes[starts[k], ends[k])` is line `lines[k]`; `utf8[k]` 1 when known valid UTF-8. */
export interface LineBatch {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  lines: Float64Array;
  utf8: Uint8Array;
  count: number;
}

/** What the worker sends back: per batch, the malformed lines; at the end, the result sets. */
export type WorkerReply =
  | { type: 'batch'; malformed: { line: number; message: string }[]; matches: number }
  | { type: 'done'; sets: ResultSetState[]; counts: ScorerCounts };

const BATCH_BYTES = 1 << 19;
const BATCH_LINES = 2048;

/**
 * Starts the worker's module, beside this one: the compiled `.js`, or, when run from the TypeScript
 * sources (tests, through tsx), the `.ts` file behind tsx's loader.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./score-worker.js', import.meta.url), { workerData });
  const href = new URL('./score-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Posts batches of lines to a scoring worker and collects its results. */
export class ScoreOffload {
  private readonly worker: Worker;
  private bytes = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private used = 0;
  private starts = new Int32Array(BATCH_LINES);
  private ends = new Int32Array(BATCH_LINES);
  private lines = new Float64Array(BATCH_LINES);
  private utf8 = new Uint8Array(BATCH_LINES);
  private count = 0;
  private failure: Error | undefined;
  private done: ((r: { sets: ResultSetState[]; counts: ScorerCounts }) => void) | undefined;
  private fail: ((e: Error) => void) | undefined;
  /** Matches found so far (as of the last batch scored). */
  matches = 0;

  constructor(ours: readonly LinkableEntity[], extraIds: ReadonlyMap<string, readonly string[]>, options: ScorerOptions, private readonly onMalformed: (line: number, message: string) => void) {
    this.worker = startWorker({ ours, extraIds: [...extraIds].map(([k, v]) => [k, [...v]]), options });
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'batch') {
        this.matches = m.matches;
        for (const x of m.malformed) this.onMalformed(x.line, x.message);
      } else this.done?.({ sets: m.sets, counts: m.counts });
    });
    this.worker.on('error', (e) => {
      this.failure = e;
      this.fail?.(e);
    });
    this.worker.on('exit', (code) => {
      if (code !== 0 && !this.failure) {
        this.failure = new Error(`the scoring worker stopped (exit code ${code})`);
        this.fail?.(this.failure);
      }
    });
  }

  /** Queues line `lineNo`, `buf[start, end)`. */
  push(buf: Uint8Array, start: number, end: number, lineNo: number, utf8: boolean): void {
    const n = end - start;
    if (this.used + n > this.bytes.length || this.count === BATCH_LINES) this.flush();
    if (n > this.bytes.length) this.bytes = Buffer.allocUnsafeSlow(n);
    this.bytes.set(buf.subarray(start, end), this.used);
    const k = this.count++;
    this.starts[k] = this.used;
    this.ends[k] = this.used + n;
    this.lines[k] = lineNo;
    this.utf8[k] = utf8 ? 1 : 0;
    this.used += n;
  }

  /** Sends the queued lines. */
  flush(): void {
    if (this.count === 0) return;
    const batch: LineBatch = { bytes: this.bytes.subarray(0, this.used), starts: this.starts.slice(0, this.count), ends: this.ends.slice(0, this.count), lines: this.lines.slice(0, this.count), utf8: this.utf8.slice(0, this.count), count: this.count };
    this.worker.postMessage(batch, [this.bytes.buffer as ArrayBuffer]);
    this.bytes = Buffer.allocUnsafeSlow(BATCH_BYTES);
    this.used = 0;
    this.count = 0;
  }

  /** Sends the last lines and waits for the result sets (every batch's malformed lines reported first). */
  finish(): Promise<{ sets: ResultSetState[]; counts: ScorerCounts }> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.done = (r) => {
        void this.worker.terminate();
        resolve(r);
      };
      this.fail = reject;
      this.flush();
      this.worker.postMessage({ end: true });
    });
  }

  /** Stops the worker (when the run ends early by an error). */
  stop(): void {
    void this.worker.terminate();
  }
}
