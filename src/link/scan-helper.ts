/**
 * The reading thread's side of the linker's second scanning thread ({@link ./scan-worker.ts}): copies a
 * block of whole lines, posts it with the number of its first line, and hands back each block's
 * malformed lines and, at the end, the worker's result sets and counters. Both threads number lines
 * the same way, so results and reports are the same as with one thread.
 * @module
 */
import { Worker } from 'node:worker_threads';
import type { ResultSetState, ScorerCounts, ScorerOptions } from './line-scorer.js';
import type { LinkableEntity } from './linkable.js';

/** What the worker is started with. */
export interface HelperInit {
  ours: readonly LinkableEntity[];
  extraIds: [string, string[]][];
  options: ScorerOptions;
  /** The prefilter's patterns when known (precompiled at build); else the worker derives them. */
  patterns?: readonly string[];
}

/** A message to the worker: a block of whole lines, or the end. */
export type HelperRequest = { type: 'block'; id: number; bytes: Uint8Array; firstLine: number; utf8: boolean } | { type: 'end' };

/** A message from the worker: a block's malformed lines, or the final state. */
export type HelperReply =
  | { type: 'block'; id: number; malformed: { line: number; message: string }[]; matches: number }
  | { type: 'done'; sets: ResultSetState[]; counts: ScorerCounts; skipped: number; blank: number };

/** The worker's final state. */
export type HelperResult = Extract<HelperReply, { type: 'done' }>;

/**
 * Starts the worker's module, beside this one: the compiled `.js`, or, when run from the TypeScript
 * sources (tests, through tsx), the `.ts` file behind tsx's loader.
 */
function startWorker(workerData: HelperInit): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scan-worker.js', import.meta.url), { workerData });
  const href = new URL('./scan-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Posts blocks to the second scanning thread and collects its answers. */
export class ScanHelper {
  private readonly worker: Worker;
  private failure: Error | undefined;
  private done: ((r: HelperResult) => void) | undefined;
  private fail: ((e: Error) => void) | undefined;
  /** Blocks posted and not yet answered. */
  outstanding = 0;
  /** Matches the worker has found so far (as of its last answer). */
  matches = 0;

  /** `onBlock`: a block's malformed lines, once the worker has read it. */
  constructor(init: HelperInit, private readonly onBlock: (id: number, malformed: { line: number; message: string }[]) => void) {
    this.worker = startWorker(init);
    this.worker.on('message', (m: HelperReply) => {
      if (m.type === 'block') {
        this.outstanding--;
        this.matches = m.matches;
        this.onBlock(m.id, m.malformed);
      } else this.done?.(m);
    });
    this.worker.on('error', (e) => this.failed(e));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.failed(new Error(`the second scanning thread stopped (exit code ${code})`));
    });
  }

  private failed(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.fail?.(e);
  }

  /** Copies `buf[start, end)`, whole lines starting with line `firstLine`, and posts it as block `id`. */
  post(id: number, buf: Uint8Array, start: number, end: number, firstLine: number, utf8: boolean): void {
    const bytes = new Uint8Array(end - start);
    bytes.set(buf.subarray(start, end));
    this.outstanding++;
    const request: HelperRequest = { type: 'block', id, bytes, firstLine, utf8 };
    this.worker.postMessage(request, [bytes.buffer]);
  }

  /** Waits for every block's answer and the worker's final state, then ends the worker. */
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
