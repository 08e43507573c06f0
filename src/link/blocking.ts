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
import { foldOf, foldText, KEY_ALPHABET_SIZE, KeyTransducer, keyOf, orgStem } from '../names/normalise.js';
import { FOLD_TABLE_LIMIT } from '../names/transliterate.js';
import { GENERIC_SYMBOLS } from '../names/normalise.js';
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
  for (const prop of IDENTIFIER_KEYS) {
    const vals = e.properties[prop];
    if (!Array.isArray(vals)) continue;
    for (const v of vals) {
      if (typeof v !== 'string' || v.length > 64) continue;
      const hits = index.identifiers.get(identKey(v));
      if (hits) for (const i of hits) out.add(i);
    }
  }
  for (const list of [c.tokenised, c.weakTokenised]) {
    for (const n of list) {
      for (const k of n.keys) {
        if (k.length < MIN_BLOCK_KEY) continue;
        const hits = index.names.get(k);
        if (hits) for (const i of hits) out.add(i);
        const st = orgStem(k);
        if (st !== k && index.orgStems.has(st)) {
          const stemHits = index.names.get(st);
          if (stemHits) for (const i of stemHits) out.add(i);
        }
      }
    }
  }
  return out;
}

/** The identifier properties, as a list (read for every candidate). */
const IDENTIFIER_KEYS: readonly string[] = Object.keys(IDENTIFIER_PROPS);

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
  // the trie is written straight into the transition table (0: no edge; the root is nobody's child);
  // each state but the root is made by one edge, so its symbol and its next sibling are kept per state
  let max = 1;
  for (const p of patterns) max += p.length;
  const A = KEY_ALPHABET_SIZE;
  const table = new Int32Array(max * A);
  const accept = new Uint8Array(max);
  const symbol = new Uint8Array(max);
  const firstChild = new Int32Array(max);
  const nextSibling = new Int32Array(max);
  let n = 1;
  for (const p of patterns) {
    let s = 0;
    for (let i = 0; i < p.length; i++) {
      const a = symbolOf(p.charCodeAt(i));
      let nx = table[s * A + a]!;
      if (nx === 0) {
        nx = n++;
        table[s * A + a] = nx;
        symbol[nx] = a;
        nextSibling[nx] = firstChild[s]!;
        firstChild[s] = nx;
      }
      s = nx;
    }
    if (p.length) accept[s] = 1;
  }
  const fail = new Int32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let c = firstChild[0]!; c !== 0; c = nextSibling[c]!) queue[tail++] = c; // fail: the root
  // breadth first: a state's row is its failure state's row (complete, being shallower), copied at
  // once, with its own edges written over it (few per state: the loop is over edges, not symbols)
  while (head < tail) {
    const s = queue[head++]!;
    const f = fail[s]!;
    if (accept[f]) accept[s] = 1;
    table.copyWithin(s * A, f * A, (f + 1) * A);
    for (let c = firstChild[s]!; c !== 0; c = nextSibling[c]!) {
      const a = symbol[c]!;
      fail[c] = table[f * A + a]!;
      table[s * A + a] = c;
      queue[tail++] = c;
    }
  }
  return { delta: table.slice(0, n * A), accept: accept.slice(0, n) };
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

/** Non-ASCII folds as key symbols, by code point, filled on first use (undefined: not yet; null: a token boundary). */
const FOLD_SYMS_LOW: (Uint8Array | null | undefined)[] = new Array<Uint8Array | null | undefined>(FOLD_TABLE_LIMIT).fill(undefined);
const FOLD_SYMS_HIGH = new Map<number, Uint8Array | null>();

/** The key symbols of a non-ASCII code point's fold, or null when it separates tokens. */
function foldSymsOf(cp: number): Uint8Array | null {
  const s = foldOf(cp);
  let f: Uint8Array | null = null;
  if (s !== undefined) {
    const out: number[] = [];
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (KEY1[c]) out.push(KEY1[c]!);
      if (KEY2[c]) out.push(KEY2[c]!);
    }
    f = Uint8Array.from(out);
  }
  if (cp < FOLD_TABLE_LIMIT) FOLD_SYMS_LOW[cp] = f;
  else if (FOLD_SYMS_HIGH.size < 65_536) FOLD_SYMS_HIGH.set(cp, f);
  return f;
}

