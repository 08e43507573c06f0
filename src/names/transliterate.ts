/**
 * Transliteration of Russian Cyrillic to Latin in several published schemes, a reverse (Latin → Cyrillic)
 * reconstruction used only to derive matching variants from the reported Latin spellings, and the
 * per-code-point fold table shared by the string normaliser and the byte-level prefilter.
 *
 * The Cyrillic spellings produced by {@link latinToCyrillic} are guesses made for matching; they are never
 * data facts (the sources report Latin spellings only).
 * @module
 */

/** The transliteration schemes the linker knows. */
export type Scheme = 'bgn' | 'icao' | 'iso9' | 'scholarly' | 'german' | 'polish' | 'french';

/** Every scheme, in the order variants are generated. */
export const SCHEMES: readonly Scheme[] = ['bgn', 'icao', 'iso9', 'scholarly', 'german', 'polish', 'french'];

/** The Russian alphabet in order (lower case), used by the tables below. */
const ALPHABET = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';

// One row per scheme: the Latin for each letter of ALPHABET, in order.
const TABLE_ROWS: Record<Scheme, readonly string[]> = {
  // BGN/PCGN 1947 (apostrophes for ь/ъ dropped, as most press copies do; "ye" word-initially and after vowels/ь/ъ).
  bgn: ['a', 'b', 'v', 'g', 'd', 'e', 'ë', 'zh', 'z', 'i', 'y', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', '', 'y', '', 'e', 'yu', 'ya'],
  // ICAO Doc 9303 (Russian passports since 2013).
  icao: ['a', 'b', 'v', 'g', 'd', 'e', 'e', 'zh', 'z', 'i', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'kh', 'ts', 'ch', 'sh', 'shch', 'ie', 'y', '', 'e', 'iu', 'ia'],
  // ISO 9:1995 (system A), with its diacritics.
  iso9: ['a', 'b', 'v', 'g', 'd', 'e', 'ë', 'ž', 'z', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'h', 'c', 'č', 'š', 'ŝ', 'ʺ', 'y', 'ʹ', 'è', 'û', 'â'],
  // Scholarly (linguistic) transliteration.
  scholarly: ['a', 'b', 'v', 'g', 'd', 'e', 'ë', 'ž', 'z', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'x', 'c', 'č', 'š', 'šč', 'ʺ', 'y', 'ʹ', 'ė', 'ju', 'ja'],
  // German press (Duden) transcription.
  german: ['a', 'b', 'w', 'g', 'd', 'e', 'jo', 'sch', 's', 'i', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'ch', 'z', 'tsch', 'sch', 'schtsch', '', 'y', '', 'e', 'ju', 'ja'],
  // Polish press transcription.
  polish: ['a', 'b', 'w', 'g', 'd', 'e', 'io', 'ż', 'z', 'i', 'j', 'k', 'ł', 'm', 'n', 'o', 'p', 'r', 's', 't', 'u', 'f', 'ch', 'c', 'cz', 'sz', 'szcz', '', 'y', '', 'e', 'iu', 'ia'],
  // French press transcription.
  french: ['a', 'b', 'v', 'g', 'd', 'e', 'io', 'j', 'z', 'i', 'ï', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 's', 't', 'ou', 'f', 'kh', 'ts', 'tch', 'ch', 'chtch', '', 'y', '', 'e', 'iou', 'ia'],
};

const TABLES: Record<Scheme, Map<string, string>> = Object.fromEntries(
  SCHEMES.map((s) => [s, new Map([...ALPHABET].map((c, i) => [c, TABLE_ROWS[s][i]!]))]),
) as Record<Scheme, Map<string, string>>;

const VOWELS_CYR = new Set([...'аеёиоуыэюяьъй']);
const LATIN_VOWELS = new Set([...'aeiouy']);

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase();
}

/**
 * Transliterates Russian Cyrillic text to Latin in `scheme`. Non-Cyrillic characters pass through.
 * Context rules: `е` is `ye` (BGN) / `je` (German, Polish) word-initially and after vowels, `ь` and `ъ`;
 * `ий`/`ый` at a word's end are `iy`/`y` (BGN), `ii`/`y` (ICAO), `ij` (ISO 9), `i`/`y` (German);
 * `и` after `ь` is `yi` (BGN) / `ji` (German).
 */
