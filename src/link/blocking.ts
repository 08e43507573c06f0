/**
 * Inverted blocking over *our* entities (small) and the byte-level prefilter that lets the linker skip
 * most dump lines without decoding or parsing them.
 *
 * Blocking keys: the matching keys ({@link keyOf}) of every romanisation variant of each person's family
 * name, and of each organisation's distinctive core tokens (plus their stems); identifiers and IDs go in
 * separate maps (the fast path). A dump entity is scored against our entity only if one of its name
 * tokens has one of our keys (or stems), or an identifier/ID agrees.
 *
 * Prefilter: an Aho–Corasick automaton over the key alphabet, fed by a byte scanner that folds and keys
 * the characters *inside JSON strings* with the same tables and transducer as the string path. Every
 * token the blocking could find therefore appears, as a substring, in the key stream of the line, so a
 * line the prefilter rejects has no candidate (the prefilter only ever over-selects). Lines holding a
 * `\u` escape are always parsed. The same scan checks the line's structure (an object, balanced
 * brackets, closed strings), so a broken line is reported even when it is not parsed.
 * @module
 */
import { foldOf, foldText, KEY_ALPHABET_SIZE, KeyTransducer, keyOf, orgStem } from './normalise.js';
import { FOLD_TABLE_LIMIT } from './transliterate.js';
import { GENERIC_SYMBOLS } from './normalise.js';
import { IDENTIFIER_PROPS, type PreparedQuery, type PreparedCandidate } from './score.js';

/** Shortest key used for blocking (shorter keys select too much). */
export const MIN_BLOCK_KEY = 3;

/** The blocking index over our prepared entities. */
export interface BlockingIndex {
  /** Name key (or stem) → indexes into `queries`. */
  names: Map<string, number[]>;
  /** Keys that are organisation stems (looked up with {@link orgStem} of candidate tokens). */
  orgStems: Set<string>;
  /** Normalised identifier → indexes. */
  identifiers: Map<string, number[]>;
  /** Entity ID → indexes. */
  ids: Map<string, number[]>;
  /** The prepared entities. */
  queries: PreparedQuery[];
  /** Strings the prefilter looks for (key alphabet). */
  patterns: string[];
}

function add(map: Map<string, number[]>, k: string, i: number): void {
  const l = map.get(k);
  if (!l) map.set(k, [i]);
  else if (!l.includes(i)) l.push(i);
}

/** Builds the blocking index and the prefilter patterns for our entities. */
export function buildIndex(queries: PreparedQuery[]): BlockingIndex {
  const names = new Map<string, number[]>();
  const orgStems = new Set<string>();
  const identifiers = new Map<string, number[]>();
  const ids = new Map<string, number[]>();
  const patterns = new Set<string>();
  queries.forEach((q, i) => {
    if (q.kind === 'person') {
      for (const s of q.personNames) {
        for (const p of s.parts) {
          if (p.role !== 'F') continue;
          for (const v of p.variants) {
            if (v.key.length < MIN_BLOCK_KEY) continue;
            add(names, v.key, i);
            patterns.add(` ${v.key} `); // a whole token
          }
        }
      }
    } else {
      for (const o of q.orgNames) {
        const distinctive = o.core.filter((t) => !GENERIC_SYMBOLS.has(t) && !t.startsWith('#') && t.length >= MIN_BLOCK_KEY);
        for (const t of distinctive) {
          const stem = orgStem(t);
          add(names, t, i);
          add(names, stem, i);
          orgStems.add(stem);
          patterns.add(` ${stem}`); // a token starting with the stem
        }
      }
    }
    for (const v of q.identifiers.keys()) {
      const k = identKey(v);
      if (!k) continue;
      add(identifiers, k, i);
      patterns.add(` ${k} `); // the whole value
    }
    for (const id of q.ids) {
      add(ids, id, i);
      const k = identKey(id);
      if (k) patterns.add(` ${k} `);
    }
  });
  return { names, orgStems, identifiers, ids, queries, patterns: [...patterns].sort() };
}

