/**
 * The linker's byte prefilter for whole blocks of dump lines, in AssemblyScript (compiled to WebAssembly
 * by `scripts/wasm-render.ts`, in `npm run generate`, into `src/generated/prefilter-wasm.ts`). It is the
 * fast path of `Prefilter.scan` in `src/link/blocking.ts`: for each line of a block it says *skip* (a
 * well-formed FtM entity line with none of our patterns), *blank*, *pattern* (one of our patterns, the
 * line well-formed up to it: the JavaScript prefilter would say Parse there), or *ask* — anything it
 * does not decide (a backslash anywhere in the line, a name character outside the fold table, a malformed
 * line); asked lines go to the JavaScript prefilter, which has the last word. So this scanner need only be
 * exact when it says skip or pattern. Its tables (byte classes, folds, the automaton, the keys and their
 * roles) are written into memory by `src/link/wasm-prefilter.ts` from the JavaScript prefilter's own, so
 * both read the same rules; `test/link-prefilter.test.ts` checks the two against each other on random
 * lines.
 *
 * Memory: the tables at fixed offsets below 64 KiB; the automaton, the records and the block where the
 * caller says (see {@link setup}).
 */

import {
  ALPHABET, C_BSLASH, C_CTRL, C_DROP, C_HIGH, C_KEY, C_QUOTE, C_SEP, CH_E, CH_I, CLS, FOLD, FOLD_ASK, FOLD_LIMIT, FOLD_SEP, IDENT_MODE, KEY1, KEY2,
  PATTERN, PROP_KEYS, PROP_SHAPE, R_ANY, R_ID, R_LIST, R_PROPS, R_STR, RECORD_WORDS, SEEN_ALL, SYM, TOP_KEYS, TOP_SHAPE,
} from './codes';

// The tables' offsets, the byte classes, the roles and the record layout come from assembly/codes.ts,
// rendered from src/link/wasm-layout.ts and the JavaScript prefilter's PREFILTER_CODES.
const STOP_TOKEN: u8 = C_SEP | C_QUOTE | C_BSLASH | C_CTRL | C_HIGH;
const STOP_STRING: u8 = C_QUOTE | C_BSLASH | C_CTRL;

/** Line verdicts. */
const SKIP: i32 = 0;
const ASK: i32 = 1;
const BLANK: i32 = 3;
/** Scanner results besides an index: not decided here (or malformed); one of our patterns. */
const NO: i32 = -1;
const HIT: i32 = -2;

// ---- set by setup ----
let deltaAt: usize = 0;
let acceptAt: usize = 0;
let outAt: usize = 0;
let outCap: u32 = 0;
let maxDepth: i32 = 64;
let anchored: bool = true;

// ---- per-block counters, read by the caller ----
let lines: u32 = 0;
let skipped: u32 = 0;
let blank: u32 = 0;
let records: u32 = 0;
/** The next backslash at or after the current line (a search serves every line up to it). */
let nextBackslash: i32 = -1;

// ---- transducer and automaton state ----
let st: i32 = 0;
let last: u32 = 0;
let pendI: bool = false;

/** Where the automaton's transition table (i32, `state * 37 + symbol`) and accept bytes are, where records go and how many fit; the nesting limit; whether every pattern starts at a token boundary. */
export function setup(delta: usize, accept: usize, out: usize, cap: u32, depth: i32, isAnchored: bool): void {
  deltaAt = delta;
  acceptAt = accept;
  outAt = out;
  outCap = cap;
  maxDepth = depth;
  anchored = isAnchored;
}

/** Starts a block: counters to zero. */
export function reset(): void {
  lines = 0;
  skipped = 0;
  blank = 0;
  nextBackslash = -1;
}

/** Lines read in this block so far. */
export function lineCount(): u32 {
  return lines;
}
/** Lines skipped in this block so far. */
export function skipCount(): u32 {
  return skipped;
}
/** Blank lines in this block so far. */
export function blankCount(): u32 {
  return blank;
}

@inline function byte(i: i32): u32 {
  return load<u8>(<usize>i);
}

@inline function cls(b: u32): u8 {
  return load<u8>(CLS + <usize>b);
}

function skipWs(i: i32, e: i32): i32 {
  while (i < e) {
    const b = byte(i);
    if (b == 32 || b == 9 || b == 13 || b == 10) i++;
    else break;
  }
  return i;
}

/**
 * The index of the closing quote of a string whose content starts at `j`, in a line without a backslash,
 * or NO (a control character, or the line's end). Sixteen bytes at a time: every byte above `!` is content.
 */
