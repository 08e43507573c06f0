/**
 * The prefilter's fast path for whole blocks of lines: a WebAssembly scanner (`assembly/prefilter.ts`,
 * compiled into {@link PREFILTER_WASM}) reading the JavaScript prefilter's own tables
 * ({@link Prefilter.tables}). For each line it says skip, blank, or *ask*; asked lines — those with one
 * of our patterns, a backslash, a name character beyond the fold table, or anything malformed — go to
 * the caller, who runs the JavaScript prefilter and the careful reader on them as before. So the counts,
 * line numbers and messages are the JavaScript path's; only the time differs (the scanner reads sixteen
 * bytes at a time where it can: newlines, backslashes, string ends).
 * @module
 */
import { PREFILTER_WASM } from '../generated/prefilter-wasm.js';
import type { Prefilter } from './blocking.js';
import { WASM_LAYOUT } from './wasm-layout.js';

/**
 * Told of each line not skipped: its number in the block from 0, its bytes in the caller's buffer, and
 * whether it holds one of our patterns in a line well-formed up to it (the JavaScript prefilter would
 * say Parse) — else the scanner leaves the line to the JavaScript prefilter. `'stop'` ends the block.
 */
export type AskedLine = (index: number, start: number, end: number, pattern: boolean) => 'stop' | undefined | void;

/** What {@link WasmPrefilter.scan} read of a block. */
export interface BlockCounts {
  /** Lines read (up to and including a line whose handler stopped the read). */
  lines: number;
  /** Lines skipped (well-formed, none of our patterns). */
  skipped: number;
  /** Blank lines. */
  blank: number;
  /** Whether the handler stopped the read. */
  stopped: boolean;
}

interface Exports {
  memory: WebAssembly.Memory;
  setup(delta: number, accept: number, out: number, cap: number, depth: number, anchored: number): void;
  reset(): void;
  scanBlock(pos: number, end: number): number;
  recordCount(): number;
  lineCount(): number;
  skipCount(): number;
  blankCount(): number;
}

const { CLS, KEY1, KEY2, SYM, FOLD, FOLD_LIMIT, FOLD_SEP, FOLD_ASK, TOP_SHAPE, PROP_SHAPE, TOP_KEYS, PROP_KEYS, KEYS_END, KEY_MAX, RECORD_WORDS, PATTERN } = WASM_LAYOUT;
/** Line records per scanner call. */
const RECORDS = 4096;
/** Bytes after a block the scanner may read (it reads sixteen at a time). */
const PAD = 16;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled scanner, or null where this engine has no WebAssembly SIMD. */
function scannerModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(PREFILTER_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Writes a key table: entries of 32 bytes [length, role or mode, bit, next of the same shape + 1, bytes…], and the shape index. */
function writeKeys(mem: Uint8Array, shapeAt: number, keysAt: number, keys: readonly { bytes: Uint8Array; role: number; bit: number }[]): void {
  if (keys.length > 127) throw new Error('wasm prefilter: too many keys');
  keys.forEach((k, n) => {
    const len = k.bytes.length;
    if (len === 0 || len > KEY_MAX) throw new Error(`wasm prefilter: key of ${len} bytes`);
    const at = keysAt + n * 32;
    const slot = shapeAt + (len << 8) + k.bytes[0]!;
    mem[at] = len;
    mem[at + 1] = k.role;
    mem[at + 2] = k.bit;
    mem[at + 3] = mem[slot]!; // chained before the shape's earlier entries
    mem.set(k.bytes, at + 4);
    mem[slot] = n + 1;
  });
}

/** The WebAssembly block scanner for one {@link Prefilter} (its tables copied into the scanner's memory). */
export class WasmPrefilter {
  private readonly x: Exports;
  private readonly blockAt: number;
  private readonly outAt: number;
  private mem: Uint8Array;

  private constructor(module: WebAssembly.Module, prefilter: Prefilter) {
    this.x = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    const t = prefilter.tables();
    const deltaAt = KEYS_END;
    const acceptAt = deltaAt + t.delta.byteLength;
    this.outAt = (acceptAt + t.accept.length + 7) & ~7;
    this.blockAt = this.outAt + RECORDS * RECORD_WORDS * 4;
    this.mem = this.grow(this.blockAt + (1 << 20) + PAD);
    const m = this.mem;
    m.set(t.cls, CLS);
    m.set(t.key1, KEY1);
    m.set(t.key2, KEY2);
    m.set(t.sym, SYM);
    for (let cp = 0x80; cp < FOLD_LIMIT; cp++) {
      const f = t.foldSyms(cp);
      const at = FOLD + cp * 8;
      if (f === null) m[at] = FOLD_SEP;
      else if (f.length > 7) m[at] = FOLD_ASK;
      else {
        m[at] = f.length;
        m.set(f, at + 1);
      }
    }
    writeKeys(m, TOP_SHAPE, TOP_KEYS, t.topKeys);
    writeKeys(m, PROP_SHAPE, PROP_KEYS, t.propKeys.map((k) => ({ bytes: k.bytes, role: k.mode, bit: 0 })));
    m.set(new Uint8Array(t.delta.buffer, t.delta.byteOffset, t.delta.byteLength), deltaAt);
    m.set(t.accept, acceptAt);
    this.x.setup(deltaAt, acceptAt, this.outAt, RECORDS, t.maxDepth, t.anchored ? 1 : 0);
  }

  /** A scanner for `prefilter`, or undefined where WebAssembly SIMD is missing. */
  static for(prefilter: Prefilter): WasmPrefilter | undefined {
    const module = scannerModule();
    return module ? new WasmPrefilter(module, prefilter) : undefined;
  }

  /** Grows the memory to at least `bytes`; returns a view of it. */
  private grow(bytes: number): Uint8Array {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / PAGE));
    return new Uint8Array(this.x.memory.buffer);
  }

  /**
   * Scans the whole lines of `buf[start, end)` (valid UTF-8; each line ended by a newline but perhaps the
   * last): counts skipped and blank lines, hands every other line to `onAsk` with its place in `buf` (a
   * final `\r` cut) and whether it holds one of our patterns, in order. Stops after the line whose handler
   * says `'stop'`.
   */
  scan(buf: Uint8Array, start: number, end: number, onAsk: AskedLine): BlockCounts {
    const len = end - start;
    if (this.blockAt + len + PAD > this.mem.length) this.mem = this.grow(this.blockAt + len + PAD);
    const m = this.mem;
    m.set(buf.subarray(start, end), this.blockAt);
    m.fill(0, this.blockAt + len, this.blockAt + len + PAD);
    const x = this.x;
    const shift = start - this.blockAt;
    const blockEnd = this.blockAt + len;
    x.reset();
    const words = new Uint32Array(this.x.memory.buffer, this.outAt, RECORDS * RECORD_WORDS);
    let pos = this.blockAt;
    while (pos < blockEnd) {
      pos = x.scanBlock(pos, blockEnd);
      const n = x.recordCount();
      for (let r = 0; r < n; r++) {
        const w = r * RECORD_WORDS;
        const index = words[w]!;
        if (onAsk(index, words[w + 1]! + shift, words[w + 2]! + shift, words[w + 5] === PATTERN) === 'stop') return { lines: index + 1, skipped: words[w + 3]!, blank: words[w + 4]!, stopped: true };
      }
    }
    return { lines: x.lineCount(), skipped: x.skipCount(), blank: x.blankCount(), stopped: false };
  }
}
