/**
 * The reading thread's side of the linker's scoring thread ({@link ./score-worker.ts}): posts batches of
 * the dump lines the prefilter did not skip (copied, with their line numbers) and hands back each batch's
 * malformed lines and, at the end, the worker's result sets and counters. The worker scores with the
 * same code and numbers as the reading thread, so results and reports are the same as with one thread.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { LineScorer, MalformedLine, ResultSetState, ScorerCounts, ScorerOptions } from './line-scorer.js';
import type { LinkableEntity } from './linkable.js';

/** What the worker is started with. */
export interface HelperInit {
  ours: readonly LinkableEntity[];
  extraIds: [string, string[]][];
  options: ScorerOptions;
}

/**
 * A message to the worker: a batch of lines, or the end. `lines` holds four numbers per line: its number
 * in the dump, its start and end in `bytes`, and 1 when it is known to be valid UTF-8.
 */
export type HelperRequest = ({ type: 'batch'; id: number } & BatchData) | { type: 'end' };

/** A message from the worker: a batch's malformed lines, or the final state. */
export type HelperReply =
  | { type: 'batch'; id: number; malformed: MalformedLine[]; matches: number }
  | { type: 'done'; sets: ResultSetState[]; counts: ScorerCounts };

/** The worker's final state. */
export type HelperResult = Extract<HelperReply, { type: 'done' }>;

/**
 * Starts the worker's module, beside this one: the compiled `.js`, or, when run from the TypeScript
 * sources (tests, through tsx), the `.ts` file behind tsx's loader.
 */
function startWorker(workerData: HelperInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./score-worker.js', import.meta.url), { workerData });
  const href = new URL('./score-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** A batch of lines: their bytes, and four numbers per line (see {@link HelperRequest}). */
export interface BatchData {
  bytes: Uint8Array;
  lines: Uint32Array;
}

/** Reads and scores the lines of a batch (in the scoring thread, or in the reading thread when it helps); returns the malformed ones. */
export function scoreBatch(scorer: LineScorer, data: BatchData): MalformedLine[] {
  const malformed: MalformedLine[] = [];
  const { lines } = data;
  const bytes = Buffer.from(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength); // one view for every line
  for (let w = 0; w < lines.length; w += 4) {
    const error = scorer.line(bytes, lines[w + 1]!, lines[w + 2]!, lines[w]!, lines[w + 3] === 1);
    if (error !== undefined) malformed.push({ line: lines[w]!, message: error });
  }
  return malformed;
}

/** Lines gathered for one batch: their bytes copied (the reading thread's buffers are reused) and their places. */
export class LineBatch {
  private bytes = new Uint8Array(64 << 10);
  private used = 0;
  private lines = new Uint32Array(256);
  /** Lines in the batch. */
  count = 0;

  /** Adds line `lineNo`, `buf[start, end)`. */
  add(buf: Uint8Array, start: number, end: number, lineNo: number, utf8: boolean): void {
    const len = end - start;
    if (this.used + len > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(start, end), this.used);
    if ((this.count + 1) * 4 > this.lines.length) {
      const grown = new Uint32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    const w = this.count * 4;
    this.lines[w] = lineNo;
    this.lines[w + 1] = this.used;
    this.lines[w + 2] = this.used + len;
    this.lines[w + 3] = utf8 ? 1 : 0;
    this.used += len;
    this.count++;
  }

  /** The batch's bytes and places, trimmed (to be transferred); the batch is empty again. */
  take(): BatchData {
    const out = { bytes: this.bytes.slice(0, this.used), lines: this.lines.slice(0, this.count * 4) };
    this.used = 0;
    this.count = 0;
    return out;
  }
}

/** Posts batches to the scoring thread and collects its answers. */
export class ScoreHelper {
  private readonly worker: Worker;
  private failure: Error | undefined;
  private done: ((r: HelperResult) => void) | undefined;
  private fail: ((e: Error) => void) | undefined;
  /** Batches posted and not yet answered. */
  outstanding = 0;
  /** Matches the worker has found so far (as of its last answer). */
  matches = 0;
  /** Rejects when the worker fails (an error, or an exit before the end). */
  readonly failedWith: Promise<never>;
  private rejectFailed!: (e: Error) => void;

  /** `onBatch`: a batch's malformed lines, once the worker has scored it. */
  constructor(init: HelperInit, private readonly onBatch: (id: number, malformed: MalformedLine[]) => void) {
    this.failedWith = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failedWith.catch(() => undefined); // observed by whoever waits on it
    this.worker = startWorker(init);
    this.worker.on('message', (m: HelperReply) => {
      if (m.type === 'batch') {
        this.outstanding--;
        this.matches = m.matches;
        this.onBatch(m.id, m.malformed);
      } else this.done?.(m);
    });
    this.worker.on('error', (e) => this.failed(e));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.failed(new Error(`the scoring thread stopped (exit code ${code})`));
    });
  }

  private failed(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.rejectFailed(e);
    this.fail?.(e);
  }

  /** Posts batch `id` (its buffers are transferred). */
  post(id: number, data: BatchData): void {
    const { bytes, lines } = data;
    this.outstanding++;
    const request: HelperRequest = { type: 'batch', id, bytes, lines };
    this.worker.postMessage(request, [bytes.buffer as ArrayBuffer, lines.buffer as ArrayBuffer]);
  }

  /** Waits for every batch's answer and the worker's final state, then ends the worker. */
  finish(): Promise<HelperResult> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.done = (r) => {
        this.done = undefined;
        void this.worker.terminate();
        resolve(r);
      };
      this.fail = reject;
      const end: HelperRequest = { type: 'end' };
      this.worker.postMessage(end);
    });
  }

  /** Ends the worker at once (when the run ends early by an error). */
  stop(): void {
    void this.worker.terminate();
  }
}