function endOfString(j: i32, e: i32): i32 {
  const lim = i8x16.splat(35);
  for (;;) {
    const m = i8x16.bitmask(i8x16.lt_u(v128.load(<usize>j), lim));
    if (m == 0) {
      j += 16;
      continue;
    }
    j += <i32>ctz(m);
    if (j >= e) return NO;
    const c = byte(j);
    if (c == 34) return j;
    if (c == 32 || c == 33) {
      j++;
      continue;
    }
    return NO;
  }
}

/** The first index in `[i, e)` holding byte `b` (sixteen bytes at a time), or `e`. */
function find(i: i32, e: i32, b: u8): i32 {
  const v = i8x16.splat(b);
  while (i < e) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(<usize>i), v));
    if (m != 0) {
      const at = i + <i32>ctz(m);
      return at < e ? at : e;
    }
    i += 16;
  }
  return e;
}

@inline function step(m: u32): bool {
  const s = load<i32>(deltaAt + ((<usize>(st * ALPHABET) + <usize>load<u8>(SYM + <usize>m)) << 2));
  st = s;
  return load<u8>(acceptAt + <usize>s) == 1;
}

/** One mapped symbol through the transducer rules (ie → e, collapse); true on a pattern hit. */
function push(m: u32): bool {
  if (pendI) {
    if (m == CH_I) return false;
    pendI = false;
    if (m != CH_E && last != CH_I) {
      last = CH_I;
      if (step(CH_I)) return true;
    }
  }
  if (m == CH_I) {
    pendI = true;
    return false;
  }
  if (m == last) return false;
  last = m;
  return step(m);
}

/** A token boundary: flushes a held i, resets the transducer, feeds the separator; true on a hit. */
function boundary(): bool {
  let hit = false;
  if (pendI && last != CH_I) hit = step(CH_I);
  pendI = false;
  last = 0;
  const s = load<i32>(deltaAt + (<usize>(st * ALPHABET) << 2));
  st = s;
  return hit || load<u8>(acceptAt + <usize>s) == 1;
}

/** A string the blocking reads, from `i` (after its quote): the index of its closing quote, HIT (one of our patterns), or NO (not decided here). */
function scanString(i: i32, e: i32, identMode: bool): i32 {
  st = load<i32>(deltaAt);
  last = 0;
  pendI = false;
  while (i < e) {
    if (anchored && st == 0) {
      const stop = identMode ? STOP_STRING : STOP_TOKEN;
      while (i < e && (cls(byte(i)) & stop) == 0) i++;
      if (i >= e) return NO;
    }
    const b = byte(i);
    const c = cls(b);
    if (c == C_KEY) {
      if (push(<u32>load<u8>(KEY1 + <usize>b))) return HIT;
      const k2 = <u32>load<u8>(KEY2 + <usize>b);
      if (k2 != 0 && push(k2)) return HIT;
      i++;
      continue;
    }
    if (c == C_DROP) {
      i++;
      continue;
    }
    if (c == C_QUOTE) return boundary() ? HIT : i;
    if (c == C_SEP) {
      if (!identMode && boundary()) return HIT;
      i++;
      continue;
    }
    if (c != C_HIGH) return NO; // a backslash or a control character: not decided here
    // a two-byte UTF-8 sequence (the block is valid UTF-8); longer ones are outside the fold table
    if (b >= 0xe0) return NO;
    const cp = ((b & 0x1f) << 6) | (byte(i + 1) & 0x3f);
    i += 2;
    if (i > e || cp >= FOLD_LIMIT) return NO;
    const f = FOLD + (<usize>cp << 3);
    const n = load<u8>(f);
    if (n == FOLD_SEP) {
      if (!identMode && boundary()) return HIT;
      continue;
    }
    if (n == FOLD_ASK) return NO;
    if (anchored && st == 0) continue;
    for (let k: usize = 1; k <= <usize>n; k++) if (push(<u32>load<u8>(f + k))) return HIT;
  }
  return NO;
}

/** Whether the `len` bytes at `ks` are the key bytes at `key` (eight at a time; the entry is zero-padded to 28 bytes). */
@inline function sameKey(key: usize, ks: i32, len: i32): bool {
  let q = 0;
  for (; q + 8 <= len; q += 8) if (load<u64>(key + <usize>q) != load<u64>(<usize>(ks + q))) return false;
  const r = len - q;
  if (r == 0) return true;
  const mask: u64 = (<u64>1 << (<u64>r << 3)) - 1;
  return (load<u64>(key + <usize>q) & mask) == (load<u64>(<usize>(ks + q)) & mask);
}