export function cyrillicToLatin(text: string, scheme: Scheme): string {
  const table = TABLES[scheme];
  const chars = [...text];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    let lat = table.get(lower);
    if (lat === undefined) {
      out += ch;
      continue;
    }
    const prev = i > 0 ? chars[i - 1]!.toLowerCase() : '';
    const next = i + 1 < chars.length ? chars[i + 1]!.toLowerCase() : '';
    const wordStart = !/[\p{L}]/u.test(prev);
    const afterVowel = VOWELS_CYR.has(prev);
    const wordEnd = !/[\p{L}]/u.test(next);
    if (lower === 'е' && (wordStart || afterVowel)) {
      if (scheme === 'bgn') lat = 'ye';
      else if (scheme === 'german' || scheme === 'polish') lat = 'je';
    }
    if (lower === 'ё' && (wordStart || afterVowel) && scheme === 'bgn') lat = 'yë';
    if (lower === 'и' && (prev === 'ь') && (scheme === 'bgn' || scheme === 'german')) lat = scheme === 'bgn' ? 'yi' : 'ji';
    if (lower === 'й' && wordEnd && (prev === 'и' || prev === 'ы')) {
      // -ий / -ый endings
      if (scheme === 'german' || scheme === 'french') lat = '';
    }
    if (lower === 'л' && scheme === 'polish' && 'еёиюяь'.includes(next) && next !== '') lat = 'l';
    if (lat === '') continue;
    if (isUpper(ch)) {
      const rest = chars[i + 1];
      lat = rest && isUpper(rest) ? lat.toUpperCase() : lat[0]!.toUpperCase() + lat.slice(1);
    }
    out += lat;
  }
  return out;
}

/** Whether a string contains Cyrillic letters. */
export function hasCyrillic(text: string): boolean {
  return /[\u0400-\u04FF]/.test(text);
}

/**
 * Reconstructs a plausible Russian Cyrillic spelling of a romanised Russian name (BGN/ICAO-style input),
 * for generating matching variants only. Rules: `shch` → щ, `kh` → х, `zh` → ж, `ch` → ч, `sh` → ш,
 * `ts` → ц, `yu`/`iu` → ю, `ya`/`ia` → я; `ye` → е after a vowel or word-initially, ье after a consonant;
 * `y`/`i` after a vowel and before a consonant or at a word's end → й; final `-sky`/`-iy`/`-y` → ий;
 * word-initial `e` → е, `e` elsewhere → е. Returns lower-case-preserving Cyrillic (first letter of each
 * word capitalised when the input's was).
 */
export function latinToCyrillic(name: string): string {
  return name.replace(/[A-Za-z]+/g, (word) => {
    const cap = isUpper(word[0]!);
    const allCaps = word.length > 1 && word === word.toUpperCase();
    const w = word.toLowerCase();
    let out = '';
    let i = 0;
    const at = (k: number) => w[k] ?? '';
    while (i < w.length) {
      const rest = w.slice(i);
      const prevLat = i > 0 ? at(i - 1) : '';
      const prevVowel = LATIN_VOWELS.has(prevLat) && prevLat !== '';
      if (rest.startsWith('shch')) { out += 'щ'; i += 4; continue; }
      if (rest.startsWith('kh')) { out += 'х'; i += 2; continue; }
      if (rest.startsWith('zh')) { out += 'ж'; i += 2; continue; }
      if (rest.startsWith('ch')) { out += 'ч'; i += 2; continue; }
      if (rest.startsWith('sh')) { out += 'ш'; i += 2; continue; }
      if (rest.startsWith('ts')) { out += 'ц'; i += 2; continue; }
      const c = w[i]!;
      const next = at(i + 1);
      if (c === 'y' || (c === 'i' && prevVowel && prevLat !== 'i' && next === '')) {
        // iotated vowels
        if (c === 'y' && next === 'u') { out += i === 0 || prevVowel ? 'ю' : 'ью'; i += 2; continue; }
        if (c === 'y' && next === 'a') { out += i === 0 || prevVowel ? 'я' : 'ья'; i += 2; continue; }
        if (c === 'y' && next === 'o') { out += i === 0 || prevVowel ? 'ё' : 'ьё'; i += 2; continue; }
        if (c === 'y' && next === 'e') { out += i === 0 || prevVowel ? 'е' : 'ье'; i += 2; continue; }
        if (c === 'y' && next === 'i') { out += 'ьи'; i += 2; continue; }
        if (prevVowel) { out += 'й'; i += 1; continue; }
        // y after a consonant: -y at the end → ий (Kaspersky, Yevgeny), elsewhere ы
        out += next === '' ? 'ий' : 'ы';
        i += 1;
        continue;
      }
      if (c === 'i' && next === 'u' && i > 0 && !prevVowel) { out += 'ю'; i += 2; continue; }
      if (c === 'i' && next === 'a' && i + 2 === w.length) { out += 'ия'; i += 2; continue; }
      if (c === 'i' && next === 'y' && i + 2 === w.length) { out += 'ий'; i += 2; continue; }
      if (c === 'e' && i === 0) { out += 'е'; i += 1; continue; }
      const map: Record<string, string> = {
        a: 'а', b: 'б', v: 'в', w: 'в', g: 'г', d: 'д', e: 'е', z: 'з', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о',
        p: 'п', r: 'р', s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х', c: 'к', x: 'кс', q: 'к',
      };
      out += map[c] ?? c;
      i += 1;
    }
    if (allCaps) return out.toUpperCase();
    return cap ? out[0]!.toUpperCase() + out.slice(1) : out;
  });
}

