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
  /** No pattern and well-formed: skip the line. */
  Skip = 0,
  /** A pattern (or a `\u` escape) was seen: parse the line. */
  Parse = 1,
  /** The line is not a well-formed JSON object (structure check failed). */
  Malformed = 2,
  /** Only white space. */
  Blank = 3,
}

// Tables for the scanner. For an ASCII byte: KEY1/KEY2 = the key symbols (char codes) the transducer
// map emits for its folded letter (x → k, s), 0 for none; CLASS = 0 boundary, 1 letter/digit, 2 dropped.
const ASCII_CLASS = new Uint8Array(128);
const KEY1 = new Uint8Array(128);
const KEY2 = new Uint8Array(128);
/** Symbol index (1–36) of a key char code, 0 for anything else. */
const SYM = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const f = foldOf(c);
  if (f === undefined) ASCII_CLASS[c] = 0;
  else if (f === '') ASCII_CLASS[c] = 2;
  else ASCII_CLASS[c] = 1;
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) SYM[c] = symbolOf(c);
}
// the transducer's map, read off KeyTransducer itself so that both agree by construction
for (let c = 0; c < 128; c++) {
  if (ASCII_CLASS[c] !== 1) continue;
  const folded = foldOf(c)!.charCodeAt(0);
  const emitted: number[] = [];
  const probe = new KeyTransducer((code) => emitted.push(code));
  probe.mapOnly(folded);
  KEY1[c] = emitted[0] ?? 0;
  KEY2[c] = emitted[1] ?? 0;
}
const CH_I = 105;
const CH_E = 101;

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

/**
 * The prefilter: scans one line's bytes, feeding string contents through the fold/key pipeline into the
 * automaton, and checking the JSON structure on the way. The key transducer's rules (see
 * {@link KeyTransducer}) are inlined here for speed; `test/link-prefilter.test.ts` checks that both give
 * the same keys.
 */
export class Prefilter {
  private readonly delta: Int32Array;
  private readonly accept: Uint8Array;
  /** Non-ASCII folds as key-symbol strings, cached by code point. */
  private readonly foldCache = new Map<number, number[] | null>();
  // transducer + automaton state
  private st = 0;
  private last = 0;
  private pendI = false;
  /** Per nesting depth: object or array. */
  private readonly kind = new Uint8Array(64);
  /** Per nesting depth: whether string values there are scanned. */
  private readonly rel = new Uint8Array(64);

  constructor(patterns: readonly string[]) {
    const a = compileAutomaton(patterns);
    this.delta = a.delta;
    this.accept = a.accept;
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
    this.foldCache.set(cp, f);
    return f;
  }