/** The entry index + 1 of key `buf[ks, ks + len)` in a key table, or 0. */
function keyEntry(shape: usize, keys: usize, ks: i32, len: i32): u32 {
  if (len >= 32 || len == 0) return 0;
  let k = <u32>load<u8>(shape + (<usize>len << 8) + <usize>byte(ks));
  while (k != 0) {
    const at = keys + (<usize>(k - 1) << 5);
    if (<i32>load<u8>(at) == len && sameKey(at + 4, ks, len)) return k;
    k = <u32>load<u8>(at + 3);
  }
  return 0;
}

/** Any JSON value at `i` (`depth` containers open): the index after it, or NO. */
function anyValue(i: i32, e: i32, depth: i32): i32 {
  const b = byte(i);
  if (b == 34) {
    const q = endOfString(i + 1, e);
    return q < 0 ? NO : q + 1;
  }
  if (b == 123 || b == 91) {
    if (depth >= maxDepth) return NO;
    const obj = b == 123;
    const close: u32 = obj ? 125 : 93;
    i = skipWs(i + 1, e);
    if (i < e && byte(i) == close) return i + 1;
    for (;;) {
      if (i >= e) return NO;
      if (obj) {
        if (byte(i) != 34) return NO;
        const q = endOfString(i + 1, e);
        if (q < 0) return NO;
        i = skipWs(q + 1, e);
        if (i >= e || byte(i) != 58) return NO;
        i = skipWs(i + 1, e);
        if (i >= e) return NO;
      }
      i = anyValue(i, e, depth + 1);
      if (i < 0) return NO;
      i = skipWs(i, e);
      if (i >= e) return NO;
      const c = byte(i);
      if (c == 44) i = skipWs(i + 1, e);
      else if (c == close) return i + 1;
      else return NO;
    }
  }
  if (b == 116) return i + 4 <= e && byte(i + 1) == 114 && byte(i + 2) == 117 && byte(i + 3) == 101 ? i + 4 : NO; // true
  if (b == 102) return i + 5 <= e && byte(i + 1) == 97 && byte(i + 2) == 108 && byte(i + 3) == 115 && byte(i + 4) == 101 ? i + 5 : NO; // false
  if (b == 110) return i + 4 <= e && byte(i + 1) == 117 && byte(i + 2) == 108 && byte(i + 3) == 108 ? i + 4 : NO; // null
  // a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  let j = i;
  if (byte(j) == 45) j++;
  if (j < e && byte(j) == 48) j++;
  else if (j < e && byte(j) >= 49 && byte(j) <= 57) while (j < e && byte(j) >= 48 && byte(j) <= 57) j++;
  else return NO;
  if (j < e && byte(j) == 46) {
    j++;
    if (!(j < e && byte(j) >= 48 && byte(j) <= 57)) return NO;
    while (j < e && byte(j) >= 48 && byte(j) <= 57) j++;
  }
  if (j < e && (byte(j) == 101 || byte(j) == 69)) {
    j++;
    if (j < e && (byte(j) == 43 || byte(j) == 45)) j++;
    if (!(j < e && byte(j) >= 48 && byte(j) <= 57)) return NO;
    while (j < e && byte(j) >= 48 && byte(j) <= 57) j++;
  }
  return j;
}

/** A list of strings at `i` read in `mode` (0 not read, 1 name, 2 identifier): the index after it, HIT or NO. */
function list(i: i32, e: i32, mode: i32): i32 {
  i = skipWs(i + 1, e);
  if (i < e && byte(i) == 93) return i + 1;
  for (;;) {
    if (i >= e || byte(i) != 34) return NO;
    const q = mode == 0 ? endOfString(i + 1, e) : scanString(i + 1, e, mode == IDENT_MODE);
    if (q < 0) return q;
    i = q + 1;
    if (i >= e) return NO;
    let c = byte(i);
    if (c != 44 && c != 93) {
      i = skipWs(i, e);
      if (i >= e) return NO;
      c = byte(i);
    }
    if (c == 44) {
      i++;
      if (i < e && byte(i) != 34) i = skipWs(i, e);
    } else if (c == 93) return i + 1;
    else return NO;
  }
  return NO; // not reached
}

/** The `properties` object at `i`: every value a list of strings, names and identifiers read. */
function props(i: i32, e: i32): i32 {
  i = skipWs(i + 1, e);
  if (i < e && byte(i) == 125) return i + 1;
  for (;;) {
    if (i >= e || byte(i) != 34) return NO;
    const ks = i + 1;
    const q = endOfString(ks, e);
    if (q < 0) return NO;
    const k = keyEntry(PROP_SHAPE, PROP_KEYS, ks, q - ks);
    const mode = k == 0 ? 0 : <i32>load<u8>(PROP_KEYS + (<usize>(k - 1) << 5) + 1);
    i = q + 1;
    if (i >= e || byte(i) != 58) {
      i = skipWs(i, e);
      if (i >= e || byte(i) != 58) return NO;
    }
    i++;
    if (i < e && byte(i) != 91) i = skipWs(i, e);
    if (i >= e || byte(i) != 91) return NO;
    i = list(i, e, mode);
    if (i < 0) return i;
    if (i >= e) return NO;
    let c = byte(i);
    if (c != 44 && c != 125) {
      i = skipWs(i, e);
      if (i >= e) return NO;
      c = byte(i);
    }
    if (c == 44) i = skipWs(i + 1, e);
    else if (c == 125) return i + 1;
    else return NO;
  }
  return NO; // not reached
}