/**
 * All romanisations of a Cyrillic string in every scheme, de-duplicated (order: {@link SCHEMES}).
 */
export function romanisations(cyrillic: string): string[] {
  return [...new Set(SCHEMES.map((s) => cyrillicToLatin(cyrillic, s)))];
}

/**
 * Matching variants of a reported Latin spelling of a Russian name: the spelling itself, plus every
 * romanisation of its reconstructed Cyrillic form (and that Cyrillic form). For matching only.
 */
export function nameVariants(latin: string): string[] {
  const cyr = latinToCyrillic(latin);
  return [...new Set([latin, cyr, ...romanisations(cyr)])];
}

// ---------------------------------------------------------------------------------------------------
// The fold table: code point → ASCII (lower case) letters, '' (dropped) or undefined (a token boundary).
// Shared by `normalise.ts` (strings) and `blocking.ts` (bytes), so both see exactly the same tokens.
// ---------------------------------------------------------------------------------------------------

/** The canonical romanisation used to fold Cyrillic before comparison (BGN letters without context rules). */
const CANON_CYR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian and other Cyrillic letters seen in sanctions data
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'g', ќ: 'k', ѕ: 'dz',
};

/** Latin letters whose compatibility decomposition does not give the ASCII base. */
const SPECIAL_LATIN: Record<string, string> = {
  ß: 'ss', æ: 'ae', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', œ: 'oe', ı: 'i', ħ: 'h', ŀ: 'l', ŧ: 't', ĸ: 'k', ſ: 's',
  // ISO 9 / scholarly / Czech-style letters that stand for digraphs
  č: 'ch', š: 'sh', ž: 'zh', ŝ: 'shch', ć: 'ch', ś: 's', ź: 'z', ż: 'zh', ǆ: 'dz', ǌ: 'nj', ǉ: 'lj',
};

/** Characters dropped inside a token (apostrophes, soft/hard sign marks, combining marks). */
const DROPPED = new Set(["'", '’', 'ʹ', 'ʺ', 'ʼ', '`', '´', 'ʻ', '‘']);

/**
 * The fold of one code point: a string of ASCII lower-case letters/digits, `''` when the character is
 * dropped inside a token, or `undefined` when it separates tokens.
 */
export function foldCodePoint(cp: number): string | undefined {
  if (cp < 128) {
    if (cp >= 48 && cp <= 57) return String.fromCharCode(cp);
    if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32);
    if (cp >= 97 && cp <= 122) return String.fromCharCode(cp);
    if (cp === 39 || cp === 96) return '';
    return undefined;
  }
  const ch = String.fromCodePoint(cp);
  if (DROPPED.has(ch)) return '';
  if (cp >= 0x300 && cp <= 0x36f) return '';
  const lower = ch.toLowerCase();
  if (CANON_CYR[lower] !== undefined) return CANON_CYR[lower];
  if (SPECIAL_LATIN[lower] !== undefined) return SPECIAL_LATIN[lower];
  const base = lower.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (/^[a-z0-9]+$/.test(base)) return base;
  return undefined;
}

/** Largest code point covered by the fold table; others are folded (and cached) by their callers. */
export const FOLD_TABLE_LIMIT = 0x0500;

/** Folds for code points below {@link FOLD_TABLE_LIMIT}, filled on first use (null: not yet computed; undefined: boundary). */
const FOLD_TABLE: (string | undefined | null)[] = new Array<string | undefined | null>(FOLD_TABLE_LIMIT).fill(null);

/** {@link foldCodePoint} through a table filled on first use (start-up does not fold every code point). */
export function foldTabled(cp: number): string | undefined {
  let f = FOLD_TABLE[cp];
  if (f === null) f = FOLD_TABLE[cp] = foldCodePoint(cp);
  return f;
}
