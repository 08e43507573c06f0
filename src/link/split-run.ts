/**
 * A two-thread linker run: the reading thread runs the prefilter over every block and queues the lines
 * it does not skip, a block's worth at a time, as a batch; the scoring thread ({@link ScoreHelper}) is
 * given the next queued batches whenever it has fewer than {@link IN_FLIGHT} in hand. The reading thread
 * scores only while the queue is full: measured, its scoring, compiled cold on a core the scoring thread
 * already keeps busy, made runs slower (at 300k lines, the reading thread scoring what was still queued
 * when it had read the dump: 0.84–0.92 s against 0.70–0.74 s; scoring the lines read before the scoring
 * thread had started: 0.75–0.80 s against 0.73–0.75 s). Malformed lines are reported in block order (so
 * in line order), whichever thread read them, as soon as every block before has been scored.
 * @module
 */
import type { LinePass } from './line-pass.js';
import type { MalformedLine } from './line-scorer.js';
import { LineBatch, ScoreHelper, type BatchData, type HelperInit, type HelperResult } from './score-helper.js';
import type { AroundBlock } from './stream.js';

/**
 * Batches the scoring thread may have in hand (posted, not yet answered): enough that it never waits for
 * the next (measured at 300k lines, gzip: 2 in hand 0.77–0.83 s, 16 0.76–0.79 s, 64 0.75–0.78 s), few
 * enough that what is in flight stays small beside {@link QUEUE_BLOCKS}.
 */
const IN_FLIGHT = 16;

/**
 * Blocks' worth of lines that may wait in the queue (16 MiB with the default 1 MiB chunks): while it holds
 * more, a block's lines are scored here as it is read, so a dump whose every line needs scoring keeps
 * both threads scoring and the memory in flight stays bounded.
 */
const QUEUE_BLOCKS = 16;

/** A two-thread run (see the module's description). */
export class SplitRun {
  private readonly helper: ScoreHelper;
  private readonly batch = new LineBatch();
  /** Batches not yet given out, in block order, with their block numbers. */
  private readonly queue: { id: number; data: BatchData }[] = [];
  private queuedBytes = 0;
  /** Set by {@link finish}: called once every queued batch has been given to the scoring thread. */
  private drained: (() => void) | undefined;
  private blocks = 0;
  private nextReport = 0;
  private readonly waiting = new Map<number, MalformedLine[]>();
  /** The malformed lines of the block being read here. */
  private own: MalformedLine[] = [];
  private readonly gather: (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean) => void;

  private constructor(init: HelperInit, private readonly pass: LinePass, private readonly report: (m: MalformedLine) => void, private readonly queueBytes: number) {
    this.helper = new ScoreHelper(init, (id, m) => {
      this.settle(id, m);
      this.pump();
    });
    this.gather = (buf, start, end, lineNo, utf8) => this.batch.add(buf, start, end, lineNo, utf8);
  }

  /**
   * Starts the scoring thread. `pass` is the reading thread's per-line work: its sink is set while a
   * block's lines are gathered, and its malformed-line callback must be {@link bad}; `chunkSize` is the
   * reading's chunk size (the queue holds {@link QUEUE_BLOCKS} of them).
   */
  static start(init: HelperInit, pass: LinePass, report: (m: MalformedLine) => void, chunkSize: number): SplitRun {
    return new SplitRun(init, pass, report, QUEUE_BLOCKS * chunkSize);
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
    const queue = tooLong === undefined && this.queuedBytes < this.queueBytes;
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

  /** Gives queued batches to the scoring thread while it has fewer than {@link IN_FLIGHT}; tells {@link finish} when all are given. */
  private pump(): void {
    while (this.helper.outstanding < IN_FLIGHT && this.queue.length > 0) {
      const { id, data } = this.queue.shift()!;
      this.queuedBytes -= data.bytes.length;
      this.helper.post(id, data);
    }
    if (this.queue.length === 0 && this.drained) {
      const done = this.drained;
      this.drained = undefined;
      done();
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

  /** After the last block: waits for the scoring thread to score what is queued, then for its final state. */
  async finish(): Promise<HelperResult> {
    const drained = new Promise<void>((resolve) => {
      this.drained = resolve;
      this.pump();
    });
    await Promise.race([drained, this.helper.failedWith]);
    return this.helper.finish();
  }

  /** Ends the scoring thread at once. */
  stop(): void {
    this.helper.stop();
  }
}
