/**
 * Name normalisation for matching: folding (case, diacritics, Cyrillic → Latin), tokenisation, and the
 * *matching key* of a token, a lossy cross-scheme skeleton (`kh`/`h`/`ch` → `k`, `j`/`y` → `i`, `w` → `v`,
 * `x` → `ks`, doubled letters collapsed, `ie` → `e`) under which most romanisations of one Russian name
 * coincide (Andrei/Andrey/Andrej → `andrei`; Gennadyevich/Gennadevich → `genadevik`).
 *
 * The key is computed by a tiny left-to-right transducer ({@link KeyTransducer}) that the byte-level
 * prefilter runs too, so that a line the prefilter rejects can never contain a token the blocking index
 * would have found.
 * @module
 */
import { FOLD_TABLE_LIMIT, foldCodePoint, foldTabled } from './transliterate.js';

/** The fold of one code point (see {@link foldCodePoint}), using the precomputed table where possible. */
export function foldOf(cp: number): string | undefined {
  return cp < FOLD_TABLE_LIMIT ? foldTabled(cp) : foldCodePoint(cp);
}

/** ASCII text (the common case in dumps), for {@link foldText}'s fast path. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The ASCII characters the fold drops, and the runs of those it takes as token separators, as regular
 * expressions read off {@link foldOf} itself (so the fast path cannot disagree with it); undefined if
 * some ASCII character folded otherwise than to itself in lower case, dropped or separating.
 */
const ASCII_FOLD = ((): { drop: RegExp; separators: RegExp } | undefined => {
  let drop = '';
  for (let c = 0; c < 128; c++) {
    const f = foldOf(c);
    const ch = String.fromCharCode(c);
    if (f === '') drop += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (f !== undefined && f !== ch.toLowerCase()) return undefined;
    else if (f !== undefined && !/[a-z0-9]/.test(f)) return undefined;
  }
  return { drop: new RegExp(`[${drop}]`, 'g'), separators: /[^a-z0-9]+/g };
})();

/** Folds text to lower-case ASCII tokens separated by single spaces (Cyrillic romanised, marks dropped). */
export function foldText(text: string): string {
  if (ASCII_FOLD && ASCII.test(text)) return text.replace(ASCII_FOLD.drop, '').toLowerCase().replace(ASCII_FOLD.separators, ' ').trim();
  return foldTextByCodePoint(text);
}

/** {@link foldText} one code point at a time (any text; the fast path for ASCII must agree with it). */
export function foldTextByCodePoint(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (const ch of text) {
    const f = foldOf(ch.codePointAt(0)!);
    if (f === undefined) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (f === '') continue;
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += f;
  }
  return out;
}

/** The folded tokens of a text. */
export function tokens(text: string): string[] {
  const f = foldText(text);
  return f ? f.split(' ') : [];
}

// Key alphabet: the letters the transducer emits (c, h, q, j, w, x, y never appear), digits, and the
// separator. Codes are dense so the prefilter can use flat transition tables.
/** Number of symbols of the key alphabet (including the separator, code 0). */
export const KEY_ALPHABET_SIZE = 37;

const MAP_KEY: Record<string, string> = { c: 'k', h: 'k', q: 'k', j: 'i', y: 'i', w: 'v', x: 'ks' };

/** The key symbols emitted for each ASCII letter/digit char code (lower case), as char codes. */
const EMIT: (number[] | undefined)[] = Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (!/[a-z0-9]/.test(ch)) return undefined;
  return [...(MAP_KEY[ch] ?? ch)].map((x) => x.charCodeAt(0));
});

const CH_I = 'i'.charCodeAt(0);
const CH_E = 'e'.charCodeAt(0);

/**
 * The key transducer: feed folded characters one at a time, call {@link KeyTransducer.end} at a token
 * boundary. `out` receives emitted symbols as char codes. Rules, in order: map (c/h/q → k, j/y → i,
 * w → v, x → ks); an `i` is held back and dropped if an `e` follows (`ie` → `e`); a symbol equal to the
 * previous emitted one is dropped (doubled letters collapse).
 */
