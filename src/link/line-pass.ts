/**
 * What one thread does with each dump line: the byte prefilter (JSON grammar, entity shape, our
 * patterns), then, for the lines it does not skip, the careful read and scoring ({@link LineScorer}).
 * The reading thread runs one; the linker's second scanning thread ({@link ./scan-worker.ts}) runs
 * another on the blocks it is given. Malformed lines go to the `onBad` callback with their numbers.
 * @module
 */
import { Prefilter, Scan } from './blocking.js';
import { LineScorer } from './line-scorer.js';
import type { LineHandler } from './stream.js';
import { MAX_LINE_BYTES } from './stream.js';

/** Told of a malformed line; returns `'stop'` to end the read (strict mode). */
export type BadLine = (line: number, message: string) => 'stop' | undefined;

/** The per-line work of one thread, with its counters. */
export class LinePass {
  /** Well-formed entity lines the prefilter skipped. */
  skipped = 0;
  /** Blank lines. */
  blank = 0;
  private scorerMade: LineScorer | undefined;
  private bsBuf: Uint8Array | undefined;
  private bsAt = 0;

  /**
   * `makeScorer` is called at the first line the prefilter selects (our entities are prepared for
   * scoring only then); `onBad` is told of each malformed line.
   */
  constructor(private readonly prefilter: Prefilter, private readonly makeScorer: () => LineScorer, public onBad: BadLine) {}

  /** Matches found so far (0 while no line needed scoring: the scorer is not made for it). */
  get matches(): number {
    return this.scorerMade?.counts.matches ?? 0;
  }

  /** The scorer (made now if no line needed it yet). */
  get scorer(): LineScorer {
    return (this.scorerMade ??= this.makeScorer());
  }

  /** Handles one line (a {@link LineHandler}). */
  readonly line: LineHandler = (buf, start, end, lineNo, utf8, tooLong) => {
    if (tooLong !== undefined) return this.onBad(lineNo, `a line of ${tooLong} bytes, longer than the limit of ${MAX_LINE_BYTES} bytes; not read`);
    if (lineNo === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // a UTF-8 byte order mark
    if (buf !== this.bsBuf || this.bsAt < start) {
      // the next backslash in this buffer (one native search serves every line up to it)
      this.bsBuf = buf;
      this.bsAt = buf.indexOf(92, start);
      if (this.bsAt < 0) this.bsAt = buf.length;
    }
    // every line goes through the byte scan (JSON grammar, entity shape, our patterns); only lines it
    // does not skip are decoded and parsed, and the parser has the last word on a malformed one
    const r = utf8 ? this.prefilter.scan(buf, start, end, this.bsAt >= end) : Scan.Malformed;
    if (r === Scan.Skip) {
      this.skipped++;
      return undefined;
    }
    if (r === Scan.Blank) {
      this.blank++;
      return undefined;
    }
    const err = this.scorer.line(buf, start, end, lineNo, utf8);
    return err === undefined ? undefined : this.onBad(lineNo, err);
  };
}
