/**
 * Where the WebAssembly prefilter keeps its tables in its memory, and the record it writes per line: read
 * by {@link ./wasm-prefilter.ts}, which writes the tables, and rendered into `assembly/codes.ts` (with the
 * JavaScript prefilter's codes, {@link PREFILTER_CODES}) by scripts/wasm-render.ts for the scanner itself,
 * so both sides read one set of numbers.
 * @module
 */

/** Byte offsets of the fixed tables (below {@link WASM_LAYOUT.KEYS_END}), their limits, and the line record. */
export const WASM_LAYOUT = {
  /** Byte classes, 256 bytes. */
  CLS: 0,
  /** For an ASCII letter or digit: the first and second key symbol (char codes) it emits, 128 bytes each. */
  KEY1: 256,
  KEY2: 384,
  /** Symbol index (1–36) of a key char code, 128 bytes. */
  SYM: 512,
  /** Folds of code points 0x80 up to FOLD_LIMIT: 8 bytes each, [count or FOLD_SEP or FOLD_ASK, symbols…]. */
  FOLD: 1024,
  FOLD_LIMIT: 0x500,
  FOLD_SEP: 0xff,
  FOLD_ASK: 0xfe,
  /** Keys by shape: `[len * 256 + first byte]` = index + 1 of the key's entry, or 0 (top-level, properties). */
  TOP_SHAPE: 12288,
  PROP_SHAPE: 20480,
  /** Key entries, 32 bytes each: [length, role or mode, seen bit, next entry of the same shape + 1, bytes…]. */
  TOP_KEYS: 28672,
  PROP_KEYS: 32768,
  /** Where the fixed tables end (the automaton follows). */
  KEYS_END: 36864,
  /** Longest key an entry holds. */
  KEY_MAX: 28,
  /** u32 words per line record: index, start, end, skipped before, blank before, verdict. */
  RECORD_WORDS: 6,
  /** A record's verdict: one of our patterns, the line well-formed up to it (else: not decided). */
  PATTERN: 2,
} as const;
