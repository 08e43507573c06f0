/**
 * A two-thread linker run: the reading thread runs the prefilter over every block and queues the lines
 * it does not skip, a block's worth at a time, as a batch; the scoring thread ({@link ScoreHelper}) is
 * given the next queued batch whenever it has fewer than {@link IN_FLIGHT} in hand. When the reading is
 * done, the reading thread scores queued batches too (taking them from the back of the queue, the scoring
 * thread from the front) until none is left, so both threads end together. Malformed lines are reported
 * in block order (so in line order), whichever thread read them, as soon as every block before has been
 * scored.
 * @module
 */
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { LinePass } from './line-pass.js';
import type { MalformedLine } from './line-scorer.js';
import { LineBatch, ScoreHelper, scoreBatch, type BatchData, type HelperInit, type HelperResult } from './score-helper.js';
import type { AroundBlock } from './stream.js';

/** Batches the scoring thread has in hand at most (one being scored, one waiting: it never idles between two). */
const IN_FLIGHT = 2;

/**
 * Bytes of lines that may wait in the queue: while it holds more, a block's lines are scored here as it is
 * read (a dump whose every line needs scoring keeps both threads busy, and memory stays bounded).
 */
const QUEUE_BYTES = 16 << 20;

/**
 * Dumps at least this large (file size; a gzip file counts {@link GZIP_RATIO} times its size) are scored
 * by two threads by default (see {@link splitByDefault}).
 */
export const SPLIT_MIN_BYTES = 192 << 20;

/** What a gzip dump is taken to expand to, for {@link SPLIT_MIN_BYTES} (FtM JSON lines compress 5–8×). */
export const GZIP_RATIO = 5;

/**
 * Whether a dump is scored by two threads when the caller does not say: one of at least
 * {@link SPLIT_MIN_BYTES} (gzip: its size × {@link GZIP_RATIO}) on a machine with two cores or more.
 */
export function splitByDefault(bytes: number, gzip: boolean, cores: number): boolean {
  return cores >= 2 && bytes * (gzip ? GZIP_RATIO : 1) >= SPLIT_MIN_BYTES;
}

/** A two-thread run (see the module's description). */
export class SplitRun {
  private readonly helper: ScoreHelper;
  private readonly batch = new LineBatch();
  /** Batches not yet given out, in block order, with their block numbers. */
  private readonly queue: { id: number; data: BatchData }[] = [];
  private queuedBytes = 0;
  private blocks = 0;
  private nextReport = 0;
  private readonly waiting = new Map<number, MalformedLine[]>();
  /** The malformed lines of the block being read here. */
  private own: MalformedLine[] = [];
  private readonly gather: (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean) => void;

  private constructor(init: HelperInit, private readonly pass: LinePass, private readonly report: (m: MalformedLine) => void) {
    this.helper = new ScoreHelper(init, (id, m) => {
      this.settle(id, m);
      this.pump();
    });
    this.gather = (buf, start, end, lineNo, utf8) => this.batch.add(buf, start, end, lineNo, utf8);
  }

  /**
   * Starts the scoring thread. `pass` is the reading thread's per-line work: its sink is set while a
   * block's lines are gathered, and its malformed-line callback must be {@link bad}.
   */
  static start(init: HelperInit, pass: LinePass, report: (m: MalformedLine) => void): SplitRun {
    return new SplitRun(init, pass, report);
  }

  /** Matches the scoring thread has found so far. */
  get matches(): number {
    return this.helper.matches;
  }

  /** The line handler's malformed-line callback while this run reads: collects them per block. */
  readonly bad = (line: number, message: string): undefined => {
    this.own.push({ line, message });
    return undefined;
  };

  /** One block (an {@link AroundBlock}): its lines to score are queued while the queue has room, else scored here. */
  readonly around: AroundBlock = (_buf, _start, _end, _utf8, tooLong, _firstLine, read) => {
    const id = this.blocks++;
    const queue = tooLong === undefined && this.queuedBytes < QUEUE_BYTES;
    this.own = [];
    this.pass.sink = queue ? this.gather : undefined;
    let n: number;
    try {
      n = read();
    } finally {
      this.pass.sink = undefined;
    }
    if (queue && this.batch.count > 0) {
      if (this.own.length) this.waiting.set(-1 - id, this.own); // reported with the batch's (see settle)
      const data = this.batch.take();
      this.queue.push({ id, data });
      this.queuedBytes += data.bytes.length;
      this.pump();
    } else this.settle(id, this.own);
    return n;
  };

  /** Gives queued batches to the scoring thread while it has fewer than {@link IN_FLIGHT}. */
  private pump(): void {
    while (this.helper.outstanding < IN_FLIGHT && this.queue.length > 0) {
      const { id, data } = this.queue.shift()!;
      this.queuedBytes -= data.bytes.length;
      this.helper.post(id, data);
    }
  }

  private settle(id: number, malformed: MalformedLine[]): void {
    const own = this.waiting.get(-1 - id);
    if (own) {
      this.waiting.delete(-1 - id);
      malformed = [...own, ...malformed].sort((a, b) => a.line - b.line);
    }
    this.waiting.set(id, malformed);
    for (let m = this.waiting.get(this.nextReport); m !== undefined; m = this.waiting.get(this.nextReport)) {
      this.waiting.delete(this.nextReport++);
      for (const x of m) this.report(x);
    }
  }

  /**
   * After the last block: scores queued batches here (from the back; the scoring thread keeps taking from
   * the front between two of them), then waits for the scoring thread's last answers and final state.
   */
  async finish(): Promise<HelperResult> {
    while (this.queue.length > 0) {
      const { id, data } = this.queue.pop()!;
      this.queuedBytes -= data.bytes.length;
      this.settle(id, scoreBatch(this.pass.scorer, data));
      await yieldToEvents(); // the scoring thread's answers, and the next batch for it
    }
    return this.helper.finish();
  }

  /** Ends the scoring thread at once. */
  stop(): void {
    this.helper.stop();
  }
}