  /** Scans one string's content from `i` (after its opening quote); returns the index of the closing quote, or -1 on a hit, -2 malformed. */
  private scanString(buf: Uint8Array, i: number, e: number, identMode: boolean): number {
    this.st = this.delta[0]!; // the separator before the string's first token
    this.last = 0;
    this.pendI = false;
    for (; i < e; i++) {
      const b = buf[i]!;
      if (b < 128) {
        const cls = ASCII_CLASS[b]!;
        if (cls === 1) {
          if (this.push(KEY1[b]!)) return -1;
          const k2 = KEY2[b]!;
          if (k2 && this.push(k2)) return -1;
          continue;
        }
        if (cls === 2) continue;
        if (b === 34) return this.boundary() ? -1 : i;
        if (b === 92) {
          // escape: \u → parse the line (the scanner does not decode escapes); others separate tokens
          if (buf[i + 1] === 117) return -1;
          i++;
        } else if (b < 32) return -2; // raw control character inside a string
        if (!identMode && this.boundary()) return -1;
        continue;
      }
      // UTF-8 multi-byte sequence
      let cp: number;
      if (b >= 0xc2 && b <= 0xdf && i + 1 < e) {
        cp = ((b & 0x1f) << 6) | (buf[i + 1]! & 0x3f);
        i += 1;
      } else if (b >= 0xe0 && b <= 0xef && i + 2 < e) {
        cp = ((b & 0x0f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
        i += 2;
      } else if (b >= 0xf0 && b <= 0xf4 && i + 3 < e) {
        cp = ((b & 0x07) << 18) | ((buf[i + 1]! & 0x3f) << 12) | ((buf[i + 2]! & 0x3f) << 6) | (buf[i + 3]! & 0x3f);
        i += 3;
      } else {
        return -1; // invalid UTF-8: let the parser decide
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
   * Scans `buf[start, end)` (one line, without its newline). Only the values of the keys the blocking
   * reads ({@link SCANNED_NAME_KEYS}, {@link SCANNED_IDENT_KEYS}) go through the key pipeline; other strings are skipped with a native
   * search for their closing quote.
   */
  scan(buf: Buffer, start: number, end: number): Scan {
    let i = start;
    while (i < end && (buf[i] === 32 || buf[i] === 9 || buf[i] === 13)) i++;
    if (i === end) return Scan.Blank;
    if (buf[i] !== 123) return Scan.Malformed; // '{'
    let e = end;
    while (e > i && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 13)) e--;
    const kind = this.kind;
    const rel = this.rel;
    let depth = 0;
    let expectKey = false;
    for (; i < e; i++) {
      const b = buf[i]!;
      if (b === 34) {
        if (kind[depth] === OBJ && expectKey) {
          // a key: hash it and decide whether its value is scanned
          let h = 0;
          let j = i + 1;
          let escaped = false;
          for (; j < e; j++) {
            const c = buf[j]!;
            if (c === 34) break;
            if (c === 92) {
              escaped = true;
              j++;
              continue;
            }
            h = (Math.imul(h, 31) + c) | 0;
          }
          if (j >= e) return Scan.Malformed;
          rel[depth] = escaped ? BOTH_MODE : (SCANNED_KEY_MODES.get(h) ?? 0);
          expectKey = false;
          i = j;
          continue;
        }
        const mode = rel[depth]!;
        if (mode) {
          if (escapedKeyBoth(mode)) {
            // a key with escapes: read its value both ways
            const a = this.scanString(buf, i + 1, e, false);
            if (a < 0) return a === -1 ? Scan.Parse : Scan.Malformed;
            const b2 = this.scanString(buf, i + 1, e, true);
            if (b2 === -1) return Scan.Parse;
            i = a;
            continue;
          }
          const r = this.scanString(buf, i + 1, e, mode === IDENT_MODE);
          if (r === -1) return Scan.Parse;
          if (r === -2) return Scan.Malformed;
          i = r;
          continue;
        }
        // skip an irrelevant string up to its closing quote
        let j = i + 1;
        for (; j < e; j++) {
          const c = buf[j]!;
          if (c === 34) break;
          if (c === 92) j++;
        }
        if (j >= e) return Scan.Malformed;
        i = j;
        continue;
      }
      if (b === 123 || b === 91) {
        if (depth + 1 >= MAX_DEPTH) return Scan.Parse;
        const inherited = b === 91 ? rel[depth]! : 0;
        depth++;
        kind[depth] = b === 123 ? OBJ : ARR;
        rel[depth] = inherited;
        expectKey = b === 123;
      } else if (b === 125 || b === 93) {
        if ((b === 125 ? OBJ : ARR) !== kind[depth]) return Scan.Malformed;
        depth--;
        if (depth === 0 && i !== e - 1) return Scan.Malformed; // content after the object
        if (depth < 0) return Scan.Malformed;
        expectKey = false;
      } else if (b === 44) {
        if (kind[depth] === OBJ) expectKey = true;
      } else if (b === 58) {
        expectKey = false;
      }
    }
    return depth === 0 ? Scan.Skip : Scan.Malformed;
  }
}

const OBJ = 1;
const ARR = 2;
const MAX_DEPTH = 64;
const NAME_MODE = 1;
const IDENT_MODE = 2;
const BOTH_MODE = 3;
function escapedKeyBoth(mode: number): boolean {
  return mode === BOTH_MODE;
}

/**
 * The keys whose string values the prefilter reads as names (token by token): the name properties that
 * {@link candidatesFor} reads. Keeping these lists and `candidatesFor` in step is what makes the
 * prefilter safe.
 */
export const SCANNED_NAME_KEYS: readonly string[] = ['name', 'alias', 'previousName', 'weakAlias', 'firstName', 'lastName', 'fatherName', 'middleName', 'secondName'];

/** The keys whose values are read as one identifier token (see {@link identKey}). */
export const SCANNED_IDENT_KEYS: readonly string[] = ['id', 'referents', ...Object.keys(IDENTIFIER_PROPS)];

function keyHash(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
  return h;
}
const SCANNED_KEY_MODES = new Map<number, number>();
for (const k of SCANNED_NAME_KEYS) SCANNED_KEY_MODES.set(keyHash(k), NAME_MODE);
for (const k of SCANNED_IDENT_KEYS) SCANNED_KEY_MODES.set(keyHash(k), SCANNED_KEY_MODES.get(keyHash(k)) === NAME_MODE ? BOTH_MODE : IDENT_MODE);