export class KeyTransducer {
  private last = 0;
  private pendingI = false;
  /** Receives each emitted symbol (a char code of a-z or 0-9). */
  out: (code: number) => void;
  constructor(out: (code: number) => void) {
    this.out = out;
  }
  /** Feeds one folded ASCII character (char code of a-z or 0-9). */
  feed(code: number): void {
    const emits = EMIT[code];
    if (!emits) return;
    for (const m of emits) this.push(m);
  }
  /** Applies only the letter map to one folded character, emitting its mapped symbols unfiltered (for tables). */
  mapOnly(code: number): void {
    for (const m of EMIT[code] ?? []) this.out(m);
  }
  private push(m: number): void {
    if (this.pendingI) {
      if (m === CH_I) return;
      this.pendingI = false;
      if (m !== CH_E) {
        if (this.last !== CH_I) {
          this.out(CH_I);
          this.last = CH_I;
        }
      }
    }
    if (m === CH_I) {
      this.pendingI = true;
      return;
    }
    if (m === this.last) return;
    this.out(m);
    this.last = m;
  }
  /** Ends the current token (flushes a held `i`) and resets the state. */
  end(): void {
    if (this.pendingI && this.last !== CH_I) this.out(CH_I);
    this.pendingI = false;
    this.last = 0;
  }
}

let keyBuf = '';
const keyT = new KeyTransducer((c) => {
  keyBuf += String.fromCharCode(c);
});

const keyCache = new Map<string, string>();

/** The matching key of one folded token (see the module comment); memoised (tokens repeat). */
export function keyOf(foldedToken: string): string {
  const hit = keyCache.get(foldedToken);
  if (hit !== undefined) return hit;
  keyBuf = '';
  for (let i = 0; i < foldedToken.length; i++) keyT.feed(foldedToken.charCodeAt(i));
  keyT.end();
  if (keyCache.size >= 100_000) keyCache.clear();
  keyCache.set(foldedToken, keyBuf);
  return keyBuf;
}

/** The keys of the tokens of a text (empty keys dropped). */
export function keysOf(text: string): string[] {
  return tokens(text).map(keyOf).filter((k) => k.length > 0);
}

/** Levenshtein distance (small strings; exact). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------------------------------
// Legal forms (rigour org_types semantics, the subset relevant here) and organisation-name symbols.
// ---------------------------------------------------------------------------------------------------

/** A legal-form class: forms in one class are equivalent (AO ≡ JSC ≡ АО). */
export type LegalFormClass = 'JSC' | 'LLC' | 'LTD' | 'INC' | 'CORP' | 'PLC' | 'GMBH' | 'AG' | 'SA' | 'LP' | 'CO';

const LEGAL_FORM_PHRASES: readonly [string, LegalFormClass][] = [
  ['aktsionernoe obshchestvo', 'JSC'], ['aktsionernoye obshchestvo', 'JSC'], ['akcionernoe obshhestvo', 'JSC'],
  ['publichnoe aktsionernoe obshchestvo', 'JSC'], ['zakrytoe aktsionernoe obshchestvo', 'JSC'], ['otkrytoe aktsionernoe obshchestvo', 'JSC'],
  ['joint stock company', 'JSC'], ['joint-stock company', 'JSC'], ['closed joint stock company', 'JSC'], ['open joint stock company', 'JSC'],
  ['public joint stock company', 'JSC'], ['ao', 'JSC'], ['jsc', 'JSC'], ['zao', 'JSC'], ['oao', 'JSC'], ['pao', 'JSC'], ['cjsc', 'JSC'], ['ojsc', 'JSC'], ['pjsc', 'JSC'],
  ['obshchestvo s ogranichennoy otvetstvennostyu', 'LLC'], ['obshchestvo s ogranichennoi otvetstvennostiu', 'LLC'],
  ['limited liability company', 'LLC'], ['ooo', 'LLC'], ['llc', 'LLC'], ['l l c', 'LLC'], ['tov', 'LLC'],
  ['limited', 'LTD'], ['ltd', 'LTD'], ['ltd.', 'LTD'],
  ['incorporated', 'INC'], ['inc', 'INC'],
  ['corporation', 'CORP'], ['corp', 'CORP'],
  ['public limited company', 'PLC'], ['plc', 'PLC'],
  ['gesellschaft mit beschrankter haftung', 'GMBH'], ['gmbh', 'GMBH'],
  ['aktiengesellschaft', 'AG'], ['ag', 'AG'],
  ['societe anonyme', 'SA'], ['sa', 'SA'],
  ['limited partnership', 'LP'], ['lp', 'LP'], ['llp', 'LP'],
];

/** Legal-form phrases as key sequences, longest first. */
const LEGAL_FORMS: readonly { keys: string[]; cls: LegalFormClass }[] = LEGAL_FORM_PHRASES.map(([p, cls]) => ({ keys: keysOf(p), cls }))
  .sort((a, b) => b.keys.length - a.keys.length);