// What a top-level value must be (its role), decided by its key.
const R_ANY = 0; // anything (a field the linker does not read)
const R_ID = 2; // "id": a non-empty string, read as an identifier
const R_SCHEMA = 3; // "schema": a non-empty string
const R_PROPS = 4; // "properties": an object of lists
const R_STR = 5; // "caption": a string
const R_LIST = 8; // a list of strings; + scan mode (0 none, 1 name, 2 identifier)
const NAME_MODE = 1;
const IDENT_MODE = 2;
// Bits of the required top-level keys seen.
const SEEN_ID = 1;
const SEEN_SCHEMA = 2;
const SEEN_PROPS = 4;
/**
 * The prefilter's codes that its WebAssembly fast path compares with (byte classes, the transducer's
 * letters, the alphabet, the roles of top-level values and the scan modes), rendered for it into
 * `assembly/codes.ts` by scripts/wasm-render.ts.
 */
export const PREFILTER_CODES = {
  C_KEY,
  C_DROP,
  C_SEP,
  C_QUOTE,
  C_BSLASH,
  C_CTRL,
  C_HIGH,
  CH_I,
  CH_E,
  ALPHABET: KEY_ALPHABET_SIZE,
  R_ANY,
  R_ID,
  R_PROPS,
  R_STR,
  R_LIST,
  IDENT_MODE,
  SEEN_ALL: SEEN_ID | SEEN_SCHEMA | SEEN_PROPS,
} as const;

/** Scanner results besides a byte index: leave the line to the parser; the line is malformed. */
const PARSE = -1;
const BAD = -2;

/** Skips JSON white space from `i` (not past `e`). */
function skipWs(buf: Uint8Array, i: number, e: number): number {
  while (i < e) {
    const b = buf[i]!;
    if (b === 32 || b === 9 || b === 13 || b === 10) i++;
    else break;
  }
  return i;
}

/**
 * The index of the closing quote of a string whose content starts at `j`, or {@link BAD}. `plain`: the
 * line holds no backslash, so every byte above 0x22 is content (the loop stops at the line's newline, at
 * the end of the buffer, or at a control character, a space, `!` or `"`).
 */
function endOfString(buf: Uint8Array, j: number, e: number, plain: boolean): number {
  if (plain) {
    for (;;) {
      while (buf[j]! > 34) j++;
      if (j >= e) return BAD;
      const c = buf[j]!;
      if (c === 34) return j;
      if (c === 32 || c === 33) {
        j++;
        continue;
      }
      return BAD; // a control character
    }
  }
  for (;;) {
    while (j < e && (CLS[buf[j]!]! & STOP_STRING) === 0) j++;
    if (j >= e) return BAD;
    const c = buf[j]!;
    if (c === 34) return j;
    if (c === 92) {
      const n = j + 1 < e ? buf[j + 1]! : 0;
      if (n === 117) {
        if (j + 5 >= e || !HEX[buf[j + 2]!] || !HEX[buf[j + 3]!] || !HEX[buf[j + 4]!] || !HEX[buf[j + 5]!]) return BAD;
        j += 6;
      } else if (n < 128 && SIMPLE_ESCAPE[n]) j += 2;
      else return BAD;
      continue;
    }
    return BAD; // a control character
  }
}

/** Whether `buf[from, to)` holds the byte `b`. */
function holds(buf: Uint8Array, from: number, to: number, b: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === b) return true;
  return false;
}

