/**
 * The precompiled point-lookup index: its file format, where it lives, and the fingerprints that tie it
 * to the SPARQL texts of the helpers it answers.
 *
 * The index is a compact JSON rendering of exactly what the `entity`, `externalIds` and `findEntities`
 * helpers' WHERE clauses read (labels, alternative names, types and identifiers of each subject, from
 * the facts view and from the propositions claims state), so that those helpers can answer without loading the SPARQL
 * engine. The helpers' SPARQL stays the definition of what they mean: the index only replaces the
 * evaluation of their WHERE clause; the row mappers are the helpers' own.
 * @module
 */
import { foldName } from '../helpers/queries.js';

/** The format identifier written into every index file; a reader refuses any other. */
export const INDEX_FORMAT = 'kaspersky-kg/point-index@1';

/** The helpers the index can answer. */
export type IndexedHelperName = 'entity' | 'externalIds' | 'findEntities';

/**
 * A term of the index's term table: an IRI (a plain string), a literal `[value]` (xsd:string),
 * `[value, language]` or `[value, '', datatype]`, or a blank node `{ b: label }`.
 */
export type IndexTerm = string | [string] | [string, string] | [string, '', string] | { b: string };

/** The facet kinds of the `entity` helper's rows (`?k`), in code order. */
export const FACET_KINDS = ['label', 'alt', 'type', 'same'] as const;

/** What the index holds about one subject (an IRI). */
export interface IndexEntity {
  /**
   * The distinct `(?k, ?v)` rows of the `entity` helper for this subject, each coded as
   * `termIndex * 4 + kind` (kind: the position in {@link FACET_KINDS}).
   */
  f?: number[];
  /** The distinct `(?p, ?v)` rows of the `externalIds` helper, flattened `[p, v, p, v, …]` as term indexes, in its ORDER BY order. */
  x?: number[];
  /**
   * Set when the engine may return some of this subject's terms differently from how they were parsed
   * (blank nodes get engine-local labels; typed literals are canonicalised, `"01"^^xsd:integer` → `"1"`):
   * such subjects are answered by SPARQL.
   */
  u?: 1;
}

/** The whole index file. */
export interface IndexFile {
  /** {@link INDEX_FORMAT}. */
  format: typeof INDEX_FORMAT;
  /** The N-Quads the index was built from: byte length, quad count and SHA-256 (hex). */
  dataset: { bytes: number; quads: number; sha256: string };
  /** Fingerprints ({@link fingerprint}) of the helper SPARQL texts the index was built for. */
  helpers: Record<IndexedHelperName, string>;
  /** `process.versions.unicode` when the search names were folded (they are refolded on a mismatch). */
  unicode: string;
  /** The term table. */
  terms: IndexTerm[];
  /** Subject IRI → what the index holds about it. */
  entities: Record<string, IndexEntity>;
  /**
   * The `findEntities` candidates (named subjects in the `id:` namespace): `[iri, folded names joined by "|"]`.
   * Folded names hold only letters, digits and single spaces, so `|` never occurs in them.
   */
  search: [string, string][];
  /** False when some candidate's name is a blank node or a typed literal: `findEntities` then runs as SPARQL. */
  searchExact: boolean;
}

/**
 * A short, stable fingerprint of a text (32-bit FNV-1a, hex). Used to notice that a helper's SPARQL text
 * changed since the index code or data were written for it; not a security measure.
 */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The index file that belongs to a compiled N-Quads file (`kaspersky-kg.nq` → `kaspersky-kg.index.json`). */
export function indexFileFor(nquadsFile: string): string {
  return nquadsFile.replace(/\.nq$/, '') + '.index.json';
}

/**
 * Compares two strings by Unicode code points, as SPARQL engines order strings (JavaScript's `<`
 * compares UTF-16 code units, which puts astral characters before U+E000–U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff || y >= 0xd800 && y <= 0xdfff) return a.codePointAt(i)! - b.codePointAt(i)!;
    return x - y;
  }
  return a.length - b.length;
}

/** The distinct folded forms (the `findEntities` helper's `foldName`) of some names, joined by `|`. */
export function foldNames(names: readonly string[]): string {
  return [...new Set(names.map(foldName))].join('|');
}