/** Organisation-name symbols: synonyms across languages collapse to one symbol (rigour symbols semantics). */
const SYMBOL_WORDS: Record<string, readonly string[]> = {
  '#LAB': ['lab', 'labs', 'laboratory', 'laboratories', 'laboratoriya', 'laboratoriia', 'laboratoria', 'laboratorija', 'laboratorii', 'laboratoriy', 'laboratoire', 'laboratorium', 'labor'],
  '#GROUP': ['group', 'grupp', 'gruppa', 'grupa', 'gruppe', 'groupe', 'grupo', 'grp'],
  '#HOLDING': ['holding', 'holdings', 'kholding'],
  '#COMPANY': ['company', 'co', 'kompaniya', 'kompania', 'compagnie'],
  '#INTERNATIONAL': ['international', 'intl', 'mezhdunarodnaya'],
};
const SYMBOLS = new Map<string, string>();
for (const [sym, words] of Object.entries(SYMBOL_WORDS)) for (const w of words) SYMBOLS.set(keyOf(w), sym);

/** Symbols that say little about which organisation is meant (weighted down in comparisons). */
export const GENERIC_SYMBOLS: ReadonlySet<string> = new Set(['#LAB', '#GROUP', '#HOLDING', '#COMPANY', '#INTERNATIONAL']);

const ORG_STOPWORDS = new Set(['the', 'of', 'and', 'und', 'et', 'i', 'for', 'v'].map(keyOf));

/** An organisation name split into legal forms and comparable core tokens. */
export interface OrgName {
  /** The legal-form classes found (AO → JSC, ООО → LLC …). */
  forms: LegalFormClass[];
  /** The core tokens, as keys; synonyms replaced by `#SYMBOL`. */
  core: string[];
}

/** Splits an organisation name into legal forms and core tokens (keys). */
export function parseOrgName(name: string): OrgName {
  const keys = keysOf(name);
  const forms: LegalFormClass[] = [];
  const core: string[] = [];
  let i = 0;
  outer: while (i < keys.length) {
    for (const lf of LEGAL_FORMS) {
      const n = lf.keys.length;
      if (n && i + n <= keys.length && lf.keys.every((k, j) => keys[i + j] === k)) {
        // a one-letter-ish form ("sa", "ag", "co") counts only at the start or end of the name
        if (n === 1 && keys[i]!.length <= 2 && i !== 0 && i !== keys.length - 1) break;
        if (!forms.includes(lf.cls)) forms.push(lf.cls);
        i += n;
        continue outer;
      }
    }
    const k = keys[i]!;
    if (!ORG_STOPWORDS.has(k)) core.push(SYMBOLS.get(k) ?? k);
    i += 1;
  }
  return { forms, core };
}

/** The stem of an organisation-name key: Russian adjectival/genitive endings removed (`kasperskogo` → `kaspersk`). */
export function orgStem(key: string): string {
  if (key.length < 6) return key;
  for (const end of ['ogo', 'ego', 'omu', 'oi', 'ai', 'i', 'a', 'o', 's']) {
    if (key.endsWith(end) && key.length - end.length >= 5) return key.slice(0, -end.length);
  }
  return key;
}

/** Whether a folded token looks like a Russian patronymic (Gennadyevich, Mikhaylovna, Iurevich, Jurjewitsch …). */
export function looksLikePatronymic(folded: string): boolean {
  // -ovich/-evich and their spellings, plus the short forms of names in -a/-ia/-ma (Ilich, Ilyich,
  // Kuzmich, Lukich, Fomich, Nikitich, Savvich) and their feminine -ichna
  return folded.length >= 5 && /(ovich|evich|ovitch|evitch|ovic|evic|owitsch|ewitsch|owicz|ewicz|ovych|evych|ovna|evna|owna|ewna|ichna|inichna|yich|ich|ych|itch|itsch)$/.test(folded);
}

/** The tokens of a text in their original spelling (same boundaries as {@link tokens}). */
export function rawTokens(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let curFold = '';
  for (const ch of text) {
    const f = foldOf(ch.codePointAt(0)!);
    if (f === undefined) {
      if (curFold) out.push(cur);
      cur = '';
      curFold = '';
    } else {
      cur += ch;
      curFold += f;
    }
  }
  if (curFold) out.push(cur);
  return out;
}
