/**
 * The package's JSON-LD context (`context/v2.jsonld`, generated from the ontology; `context/v1.jsonld`, the
 * previous version, stays published unchanged for documents that name it) and the static document loader that is the only way JSON-LD documents are ever resolved: it knows the package context by its IRI
 * and refuses every other remote document, so no export or import touches the network.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../data/paths.js';

/** The versioned, immutable IRI of the package context. */
export const CONTEXT_IRI = 'https://w3id.org/kaspersky-kg/context/v2.jsonld';

/** Where the context file lives inside the package. */
export const contextFile: string = join(packageRoot, 'context', 'v2.jsonld');

/** The IRI of the first context version (frozen: published, never regenerated, still served). */
export const CONTEXT_V1_IRI = 'https://w3id.org/kaspersky-kg/context/v1.jsonld';

/** Where the frozen first context version lives inside the package. */
export const contextV1File: string = join(packageRoot, 'context', 'v1.jsonld');

/** A JSON-LD context definition (the value of `@context`). */
export type ContextDefinition = Readonly<Record<string, unknown>>;

let cachedText: string | undefined;
let cachedContext: ContextDefinition | undefined;

/** The text of `context/v2.jsonld` (a document `{"@context": {...}}`), read once. */
export function contextDocumentText(): string {
  cachedText ??= readFileSync(contextFile, 'utf8');
  return cachedText;
}

let cachedV1Text: string | undefined;
/** The text of the frozen `context/v1.jsonld`, read once. */
export function contextV1DocumentText(): string {
  cachedV1Text ??= readFileSync(contextV1File, 'utf8');
  return cachedV1Text;
}

/** The package context definition: the object under `@context` in `context/v2.jsonld`. */
export function packageContext(): ContextDefinition {
  if (!cachedContext) {
    const doc = JSON.parse(contextDocumentText()) as { '@context'?: ContextDefinition };
    if (!doc['@context'] || typeof doc['@context'] !== 'object') throw new Error(`${contextFile}: no @context object`);
    cachedContext = doc['@context'];
  }
  return cachedContext;
}

/** Thrown when a JSON-LD document refers to a remote document (context) other than the package's own. */
export class RemoteDocumentRefusedError extends Error {
  /** The IRI that was refused. */
  readonly iri: string;
  constructor(iri: string, where?: string) {
    super(
      `${where ? `${where}: ` : ''}refusing to load the remote JSON-LD document <${iri}>: only the package contexts <${CONTEXT_IRI}> and <${CONTEXT_V1_IRI}> are ` +
        'available (offline, static loader); inline that context in the document or drop the reference',
    );
    this.name = 'RemoteDocumentRefusedError';
    this.iri = iri;
  }
}

/** What a jsonld.js document loader returns. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A jsonld.js `documentLoader` that serves the package contexts (v2, and the frozen v1) from the package and refuses everything
 * else with {@link RemoteDocumentRefusedError} (never fetches). Pass it to every jsonld.js call.
 */
export async function staticDocumentLoader(url: string): Promise<RemoteDocument> {
  if (url === CONTEXT_IRI) return { contextUrl: null, documentUrl: url, document: JSON.parse(contextDocumentText()) as unknown };
  if (url === CONTEXT_V1_IRI) return { contextUrl: null, documentUrl: url, document: JSON.parse(contextV1DocumentText()) as unknown };
  throw new RemoteDocumentRefusedError(url);
}

// ------------------------------------------------------------------------------------ embedded contexts

/** Context entries that only JSON-LD 1.1 processors read (a 1.0 processor refuses a context holding one). */
const JSON_LD_11_KEYWORDS = new Set(['@included', '@nest', '@json', '@direction', '@none', '@propagate', '@import', '@protected', '@version']);
const JSON_LD_10_CONTAINERS = new Set(['@list', '@set', '@language', '@index']);

/** True when a term definition (or keyword alias) needs a JSON-LD 1.1 processor. */
export function needsJsonLd11(definition: unknown): boolean {
  if (typeof definition === 'string') return JSON_LD_11_KEYWORDS.has(definition);
  if (!definition || typeof definition !== 'object') return false;
  const d = definition as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (k === '@context' || k === '@nest' || k === '@prefix' || k === '@protected' || k === '@propagate' || k === '@direction' || k === '@index') return true;
    if (k === '@container') {
      const c = d[k];
      if (Array.isArray(c) || typeof c !== 'string' || !JSON_LD_10_CONTAINERS.has(c)) return true;
    }
    if (k === '@type' && (d[k] === '@json' || d[k] === '@none')) return true;
    if (k === '@id' && typeof d[k] === 'string' && JSON_LD_11_KEYWORDS.has(d[k] as string)) return true;
  }
  return false;
}

/**
 * The context to embed in a document: the given context's own term definitions, in its order, restricted to
 * the terms the document uses (when `used` is given), and without `@version`/`@protected` when no term used
 * needs JSON-LD 1.1, so that JSON-LD 1.0 processors read it too. Definitions are the context's own objects.
 */