/** Any JSON value at `i` (nested at most {@link MAX_LINE_DEPTH} deep, `depth` containers being open): the index after it, or {@link BAD}. */
function anyValue(buf: Uint8Array, i: number, e: number, plain: boolean, depth: number): number {
  const b = buf[i]!;
  if (b === 34) {
    const q = endOfString(buf, i + 1, e, plain);
    return q < 0 ? BAD : q + 1;
  }
  if (b === 123 || b === 91) {
    if (depth >= MAX_LINE_DEPTH) return BAD;
    const obj = b === 123;
    const close = obj ? 125 : 93;
    i = skipWs(buf, i + 1, e);
    if (i < e && buf[i] === close) return i + 1;
    for (;;) {
      if (i >= e) return BAD;
      if (obj) {
        if (buf[i] !== 34) return BAD;
        const q = endOfString(buf, i + 1, e, plain);
        if (q < 0) return BAD;
        i = skipWs(buf, q + 1, e);
        if (i >= e || buf[i] !== 58) return BAD;
        i = skipWs(buf, i + 1, e);
        if (i >= e) return BAD;
      }
      i = anyValue(buf, i, e, plain, depth + 1);
      if (i < 0) return i;
      i = skipWs(buf, i, e);
      if (i >= e) return BAD;
      const c = buf[i]!;
      if (c === 44) i = skipWs(buf, i + 1, e);
      else if (c === close) return i + 1;
      else return BAD;
    }
  }
  if (b === 116 || b === 102 || b === 110) {
    // true, false, null
    const lit = b === 116 ? LIT_TRUE : b === 102 ? LIT_FALSE : LIT_NULL;
    if (i + lit.length > e) return BAD;
    for (let q = 1; q < lit.length; q++) if (buf[i + q] !== lit[q]) return BAD;
    return i + lit.length;
  }
  // a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  let j = i;
  if (buf[j] === 45) j++;
  if (j < e && buf[j] === 48) j++;
  else if (j < e && buf[j]! >= 49 && buf[j]! <= 57) while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
  else return BAD;
  if (j < e && buf[j] === 46) {
    j++;
    if (!(j < e && buf[j]! >= 48 && buf[j]! <= 57)) return BAD;
    while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
  }
  if (j < e && (buf[j] === 101 || buf[j] === 69)) {
    j++;
    if (j < e && (buf[j] === 43 || buf[j] === 45)) j++;
    if (!(j < e && buf[j]! >= 48 && buf[j]! <= 57)) return BAD;
    while (j < e && buf[j]! >= 48 && buf[j]! <= 57) j++;
  }
  return j;
}

/** The top-level keys with a required shape, as bytes: role, seen-bit. */
const TOP_KEYS: readonly { bytes: Uint8Array; role: number; bit: number }[] = [
  { bytes: Buffer.from('id'), role: R_ID, bit: SEEN_ID },
  { bytes: Buffer.from('schema'), role: R_SCHEMA, bit: SEEN_SCHEMA },
  { bytes: Buffer.from('properties'), role: R_PROPS, bit: SEEN_PROPS },
  { bytes: Buffer.from('caption'), role: R_STR, bit: 0 },
  { bytes: Buffer.from('datasets'), role: R_LIST, bit: 0 },
  { bytes: Buffer.from('referents'), role: R_LIST + IDENT_MODE, bit: 0 },
];

/** The top-level keys with a required shape by their length (their lengths differ). */
const TOP_BY_LENGTH: ({ bytes: Uint8Array; role: number; bit: number } | undefined)[] = [];
for (const k of TOP_KEYS) {
  if (TOP_BY_LENGTH[k.bytes.length]) throw new Error('prefilter: two top-level keys of one length');
  TOP_BY_LENGTH[k.bytes.length] = k;
}
for (let n = 0; n < TOP_BY_LENGTH.length; n++) TOP_BY_LENGTH[n] ??= undefined;

/** Whether `buf` holds `bytes` at `at`. */
function sameBytes(buf: Uint8Array, at: number, bytes: Uint8Array): boolean {
  for (let q = 0; q < bytes.length; q++) if (buf[at + q] !== bytes[q]) return false;
  return true;
}

/**
 * The prefilter's rules as tables, for the WebAssembly fast path ({@link ./wasm-prefilter.ts}), which
 * reads the same tables rather than a copy of the rules: byte classes, key symbols, the automaton, the
 * keys with a required shape and the property keys read (with their roles and modes as numbered here).
 */
