/**
 * What the reading thread does with each dump line: the byte prefilter (JSON grammar, entity shape, our
 * patterns; over large blocks its WebAssembly fast path), then, for the lines it does not skip, the
 * careful read and scoring ({@link LineScorer}) — or, while a {@link LinePass.sink} is set, handing them
 * to it (the linker gathers them for its scoring thread, {@link ./score-worker.ts}). Malformed lines go
 * to the `onBad` callback with their numbers.
 * @module
 */
import { Prefilter, Scan } from './blocking.js';
import { LineScorer } from './line-scorer.js';
import type { LineHandler } from './stream.js';
import { forEachLine, MAX_LINE_BYTES } from './stream.js';
import type { WasmPrefilter } from './wasm-prefilter.js';

/** Told of a malformed line; returns `'stop'` to end the read (strict mode). */
export type BadLine = (line: number, message: string) => 'stop' | undefined;

/**
 * Blocks at least this large go through the WebAssembly scanner ({@link WasmPrefilter}); smaller ones (a
 * small dump, a carried line) through the JavaScript prefilter alone, so a short run never compiles it.
 */
export const WASM_MIN_BLOCK = 64 << 10;

/** Whether the WebAssembly scanner is used: yes, unless `KASPERSKY_KG_LINK_WASM=0` (to compare, or to rule it out). */
export function wasmWanted(): boolean {
  return process.env.KASPERSKY_KG_LINK_WASM !== '0';
}

/** The per-line work of one thread, with its counters. */
export class LinePass {
  /** Well-formed entity lines the prefilter skipped. */
  skipped = 0;
  /** Blank lines. */
  blank = 0;
  private scorerMade: LineScorer | undefined;
  private bsBuf: Uint8Array | undefined;
  private bsAt = 0;
  /** While set, lines the prefilter does not skip go here instead of to the scorer. */
  sink: ((buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean) => void) | undefined;
  /** The WebAssembly scanner: undefined until a large block comes, null when not used or not available. */
  private wasm: WasmPrefilter | null | undefined;
  /**
   * Makes the WebAssembly scanner for this pass's prefilter (set by the caller, which loads its module only
   * for a dump large enough to use it: a small dump's start-up never pays for it); undefined: never used.
   */
  makeWasm: (() => WasmPrefilter | undefined) | undefined;

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

  /**
   * Handles a block of whole lines numbered from `firstLine` (as {@link forEachLine} with {@link line},
   * whose count it returns): a large valid-UTF-8 block through the WebAssembly scanner, which decides
   * most lines and hands the rest to {@link line}.
   */
  readonly lines = (buf: Buffer, start: number, end: number, firstLine: number, utf8: boolean): number => {
    if (!utf8 || end - start < WASM_MIN_BLOCK || (this.wasm ??= this.makeWasm?.() ?? null) === null) return forEachLine(buf, start, end, firstLine, utf8, this.line);
    // a line with one of our patterns goes on as the JavaScript prefilter would send it (Parse), without it
    const c = this.wasm.scan(buf, start, end, (index, s, e, pattern) => (pattern ? this.parse(buf, s, e, firstLine + index, true) : this.line(buf, s, e, firstLine + index, true)));
    this.skipped += c.skipped;
    this.blank += c.blank;
    return c.stopped ? -c.lines : c.lines;
  };

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
    return this.parse(buf, start, end, lineNo, utf8);
  };

  /** A line the prefilter does not skip: to the sink, or read carefully and scored. */
  private parse(buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean): 'stop' | undefined {
    if (this.sink) {
      this.sink(buf, start, end, lineNo, utf8);
      return undefined;
    }
    const err = this.scorer.line(buf, start, end, lineNo, utf8);
    return err === undefined ? undefined : this.onBad(lineNo, err);
  }
}