function embeddable(entries: readonly (readonly [string, unknown])[], keep: (i: number) => boolean): Record<string, unknown> {
  let needs11 = false;
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (k.charCodeAt(0) !== 64 && keep(i) && needsJsonLd11(v)) {
      needs11 = true;
      break;
    }
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (k.charCodeAt(0) === 64) {
      if (needs11 || (k !== '@version' && k !== '@protected')) out[k] = v;
    } else if (keep(i)) out[k] = v;
  }
  return out;
}

/**
 * The whole context as a document embeds it: every term definition, and `@version`/`@protected` only when
 * a term needs JSON-LD 1.1 (the package context's whole-graph documents then read in JSON-LD 1.0 processors
 * too). Leave out `skipTerms` (e.g. the `claims` alias of `@included`, which a whole-graph document never
 * uses). Cached per context object.
 */
export function embeddedContext(context: ContextDefinition, skipTerms: readonly string[] = []): ContextDefinition {
  const key = skipTerms.join('\u0000');
  let byContext = fullCache.get(context);
  if (!byContext) fullCache.set(context, (byContext = new Map()));
  let out = byContext.get(key);
  if (!out) {
    const entries = Object.entries(context);
    byContext.set(key, (out = embeddable(entries, (i) => !skipTerms.includes(entries[i]![0]))));
  }
  return out;
}
const fullCache = new WeakMap<ContextDefinition, Map<string, ContextDefinition>>();

/**
 * Computes, for documents compacted with one context, the smallest context that means the same for each of
 * them: the definitions of the terms the document uses (as keys; as the strings under `@id`, `@type` and its
 * aliases and `@id`/`@vocab`-typed terms: `type` values, `@vocab` values, compact IRIs whose prefix is a term),
 * and the terms those definitions refer to, in the context's order. Literal strings are not looked at (a term
 * there would not be read as a term). Over-inclusion is harmless; a term the document uses is never left out. Sub-trees shared between documents can be measured once ({@link ContextPruner.termsOf})
 * and their term lists merged ({@link ContextPruner.contextFor}). Equal term sets share one context object.
 */
export class ContextPruner {
  private readonly entries: readonly (readonly [string, unknown])[];
  private readonly index = new Map<string, number>();
  /** Marks of the terms of the document being measured (see {@link mark}); all 0 between documents. */
  private readonly marks: Uint8Array;
  /** Scratch list for {@link markValue}. */
  private readonly scratch: number[] = [];
  /** Marks for {@link distinct}. */
  private readonly seen: Uint8Array;
  private readonly cache = new Map<string, ContextDefinition>();
  /** For each entry, the other terms its definition refers to (prefixes of its compact IRIs, terms it names). */
  private readonly needs: readonly (readonly number[])[];
  /** The length of the longest term. */
  private readonly longest: number;
  private readonly keys = new Map<string, number>();
  /** Term index by the rolling hash of the term (for compact-IRI prefixes; see {@link addString}). */
  private readonly prefixes = new Map<number, number>();
  /** True when two terms share a hash (then a prefix that fails the check is looked up by its string). */
  private readonly hashClash: boolean;
  /** True when some term holds a colon (then a compact-IRI-looking string may be a term too). */
  private readonly colonTerms: boolean;
  /** The marked term indices, in marking order (see {@link mark}). */
  private readonly marked: number[] = [];
  /** The marks as bits, for the cache key of {@link takeContext}. */
  private readonly bits: Uint16Array;

  constructor(context: ContextDefinition) {
    this.entries = Object.entries(context);
    for (let i = 0; i < this.entries.length; i++) {
      const k = this.entries[i]![0];
      if (k.charCodeAt(0) !== 64) this.index.set(k, i);
    }
    this.marks = new Uint8Array(this.entries.length);
    this.seen = new Uint8Array(this.entries.length);
    this.bits = new Uint16Array((this.entries.length >> 4) + 1);
    let longest = 0;
    for (const k of this.index.keys()) if (k.length > longest) longest = k.length;
    this.longest = longest;
    this.colonTerms = [...this.index.keys()].some((k) => k.includes(':'));
    let clash = false;
    for (const [k, i] of this.index) {
      let h = 0;
      for (let j = 0; j < k.length; j++) h = (Math.imul(h, 31) + k.charCodeAt(j)) | 0;
      if (this.prefixes.has(h)) clash = true;
      else this.prefixes.set(h, i);
    }
    this.hashClash = clash;
    this.needs = this.entries.map(([k, v]) => (k.charCodeAt(0) === 64 ? [] : this.termsOf(v).filter((i) => this.entries[i]![0] !== k)));
  }

  /** The indices of the context terms a JSON value uses (with repeats), appended to `into`. */
  termsOf(value: unknown, into: number[] = []): number[] {
    this.visit(value, true, into);
    return into;
  }