export interface PrefilterTables {
  /** Byte classes (256). */
  cls: Uint8Array;
  /** First and second key symbol (char codes) of an ASCII letter or digit (128 each). */
  key1: Uint8Array;
  key2: Uint8Array;
  /** Symbol index of a key char code (128). */
  sym: Uint8Array;
  /** The key symbols of a non-ASCII code point's fold, or null for a token boundary. */
  foldSyms: (cp: number) => Uint8Array | null;
  /** Top-level keys with a required shape: bytes, role, seen-bit. */
  topKeys: readonly { bytes: Uint8Array; role: number; bit: number }[];
  /** Property keys read: bytes, mode (1 name, 2 identifier). */
  propKeys: readonly { bytes: Uint8Array; mode: number }[];
  /** The automaton's transitions (`state * 37 + symbol`) and accepting states. */
  delta: Int32Array;
  accept: Uint8Array;
  /** Whether every pattern starts at a token boundary. */
  anchored: boolean;
  /** Deepest nesting allowed. */
  maxDepth: number;
}

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
  // transducer + automaton state
  private st = 0;
  private last = 0;
  private pendI = false;

  constructor(patterns: readonly string[]) {
    const a = compileAutomaton(patterns);
    this.delta = a.delta;
    this.accept = a.accept;
    this.anchored = patterns.every((p) => p.startsWith(' ') && p.length > 1);
  }

  /** This prefilter's rules as tables (see {@link PrefilterTables}). */
  tables(): PrefilterTables {
    const propKeys: { bytes: Uint8Array; mode: number }[] = [];
    for (const list of PROP_BY_SHAPE) if (list) propKeys.push(...list);
    return { cls: CLS, key1: KEY1, key2: KEY2, sym: SYM, foldSyms: (cp) => (cp < FOLD_TABLE_LIMIT && FOLD_SYMS_LOW[cp] !== undefined ? FOLD_SYMS_LOW[cp]! : foldSymsOf(cp)), topKeys: TOP_KEYS, propKeys, delta: this.delta, accept: this.accept, anchored: this.anchored, maxDepth: MAX_LINE_DEPTH };
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
      let f = cp < FOLD_TABLE_LIMIT ? FOLD_SYMS_LOW[cp] : FOLD_SYMS_HIGH.get(cp);
      if (f === undefined) f = foldSymsOf(cp);
      if (f === null) {
        if (!identMode && this.boundary()) return -1;
        continue;
      }
      if (anchored && this.st === 0) continue; // no partial match: only a boundary matters
      for (let k = 0; k < f.length; k++) if (this.push(f[k]!)) return -1;
    }
    return -2; // unterminated string
  }

  /**
   * Scans `buf[start, end)`, one line without its newline, which must be valid UTF-8. Skip: a well-formed
   * FtM entity line with none of our patterns. Parse: a pattern, or a case the scanner leaves to the parser
   * (a `\u` escape in a name, an escaped or repeated top-level key). Malformed: the line breaks the JSON
   * grammar or the entity shape (the caller parses it to say how). Blank: only white space.
   *
   * `noBackslash`: the caller knows the line holds no backslash (a native search tells it), so strings
   * hold no escapes and their end is found with one comparison per byte (every byte above `"`, 0x22,
   * is plain string content; control characters, the space, `!` and `"` stop the loop).
   */
  scan(buf: Uint8Array, start: number, end: number, noBackslash = false): Scan {
    const e = end;
    const plain = noBackslash;
    let i = skipWs(buf, start, e);
    if (i === e) return Scan.Blank;
    if (buf[i] !== 123) return Scan.Malformed; // '{'
    let seen = 0;
    i = skipWs(buf, i + 1, e);
    if (i < e && buf[i] !== 125) {
      for (;;) {
        // a key
        if (i >= e || buf[i] !== 34) return Scan.Malformed;
        const ks = i + 1;
        const q = endOfString(buf, ks, e, plain);
        if (q < 0) return Scan.Malformed;
        if (!plain && holds(buf, ks, q, 92)) return Scan.Parse; // an escaped key may spell "id", "schema" …: the parser decides
        let role = R_ANY;
        const len = q - ks;
        const k = len < TOP_BY_LENGTH.length ? TOP_BY_LENGTH[len] : undefined;
        if (k !== undefined && sameBytes(buf, ks, k.bytes)) {
          if (seen & k.bit) return Scan.Parse; // a repeated key: the parser keeps the last one
          seen |= k.bit;
          role = k.role;
        }
        i = q + 1;
        if (i >= e || buf[i] !== 58) {
          i = skipWs(buf, i, e);
          if (i >= e || buf[i] !== 58) return Scan.Malformed;
        }
        i = skipWs(buf, i + 1, e);
        if (i >= e) return Scan.Malformed;
        // its value
        const b = buf[i]!;
        if (role === R_ANY) i = anyValue(buf, i, e, plain, 1);
        else if (role === R_PROPS) i = b === 123 ? this.props(buf, i, e, plain) : BAD;
        else if (role >= R_LIST) i = b === 91 ? this.list(buf, i, e, plain, role - R_LIST) : BAD;
        else {
          // R_ID, R_SCHEMA (non-empty strings), R_STR
          if (b !== 34) return Scan.Malformed;
          if (role !== R_STR && buf[i + 1] === 34) return Scan.Malformed; // empty
          const r = role === R_ID ? this.scanString(buf, i + 1, e, true) : endOfString(buf, i + 1, e, plain);
          i = r < 0 ? r : r + 1;
        }
        if (i < 0) return i === PARSE ? Scan.Parse : Scan.Malformed;
        // a comma or the end of the object
        if (i >= e) return Scan.Malformed;
        let c = buf[i]!;
        if (c !== 44 && c !== 125) {
          i = skipWs(buf, i, e);
          if (i >= e) return Scan.Malformed;
          c = buf[i]!;
        }
        if (c === 44) {
          i = skipWs(buf, i + 1, e);
          continue;
        }
        if (c !== 125) return Scan.Malformed;
        break;
      }
    } else if (i >= e) return Scan.Malformed;
    // the line's object is complete: the required keys, then only white space
    if (seen !== (SEEN_ID | SEEN_SCHEMA | SEEN_PROPS)) return Scan.Malformed;
    i = skipWs(buf, i + 1, e);
    return i === e ? Scan.Skip : Scan.Malformed;
  }

  /** The `properties` object at `i`: every value a list of strings; names and identifiers read. */
  private props(buf: Uint8Array, i: number, e: number, plain: boolean): number {
    i = skipWs(buf, i + 1, e);
    if (i < e && buf[i] === 125) return i + 1;
    for (;;) {
      if (i >= e || buf[i] !== 34) return BAD;
      const ks = i + 1;
      const q = endOfString(buf, ks, e, plain);
      if (q < 0) return BAD;
      if (!plain && holds(buf, ks, q, 92)) return PARSE; // an escaped property name: the parser decides
      let mode = 0;
      const len = q - ks;
      const cands = len < 32 ? PROP_BY_SHAPE[(len << 8) | buf[ks]!] : undefined;
      if (cands !== undefined) {
        for (let n = 0; n < cands.length; n++) {
          if (sameBytes(buf, ks, cands[n]!.bytes)) {
            mode = cands[n]!.mode;
            break;
          }
        }
      }
      i = q + 1;
      if (i >= e || buf[i] !== 58) {
        i = skipWs(buf, i, e);
        if (i >= e || buf[i] !== 58) return BAD;
      }
      i++;
      if (i < e && buf[i] !== 91) i = skipWs(buf, i, e);
      if (i >= e || buf[i] !== 91) return BAD; // a property value is a list
      i = this.list(buf, i, e, plain, mode);
      if (i < 0) return i;
      if (i >= e) return BAD;
      let c = buf[i]!;
      if (c !== 44 && c !== 125) {
        i = skipWs(buf, i, e);
        if (i >= e) return BAD;
        c = buf[i]!;
      }
      if (c === 44) i = skipWs(buf, i + 1, e);
      else if (c === 125) return i + 1;
      else return BAD;
    }
  }

  /** A list of strings at `i`, read in `mode` (0 not read, name, identifier): the index after it, {@link PARSE} on a hit, or {@link BAD}. */
  private list(buf: Uint8Array, i: number, e: number, plain: boolean, mode: number): number {
    i = skipWs(buf, i + 1, e);
    if (i < e && buf[i] === 93) return i + 1;
    for (;;) {
      if (i >= e || buf[i] !== 34) return BAD; // every item is a string
      const q = mode === 0 ? endOfString(buf, i + 1, e, plain) : this.scanString(buf, i + 1, e, mode === IDENT_MODE);
      if (q < 0) return q;
      i = q + 1;
      if (i >= e) return BAD;
      let c = buf[i]!;
      if (c !== 44 && c !== 93) {
        i = skipWs(buf, i, e);
        if (i >= e) return BAD;
        c = buf[i]!;
      }
      if (c === 44) {
        i++;
        if (i < e && buf[i] !== 34) i = skipWs(buf, i, e);
      } else if (c === 93) return i + 1;
      else return BAD;
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

/** Property keys the prefilter reads, by (length << 8 | first byte): the keys of that shape and their scan mode. */
const PROP_BY_SHAPE: ({ bytes: Uint8Array; mode: number }[] | undefined)[] = new Array(32 << 8).fill(undefined);
for (const [keys, mode] of [[SCANNED_NAME_KEYS, NAME_MODE], [SCANNED_IDENT_KEYS, IDENT_MODE]] as const) {
  for (const k of keys) {
    const bytes = Buffer.from(k);
    if (bytes.length >= 32) throw new Error(`prefilter: property key ${k} is too long for the table`);
    const slot = (bytes.length << 8) | bytes[0]!;
    (PROP_BY_SHAPE[slot] ??= []).push({ bytes, mode });
  }
}