/**
 * The blocking key of an identifier or ID: its letters and digits, folded and keyed as one token
 * (`77-07-083893` and `7707083893` agree). The prefilter reads identifier fields the same way.
 */
export function identKey(value: string): string {
  return keyOf(foldText(value).replace(/ /g, ''));
}

/** The indexes of our entities a candidate must be scored against (by ID, identifier or name key). */
export function candidatesFor(index: BlockingIndex, c: PreparedCandidate): Set<number> {
  const out = new Set<number>();
  const e = c.entity;
  for (const i of index.ids.get(e.id) ?? []) out.add(i);
  for (const r of e.referents ?? []) for (const i of index.ids.get(r) ?? []) out.add(i);
  for (const prop of Object.keys(IDENTIFIER_PROPS)) {
    const vals = e.properties[prop];
    if (!Array.isArray(vals)) continue;
    for (const v of vals) {
      if (typeof v !== 'string' || v.length > 64) continue;
      const hits = index.identifiers.get(identKey(v));
      if (hits) for (const i of hits) out.add(i);
    }
  }
  for (const n of [...c.tokenised, ...c.weakTokenised]) {
    for (const k of n.keys) {
      if (k.length < MIN_BLOCK_KEY) continue;
      for (const i of index.names.get(k) ?? []) out.add(i);
      const st = orgStem(k);
      if (st !== k && index.orgStems.has(st)) for (const i of index.names.get(st) ?? []) out.add(i);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Aho–Corasick over the key alphabet
// ---------------------------------------------------------------------------------------------------

/** Symbol code of a key character (a–z → 1–26, 0–9 → 27–36, the token separator ' ' → 0). */
function symbolOf(code: number): number {
  if (code === 32) return 0;
  return code >= 97 ? code - 96 : code - 48 + 27;
}

/** A deterministic Aho–Corasick automaton: `delta[state * 37 + symbol]`, `accept[state]`. */
export interface Automaton {
  /** Transition table. */
  delta: Int32Array;
  /** 1 where a pattern ends (directly or through a suffix link). */
  accept: Uint8Array;
}

/** Compiles patterns (strings over the key alphabet, ' ' standing for a token boundary) into an automaton. */
export function compileAutomaton(patterns: readonly string[]): Automaton {
  const goto: Map<number, number>[] = [new Map()];
  const acc: number[] = [0];
  for (const p of patterns) {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const sym = symbolOf(p.charCodeAt(i));
      let nx = goto[s]!.get(sym);
      if (nx === undefined) {
        nx = goto.length;
        goto.push(new Map());
        acc.push(0);
        goto[s]!.set(sym, nx);
      }
      s = nx;
    }
    if (p.length) acc[s] = 1;
  }
  const n = goto.length;
  const delta = new Int32Array(n * KEY_ALPHABET_SIZE);
  const fail = new Int32Array(n);
  const queue: number[] = [];
  for (let a = 0; a < KEY_ALPHABET_SIZE; a++) {
    const nx = goto[0]!.get(a);
    delta[a] = nx ?? 0;
    if (nx !== undefined) {
      fail[nx] = 0;
      queue.push(nx);
    }
  }
  while (queue.length) {
    const s = queue.shift()!;
    if (acc[fail[s]!]) acc[s] = 1;
    for (let a = 0; a < KEY_ALPHABET_SIZE; a++) {
      const nx = goto[s]!.get(a);
      if (nx !== undefined) {
        fail[nx] = delta[fail[s]! * KEY_ALPHABET_SIZE + a]!;
        delta[s * KEY_ALPHABET_SIZE + a] = nx;
        queue.push(nx);
      } else {
        delta[s * KEY_ALPHABET_SIZE + a] = delta[fail[s]! * KEY_ALPHABET_SIZE + a]!;
      }
    }
  }
  return { delta, accept: Uint8Array.from(acc) };
}

/** Outcome of the byte scan of one line. */
export enum Scan {
  /** A well-formed FtM entity line (JSON grammar and entity shape checked) with none of our patterns: skip it. */
  Skip = 0,
  /** A pattern (or something the scanner does not decide, such as a `\u` escape in a name): parse the line. */
  Parse = 1,
  /** Not a well-formed FtM entity line: the caller parses it to say what is wrong ({@link Prefilter.scan}). */
  Malformed = 2,
  /** Only white space. */
  Blank = 3,
}

/** Deepest nesting of arrays and objects a dump line may have (an FtM entity line has 3 levels). */
export const MAX_LINE_DEPTH = 64;

// Byte classes (all 256 byte values) for the scanner.
const C_KEY = 1; // ASCII letter or digit: emits key symbols
const C_DROP = 2; // ASCII character the fold drops (no symbol, no boundary), e.g. an apostrophe
const C_SEP = 4; // ASCII token separator
const C_QUOTE = 8;
const C_BSLASH = 16;
const C_CTRL = 32; // below 0x20: never raw inside a JSON string
const C_HIGH = 64; // a byte of a multi-byte UTF-8 sequence
/** Bytes that end a fast skip inside a token (anything but a key letter or a dropped character). */
const STOP_TOKEN = C_SEP | C_QUOTE | C_BSLASH | C_CTRL | C_HIGH;
/** Bytes that end a fast skip inside a string that is not read. */
const STOP_STRING = C_QUOTE | C_BSLASH | C_CTRL;
const CLS = new Uint8Array(256);
// For an ASCII letter/digit: KEY1/KEY2 = the key symbols (char codes) the transducer map emits for its
// folded letter (x → k, s), 0 for none.
const KEY1 = new Uint8Array(128);
const KEY2 = new Uint8Array(128);
/** Symbol index (1–36) of a key char code, 0 for anything else. */
const SYM = new Uint8Array(128);
for (let c = 0; c < 256; c++) {
  if (c >= 128) CLS[c] = C_HIGH;
  else if (c === 34) CLS[c] = C_QUOTE;
  else if (c === 92) CLS[c] = C_BSLASH;
  else if (c < 32) CLS[c] = C_CTRL;
  else {
    const f = foldOf(c);
    CLS[c] = f === undefined ? C_SEP : f === '' ? C_DROP : C_KEY;
  }
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) SYM[c] = symbolOf(c);
}
// the transducer's map, read off KeyTransducer itself so that both agree by construction
for (let c = 0; c < 128; c++) {
  if (CLS[c] !== C_KEY) continue;
  const folded = foldOf(c)!.charCodeAt(0);
  const emitted: number[] = [];
  const probe = new KeyTransducer((code) => emitted.push(code));
  probe.mapOnly(folded);
  KEY1[c] = emitted[0] ?? 0;
  KEY2[c] = emitted[1] ?? 0;
}
const CH_I = 105;
const CH_E = 101;
/** JSON escapes (`\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`; `\u` is handled apart). */
const SIMPLE_ESCAPE = new Uint8Array(128);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
/** Whether every simple escape stands for a token separator (so a name scan may treat it as one). */
const ESCAPES_SEPARATE = ['"', '\\', '/', '\b', '\f', '\n', '\r', '\t'].every((c) => foldOf(c.charCodeAt(0)) === undefined);
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

// Non-ASCII folds below FOLD_TABLE_LIMIT as key symbols in one flat table: FOLD_START[cp]..FOLD_START[cp+1]
// index FOLD_SYMS; FOLD_BOUNDARY[cp] = 1 where the code point separates tokens.
const FOLD_START = new Int32Array(FOLD_TABLE_LIMIT + 1);
const FOLD_BOUNDARY = new Uint8Array(FOLD_TABLE_LIMIT);
const foldSyms: number[] = [];
for (let cp = 0; cp < FOLD_TABLE_LIMIT; cp++) {
  FOLD_START[cp] = foldSyms.length;
  const f = foldOf(cp);
  if (f === undefined) FOLD_BOUNDARY[cp] = 1;
  else {
    for (let k = 0; k < f.length; k++) {
      const c = f.charCodeAt(k);
      if (KEY1[c]) foldSyms.push(KEY1[c]!);
      if (KEY2[c]) foldSyms.push(KEY2[c]!);
    }
  }
}
FOLD_START[FOLD_TABLE_LIMIT] = foldSyms.length;
const FOLD_SYMS = Uint8Array.from(foldSyms);

// What the next value must be (its role), decided by the key or the array it sits in.
const R_ANY = 0; // anything (a field the linker does not read)
const R_TOP = 1; // the line: an object
const R_ID = 2; // "id": a non-empty string, read as an identifier
const R_SCHEMA = 3; // "schema": a non-empty string
const R_PROPS = 4; // "properties": an object of lists
const R_STR = 5; // "caption": a string
const R_LIST = 8; // a list of strings; + scan mode (0 none, 1 name, 2 identifier)
const R_ELEM = 16; // a string in such a list; + scan mode
// What a container is.
const X_TOP = 1;
const X_PROPS = 2;
const X_ANYOBJ = 3;
const X_ANYARR = 4;
const X_LIST = 8; // + scan mode
const NAME_MODE = 1;
const IDENT_MODE = 2;
// What the grammar expects next.
const W_VALUE = 0;
const W_VALUE_OR_CLOSE = 1;
const W_KEY = 2;
const W_KEY_OR_CLOSE = 3;
const W_COLON = 4;
const W_COMMA_OR_CLOSE = 5;
// Bits of the required top-level keys seen.
const SEEN_ID = 1;
const SEEN_SCHEMA = 2;
const SEEN_PROPS = 4;

/** The top-level keys with a required shape, as bytes: role, seen-bit. */
const TOP_KEYS: readonly { bytes: Uint8Array; role: number; bit: number }[] = [
  { bytes: Buffer.from('id'), role: R_ID, bit: SEEN_ID },
  { bytes: Buffer.from('schema'), role: R_SCHEMA, bit: SEEN_SCHEMA },
  { bytes: Buffer.from('properties'), role: R_PROPS, bit: SEEN_PROPS },
  { bytes: Buffer.from('caption'), role: R_STR, bit: 0 },
  { bytes: Buffer.from('datasets'), role: R_LIST, bit: 0 },
  { bytes: Buffer.from('referents'), role: R_LIST + IDENT_MODE, bit: 0 },
];

/**
 * The prefilter: scans one line's bytes once, checking that it is a well-formed FtM entity line (JSON
 * grammar: strings, escapes, numbers, literals, nesting; entity shape: `id` and `schema` non-empty
 * strings, `properties` an object of lists of strings, `caption` a string, `datasets` and `referents`
 * lists of strings, at most {@link MAX_LINE_DEPTH} levels), and feeding the strings the blocking reads
 * (names and identifiers in `properties`, `id`, `referents`) through the fold/key pipeline into the
 * automaton. A line is skipped only when it is well-formed and holds none of our patterns, so malformed
 * lines are counted even though they are not parsed; every other line goes to `JSON.parse`.
 *
 * Speed: all patterns start at a token boundary, so once the automaton is back at its root inside a token
 * nothing can match before the next boundary, and the rest of the token is skipped with one table lookup
 * per byte; strings the blocking does not read are skipped the same way. The key transducer's rules (see
 * {@link KeyTransducer}) are inlined; `test/link-prefilter.test.ts` checks the scanner against
 * `JSON.parse` and the blocking on random lines. The line must be valid UTF-8 (the reader checks).
 */
export class Prefilter {
  private readonly delta: Int32Array;
  private readonly accept: Uint8Array;
  /** Whether every pattern starts with a token boundary (then a token can be skipped once the automaton is at its root). */
  private readonly anchored: boolean;
  /** Non-ASCII folds as key-symbol strings, cached by code point. */
  private readonly foldCache = new Map<number, number[] | null>();
  // transducer + automaton state
  private st = 0;
  private last = 0;
  private pendI = false;
  /** Per nesting depth: the container ({@link X_TOP} …). */
  private readonly ctx = new Uint8Array(MAX_LINE_DEPTH + 2);

  constructor(patterns: readonly string[]) {
    const a = compileAutomaton(patterns);
    this.delta = a.delta;
    this.accept = a.accept;
    this.anchored = patterns.every((p) => p.startsWith(' ') && p.length > 1);
  }

  /** Steps the automaton with a key symbol char code; true on a pattern hit. */
  private step(m: number): boolean {
    const s = this.delta[this.st * KEY_ALPHABET_SIZE + SYM[m]!]!;
    this.st = s;
    return this.accept[s] === 1;
  }

  /** Pushes one mapped symbol through the transducer rules (ie → e, collapse); true on a hit. */
  private push(m: number): boolean {
    if (this.pendI) {
      if (m === CH_I) return false;
      this.pendI = false;
      if (m !== CH_E && this.last !== CH_I) {
        this.last = CH_I;
        if (this.step(CH_I)) return true;
      }
    }
    if (m === CH_I) {
      this.pendI = true;
      return false;
    }
    if (m === this.last) return false;
    this.last = m;
    return this.step(m);
  }

  /** A token boundary: flushes a held i, resets the transducer and feeds the separator; true on a hit. */
  private boundary(): boolean {
    let hit = false;
    if (this.pendI && this.last !== CH_I) hit = this.step(CH_I);
    this.pendI = false;
    this.last = 0;
    const s = this.delta[this.st * KEY_ALPHABET_SIZE]!;
    this.st = s;
    return hit || this.accept[s] === 1;
  }

  private foldNonAscii(cp: number): number[] | null {
    let f = this.foldCache.get(cp);
    if (f !== undefined) return f;
    const s = foldOf(cp);
    if (s === undefined) f = null;
    else {
      f = [];
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        if (KEY1[c]) f.push(KEY1[c]!);
        if (KEY2[c]) f.push(KEY2[c]!);
      }
    }
    if (this.foldCache.size < 4096) this.foldCache.set(cp, f);
    return f;
  }

  /**
   * Reads one string the blocking reads, from `i` (after its opening quote): returns the index of the
   * closing quote, -1 on a pattern hit (or a `\u` escape), -2 when the string is malformed.
   */
  private scanString(buf: Uint8Array, i: number, e: number, identMode: boolean): number {
    const anchored = this.anchored;
    this.st = this.delta[0]!; // the separator before the string's first token
    this.last = 0;
    this.pendI = false;
    while (i < e) {
      if (anchored && this.st === 0) {
        // no partial match: nothing can match before the next token boundary (or, for an identifier, the end)
        const stop = identMode ? STOP_STRING : STOP_TOKEN;
        while (i < e && (CLS[buf[i]!]! & stop) === 0) i++;
        if (i >= e) return -2;
      }
      const b = buf[i]!;
      const cls = CLS[b]!;
      if (cls === C_KEY) {
        if (this.push(KEY1[b]!)) return -1;
        const k2 = KEY2[b]!;
        if (k2 && this.push(k2)) return -1;
        i++;
        continue;
      }
      if (cls === C_DROP) {
        i++;
        continue;
      }
      if (cls === C_QUOTE) return this.boundary() ? -1 : i;
      if (cls === C_BSLASH) {
        const n = i + 1 < e ? buf[i + 1]! : 0;
        if (n === 117 || !ESCAPES_SEPARATE) return -1; // \u: the scanner does not decode escapes; the parser decides
        if (n >= 128 || !SIMPLE_ESCAPE[n]) return -2;
        if (!identMode && this.boundary()) return -1;
        i += 2;
        continue;
      }
      if (cls === C_CTRL) return -2; // a raw control character inside a string
      if (cls === C_SEP) {
        if (!identMode && this.boundary()) return -1;
        i++;
        continue;
      }
      // UTF-8 multi-byte sequence (the line is valid UTF-8)
      let cp: number;
      if (b < 0xe0) {
        cp = ((b & 0x1f) << 6) | (buf[i + 1]! & 0x3f);
        i += 2;
      } else if (b < 0xf0) {
        cp = ((b & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
        i += 3;
      } else {
        cp = ((b & 0x07) << 18) | ((buf[i + 1]! & 0x3f) << 12) | ((buf[i + 2]! & 0x3f) << 6) | (buf[i + 3]! & 0x3f);
        i += 4;
      }
      if (i > e) return -2;
      if (anchored && this.st === 0) {
        // no partial match: only a boundary matters
        if (cp < FOLD_TABLE_LIMIT ? FOLD_BOUNDARY[cp] === 1 : this.foldNonAscii(cp) === null) {
          if (!identMode && this.boundary()) return -1;
        }
        continue;
      }
      if (cp < FOLD_TABLE_LIMIT) {
        if (FOLD_BOUNDARY[cp]) {
          if (!identMode && this.boundary()) return -1;
        } else {
          for (let k = FOLD_START[cp]!, end = FOLD_START[cp + 1]!; k < end; k++) if (this.push(FOLD_SYMS[k]!)) return -1;
        }
        continue;
      }
      const f = this.foldNonAscii(cp);
      if (f === null) {
        if (!identMode && this.boundary()) return -1;
      } else {
        for (let k = 0; k < f.length; k++) if (this.push(f[k]!)) return -1;
      }
    }
    return -2; // unterminated string
  }

  /**
   * Scans `buf[start, end)`, one line without its newline, which must be valid UTF-8. Skip: a well-formed
   * FtM entity line with none of our patterns. Parse: a pattern, or a case the scanner leaves to the parser
   * (a `\u` escape in a name, an escaped or repeated top-level key). Malformed: the line breaks the JSON
   * grammar or the entity shape (the caller parses it to say how). Blank: only white space.
   */
  scan(buf: Uint8Array, start: number, end: number): Scan {
    let i = start;
    const e = end;
    while (i < e && (buf[i] === 32 || buf[i] === 9 || buf[i] === 13)) i++;
    if (i === e) return Scan.Blank;
    if (buf[i] !== 123) return Scan.Malformed; // '{'
    const ctx = this.ctx;
    let depth = 0; // containers open
    let want = W_VALUE;
    let role = R_TOP;
    let seen = 0;
    for (;;) {
      let b = buf[i]!;
      while (b === 32 || b === 9 || b === 13 || b === 10) {
        if (++i >= e) return Scan.Malformed;
        b = buf[i]!;
      }
      if (i >= e) return Scan.Malformed;
      switch (want) {
        case W_VALUE_OR_CLOSE:
        case W_KEY_OR_CLOSE:
        case W_COMMA_OR_CLOSE: {
          if (b === 125 || b === 93) {
            // '}' or ']': close the container if it is one of that kind
            const x = ctx[depth]!;
            const isObj = x === X_TOP || x === X_PROPS || x === X_ANYOBJ;
            if ((b === 125) !== isObj) return Scan.Malformed;
            if (want === W_COMMA_OR_CLOSE || want === (isObj ? W_KEY_OR_CLOSE : W_VALUE_OR_CLOSE)) {
              depth--;
              i++;
              if (depth === 0) {
                // the line's object is complete: the required keys, then only white space
                if (seen !== (SEEN_ID | SEEN_SCHEMA | SEEN_PROPS)) return Scan.Malformed;
                while (i < e && (buf[i] === 32 || buf[i] === 9 || buf[i] === 13)) i++;
                return i === e ? Scan.Skip : Scan.Malformed;
              }
              want = W_COMMA_OR_CLOSE;
              continue;
            }
            return Scan.Malformed;
          }
          if (want === W_COMMA_OR_CLOSE) {
            if (b !== 44) return Scan.Malformed; // ','
            i++;
            const x = ctx[depth]!;
            if (x >= X_LIST) {
              want = W_VALUE;
              role = R_ELEM + (x - X_LIST);
            } else if (x === X_ANYARR) {
              want = W_VALUE;
              role = R_ANY;
            } else want = W_KEY;
            continue;
          }
          if (want === W_KEY_OR_CLOSE) {
            want = W_KEY;
            continue;
          }
          want = W_VALUE;
          continue;
        }
        case W_KEY: {
          if (b !== 34) return Scan.Malformed;
          const ks = i + 1;
          let j = ks;
          let h = 0;
          let escaped = false;
          for (;;) {
            if (j >= e) return Scan.Malformed;
            const c = buf[j]!;
            if (c === 34) break;
            if (c === 92) {
              const n = j + 1 < e ? buf[j + 1]! : 0;
              if (n === 117) {
                if (j + 5 >= e || !HEX[buf[j + 2]!] || !HEX[buf[j + 3]!] || !HEX[buf[j + 4]!] || !HEX[buf[j + 5]!]) return Scan.Malformed;
                j += 6;
              } else if (n < 128 && SIMPLE_ESCAPE[n]) j += 2;
              else return Scan.Malformed;
              escaped = true;
              continue;
            }
            if (c < 32) return Scan.Malformed;
            h = (Math.imul(h, 31) + c) | 0;
            j++;
          }
          const x = ctx[depth]!;
          if (x === X_TOP) {
            if (escaped) return Scan.Parse; // an escaped key may spell "id", "schema" …: the parser decides
            role = R_ANY;
            const len = j - ks;
            for (const k of TOP_KEYS) {
              if (k.bytes.length !== len) continue;
              let same = true;
              for (let q = 0; q < len; q++) if (buf[ks + q] !== k.bytes[q]) { same = false; break; }
              if (!same) continue;
              if (seen & k.bit) return Scan.Parse; // a repeated key: the parser keeps the last one
              seen |= k.bit;
              role = k.role;
              break;
            }
          } else if (x === X_PROPS) {
            if (escaped) return Scan.Parse;
            role = R_LIST + (SCANNED_KEY_MODES.get(h) ?? 0);
          } else role = R_ANY;
          i = j + 1;
          want = W_COLON;
          continue;
        }
        case W_COLON: {
          if (b !== 58) return Scan.Malformed;
          i++;
          want = W_VALUE;
          continue;
        }
        default: {
          // W_VALUE: a value of the given role
          if (b === 34) {
            let mode = 0;
            if (role >= R_ELEM) mode = role - R_ELEM;
            else if (role === R_ID) mode = IDENT_MODE;
            else if (role !== R_ANY && role !== R_SCHEMA && role !== R_STR) return Scan.Malformed; // a string where an object or a list belongs
            if ((role === R_ID || role === R_SCHEMA) && buf[i + 1] === 34) return Scan.Malformed; // empty
            let r: number;
            if (mode === 0) {
              let j = i + 1;
              for (;;) {
                while (j < e && (CLS[buf[j]!]! & STOP_STRING) === 0) j++;
                if (j >= e) return Scan.Malformed;
                const c = buf[j]!;
                if (c === 34) break;
                if (c === 92) {
                  const n = j + 1 < e ? buf[j + 1]! : 0;
                  if (n === 117) {
                    if (j + 5 >= e || !HEX[buf[j + 2]!] || !HEX[buf[j + 3]!] || !HEX[buf[j + 4]!] || !HEX[buf[j + 5]!]) return Scan.Malformed;
                    j += 6;
                  } else if (n < 128 && SIMPLE_ESCAPE[n]) j += 2;
                  else return Scan.Malformed;
                  continue;
                }
                return Scan.Malformed; // a control character
              }
              r = j;
            } else r = this.scanString(buf, i + 1, e, mode === IDENT_MODE);
            if (r === -1) return Scan.Parse;
            if (r === -2) return Scan.Malformed;
            i = r + 1;
            want = W_COMMA_OR_CLOSE;
            continue;
          }
          if (b === 123 || b === 91) {
            let x: number;
            if (b === 123) x = role === R_TOP ? X_TOP : role === R_PROPS ? X_PROPS : role === R_ANY ? X_ANYOBJ : 0;
            else x = role === R_ANY ? X_ANYARR : role >= R_LIST && role < R_ELEM ? X_LIST + (role - R_LIST) : 0;
            if (x === 0) return Scan.Malformed; // an object or a list where something else belongs
            if (depth >= MAX_LINE_DEPTH) return Scan.Malformed;
            ctx[++depth] = x;
            i++;
            if (b === 123) want = W_KEY_OR_CLOSE;
            else {
              want = W_VALUE_OR_CLOSE;
              role = x === X_ANYARR ? R_ANY : R_ELEM + (x - X_LIST);
            }
            continue;
          }
          if (role !== R_ANY) return Scan.Malformed; // a number, true, false or null where a string, list or object belongs
          if (b === 116 || b === 102 || b === 110) {
            // true, false, null
            const lit = b === 116 ? LIT_TRUE : b === 102 ? LIT_FALSE : LIT_NULL;
            if (i + lit.length > e) return Scan.Malformed;
            for (let q = 1; q < lit.length; q++) if (buf[i + q] !== lit[q]) return Scan.Malformed;
            i += lit.length;
            want = W_COMMA_OR_CLOSE;
            continue;
          }
          // a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
          let j = i;
          if (buf[j] === 45) j++;
          if (buf[j] === 48) j++;
          else if (j < e && buf[j]! >= 49 && buf[j]! <= 57) while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
          else return Scan.Malformed;
          if (buf[j] === 46 && j < e) {
            j++;
            if (!(j < e && buf[j]! >= 48 && buf[j]! <= 57)) return Scan.Malformed;
            while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
          }
          if ((buf[j] === 101 || buf[j] === 69) && j < e) {
            j++;
            if (buf[j] === 43 || buf[j] === 45) j++;
            if (!(j < e && buf[j]! >= 48 && buf[j]! <= 57)) return Scan.Malformed;
            while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
          }
          if (j >= e) return Scan.Malformed;
          i = j;
          want = W_COMMA_OR_CLOSE;
          continue;
        }
      }
    }
  }
}

const LIT_TRUE = Buffer.from('true');
const LIT_FALSE = Buffer.from('false');
const LIT_NULL = Buffer.from('null');

/**
 * The keys of `properties` whose string values the prefilter reads as names (token by token): the name
 * properties that {@link candidatesFor} reads. Keeping these lists and `candidatesFor` in step is what
 * makes the prefilter safe.
 */
export const SCANNED_NAME_KEYS: readonly string[] = ['name', 'alias', 'previousName', 'weakAlias', 'firstName', 'lastName', 'fatherName', 'middleName', 'secondName'];

/** The keys of `properties` whose values are read as one identifier token (see {@link identKey}); `id` and `referents` are read so too. */
export const SCANNED_IDENT_KEYS: readonly string[] = Object.keys(IDENTIFIER_PROPS);

function keyHash(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
  return h;
}
/** Property key hash → scan mode. A key that shares a hash with a read key is read too (over-selects, never misses). */
const SCANNED_KEY_MODES = new Map<number, number>();
for (const k of SCANNED_NAME_KEYS) SCANNED_KEY_MODES.set(keyHash(k), NAME_MODE);
for (const k of SCANNED_IDENT_KEYS) {
  if (SCANNED_KEY_MODES.has(keyHash(k))) throw new Error(`prefilter: the property keys ${k} and a name key share a hash`);
  SCANNED_KEY_MODES.set(keyHash(k), IDENT_MODE);
}