/** One line `[s, e)` without a backslash: SKIP, BLANK, PATTERN or ASK. */
function scanLine(s: i32, e: i32): i32 {
  let i = skipWs(s, e);
  if (i == e) return BLANK;
  if (byte(i) != 123) return ASK;
  let seen = 0;
  i = skipWs(i + 1, e);
  if (i >= e || byte(i) == 125) return ASK; // unterminated, or an object without the required keys
  for (;;) {
    if (i >= e || byte(i) != 34) return ASK;
    const ks = i + 1;
    const q = endOfString(ks, e);
    if (q < 0) return ASK;
    let role = R_ANY;
    const k = keyEntry(TOP_SHAPE, TOP_KEYS, ks, q - ks);
    if (k != 0) {
      const at = TOP_KEYS + (<usize>(k - 1) << 5);
      const bit = <i32>load<u8>(at + 2);
      if (seen & bit) return ASK; // a repeated key: the parser keeps the last one
      seen |= bit;
      role = <i32>load<u8>(at + 1);
    }
    i = q + 1;
    if (i >= e || byte(i) != 58) {
      i = skipWs(i, e);
      if (i >= e || byte(i) != 58) return ASK;
    }
    i = skipWs(i + 1, e);
    if (i >= e) return ASK;
    const b = byte(i);
    if (role == R_ANY) i = anyValue(i, e, 1);
    else if (role == R_PROPS) i = b == 123 ? props(i, e) : NO;
    else if (role >= R_LIST) i = b == 91 ? list(i, e, role - R_LIST) : NO;
    else {
      // the id and the schema (non-empty strings), the caption (a string)
      if (b != 34) return ASK;
      if (role != R_STR && byte(i + 1) == 34) return ASK;
      const r = role == R_ID ? scanString(i + 1, e, true) : endOfString(i + 1, e);
      i = r < 0 ? r : r + 1;
    }
    if (i == HIT) return PATTERN;
    if (i < 0 || i >= e) return ASK;
    let c = byte(i);
    if (c != 44 && c != 125) {
      i = skipWs(i, e);
      if (i >= e) return ASK;
      c = byte(i);
    }
    if (c == 44) {
      i = skipWs(i + 1, e);
      continue;
    }
    if (c != 125 || seen != SEEN_ALL) return ASK;
    // the line's object is complete, with the required keys: then only white space
    return skipWs(i + 1, e) == e ? SKIP : ASK;
  }
  return ASK; // not reached
}

/**
 * Scans the lines of `[pos, end)` (whole lines, each ended by a newline but perhaps the last; sixteen
 * readable bytes after `end`, none of them above `!`) until the block ends or the record space is full.
 * Each line not skipped is recorded as six u32: its index in the block, start, end (without newline and
 * final `\r`), the skipped and blank lines of the block before it, and its verdict (PATTERN: one of our
 * patterns in a line well-formed up to it; ASK: not decided here). Returns where it stopped (`end` when
 * done); the records of this call are counted by {@link recordCount}.
 */
export function scanBlock(pos: i32, end: i32): i32 {
  records = 0;
  while (pos < end && records < outCap) {
    const nl = find(pos, end, 10);
    let e = nl;
    if (e > pos && byte(e - 1) == 13) e--;
    if (nextBackslash < pos) nextBackslash = find(pos, end, 92);
    const v = nextBackslash < e ? ASK : scanLine(pos, e);
    if (v == SKIP) skipped++;
    else if (v == BLANK) blank++;
    else {
      const at = outAt + <usize>records * (RECORD_WORDS << 2);
      store<u32>(at, lines);
      store<u32>(at, <u32>pos, 4);
      store<u32>(at, <u32>e, 8);
      store<u32>(at, skipped, 12);
      store<u32>(at, blank, 16);
      store<u32>(at, <u32>v, 20);
      records++;
    }
    lines++;
    pos = nl + 1;
  }
  return pos < end ? pos : end;
}

/** Records written by the last {@link scanBlock} call. */
export function recordCount(): u32 {
  return records;
}