  /**
   * What a key is, packed: bits 0-1 what the values under it can hold (1 strings that may be terms or
   * compact IRIs: under `@id`, `@type` and its aliases, `@id`/`@vocab`-typed terms; 0 only literal strings,
   * objects below still count; 2 nothing to look at: `@value`, `@language`, language maps), bits 2- the
   * key's term index + 1 (0: not a term). Memoised per key.
   */
  private keyInfo(key: string): number {
    let info = this.keys.get(key);
    if (info === undefined) {
      const i = key.charCodeAt(0) === 64 ? undefined : this.termIndex(key);
      const def = i === undefined ? undefined : this.entries[i]![1];
      let k: number;
      if (key === '@id' || key === '@type' || def === '@type') k = 1;
      else if (key === '@value' || key === '@language' || key === '@index' || key === '@direction') k = 2;
      else if (def && typeof def === 'object') {
        const d = def as Record<string, unknown>;
        k = d['@container'] === '@language' ? 2 : d['@type'] === '@id' || d['@type'] === '@vocab' ? 1 : 0;
      } else k = 0;
      info = k | ((i === undefined ? 0 : i + 1) << 2);
      this.keys.set(key, info);
    }
    return info;
  }

  /** The index of the term a key names, or of the prefix of the compact IRI it is (undefined: neither). */
  private termIndex(s: string): number | undefined {
    const i = this.index.get(s);
    if (i !== undefined) return i;
    const colon = s.indexOf(':');
    return colon > 0 ? this.index.get(s.slice(0, colon)) : undefined;
  }

  private addString(s: string, into: number[]): void {
    // A term is short, and so is the prefix of a compact IRI. The prefix is found by a rolling hash of the
    // characters before the colon (no slice, no string hashing): one number lookup, checked char by char.
    const n = s.length;
    const longest = this.longest;
    const end = n < longest + 1 ? n : longest + 1;
    let h = 0;
    for (let k = 0; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c === 58) {
        if (k === 0) return;
        const p = this.prefixes.get(h);
        if (p !== undefined) {
          const term = this.entries[p]![0];
          let same = term.length === k;
          for (let j = 0; same && j < k; j++) same = term.charCodeAt(j) === s.charCodeAt(j);
          if (same) into.push(p);
          else if (this.hashClash) {
            const q = this.index.get(s.slice(0, k));
            if (q !== undefined) into.push(q);
          }
        }
        if (this.colonTerms && n <= longest) {
          const i = this.index.get(s);
          if (i !== undefined) into.push(i);
        }
        return;
      }
      h = (Math.imul(h, 31) + c) | 0;
    }
    if (n <= longest) {
      const i = this.index.get(s);
      if (i !== undefined) into.push(i);
    }
  }

  private visit(v: unknown, strings: boolean, into: number[]): void {
    if (typeof v === 'string') {
      if (strings) this.addString(v, into);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) this.visit(v[i], strings, into);
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        if (k === '@context') continue;
        const info = this.keyInfo(k);
        if (info > 3) into.push((info >> 2) - 1);
        const kind = info & 3;
        if (kind !== 2) this.visit(o[k], kind === 1, into);
      }
    }
  }

  /** The distinct term indices among `terms` (for lists kept and merged many times). */
  distinct(terms: readonly number[]): number[] {
    const mark = this.seen;
    const out: number[] = [];
    for (const i of terms) {
      if (!mark[i]) {
        mark[i] = 1;
        out.push(i);
      }
    }
    for (const i of out) mark[i] = 0;
    return out;
  }

  /** Marks term indices (see {@link termsOf}) for the next {@link takeContext}. */
  mark(terms: readonly number[]): void {
    const mark = this.marks;
    const marked = this.marked;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (!mark[t]) {
        mark[t] = 1;
        marked.push(t);
      }
    }
  }

  /** Marks the terms a JSON value uses for the next {@link takeContext}. */
  markValue(value: unknown): void {
    const scratch = this.scratch;
    scratch.length = 0;
    this.visit(value, true, scratch);
    this.mark(scratch);
  }

  /**
   * The context holding the definitions of the marked terms and of the terms their definitions refer to
   * (transitively); clears the marks. Equal sets give the same context object.
   */
  takeContext(): ContextDefinition {
    const mark = this.marks;
    const marked = this.marked;
    for (let n = 0; n < marked.length; n++) {
      for (const j of this.needs[marked[n]!]!) {
        if (!mark[j]) {
          mark[j] = 1;
          marked.push(j);
        }
      }
    }
    // The key of the set: its bits, 16 to a character (no sort, no number formatting).
    const bits = this.bits;
    for (const i of marked) bits[i >> 4]! |= 1 << (i & 15);
    const key = String.fromCharCode.apply(null, bits as unknown as number[]);
    bits.fill(0);
    let out = this.cache.get(key);
    if (!out) this.cache.set(key, (out = embeddable(this.entries, (i) => mark[i] === 1)));
    for (const i of marked) mark[i] = 0;
    marked.length = 0;
    return out;
  }

  /** The context holding the definitions of the given term indices (see {@link termsOf} and {@link takeContext}). */
  contextFor(terms: readonly number[]): ContextDefinition {
    this.mark(terms);
    return this.takeContext();
  }

  /** The smallest context for one document (see the class description). */
  contextOf(document: unknown): ContextDefinition {
    this.markValue(document);
    return this.takeContext();
  }
}
