/**
 * IRI and value compaction against a fixed JSON-LD context, computed once from the context itself (never
 * hard-coded): which term or compact IRI stands for an IRI, and how each predicate's values are written.
 * This is the part of JSON-LD compaction the exports need, without jsonld.js on the hot path; every choice
 * here expands back to exactly the same IRI (the tests check it with jsonld.js as the oracle).
 *
 * The rules, and where they differ from jsonld.js `compact` (JSON-LD 1.1 Compaction Algorithm) on the same
 * context (checked by running both on hand-made graphs; every difference expands to the same quads):
 *
 * - **Context features read.** Term definitions as strings or objects with `@id`, `@type`, `@container`
 *   (`@language` or `@set`) and `@protected`; the aliases of `@type` (`type` in the package context) and
 *   `@included` (`claims`). A term with any other feature (`@reverse`, `@context`, `@nest`, `@list` or
 *   `@index` containers, `@type: @json`/`@none`) is never used as a key: its predicate's values go under a
 *   compact IRI. `@vocab` and `@base` are ignored: IRIs are never shortened to a vocabulary suffix or made
 *   relative (jsonld.js writes `age` for `ex:age` under `"@vocab": ex`).
 * - **One term per predicate.** A predicate's key is the shortest usable term with its IRI (then the least
 *   in code-unit order), the order jsonld.js builds its inverse context in; values that do not fit that
 *   term's coercion go under a compact IRI of the predicate (see {@link PredicatePlan}). jsonld.js selects a
 *   term per value, so with two terms for one IRI (`knows` typed `@id`, `knowsPlain` plain) it puts a literal
 *   under `knowsPlain`, where this writes `ex:knows`.
 * - **Value coercion by the term's definition.** `@type: @id`: IRIs and blank nodes as strings compacted in
 *   document position (compact IRI or the IRI, never a term: as jsonld.js). `@type: @vocab`: IRIs compacted
 *   in vocabulary position (the shortest term with that IRI whatever its definition, then a compact IRI,
 *   then the IRI), blank nodes as `_:label`. `@type:
 *   <datatype>`: literals of exactly that datatype as bare strings (`date: "2020-01-01"`), any other literal
 *   under the compact IRI as a value object (as jsonld.js). No coercion: node references as `{"@id"}`,
 *   `xsd:string` literals as bare strings, other literals as `{"@value", "@type"}` or
 *   `{"@value", "@language"}`; inside value objects the keyword `@type` is written, where jsonld.js writes
 *   the context's alias (`type`). Literals are never turned into JSON numbers or booleans (as jsonld.js
 *   without `useNativeTypes`).
 * - **Language maps** (`@container: @language`): language-tagged strings only, keyed by the lower-cased tag
 *   (entries in code-unit order of the tags); a string without a tag goes under the compact IRI, where
 *   jsonld.js puts it in the map under `@none`.
 * - **A `@set` container changes nothing**: one value is written bare, where jsonld.js always writes an
 *   array for such a term.
 * - **`rdf:type`.** IRI objects are `@type` values under the alias, compacted in vocabulary position. A blank
 *   node or literal object of `rdf:type` is an ordinary property value (`"rdf:type": {"@id": "_:b"}`), where
 *   jsonld.js (`useRdfType: false`) puts a blank node among the `@type` values.
 * - **Compact IRIs.** Prefixes are the terms defined as a string ending in a gen-delim (`: / ? # [ ] @`),
 *   as JSON-LD 1.1 allows; one per namespace (the shortest term, then the least). An IRI takes the
 *   *longest* matching namespace; jsonld.js takes the shortest resulting compact IRI, so with `exa:` =
 *   `…/a/` and `verylongprefix:` = `…/a/b/` it writes `exa:b/c` where this writes `verylongprefix:c`. A compact
 *   IRI is skipped when its suffix starts with `//` or when it is itself a term. An IRI that no prefix
 *   shortens and whose scheme is a term of the context (`foo:bar` with a term `foo`) would be read back as
 *   a compact IRI: it is refused with an error, as jsonld.js refuses it when that term is a prefix
 *   ("IRI confused with prefix").
 * - **Blank nodes** keep their labels (`_:label`), as jsonld.js `fromRDF` does.
 * @module
 */
import type { Quad } from 'n3';
import type { ContextDefinition } from './context.js';
import { XSD_STRING } from '../namespaces.js';

const GEN_DELIMS = new Set([':', '/', '?', '#', '[', ']', '@']);

/** How the values of one predicate are written under one key. */
export type ValueShape =
  /** IRIs (and blank nodes) as compact IRI strings (`@type: @id`). */
  | { kind: 'id' }
  /** IRIs as terms or compact IRI strings (`@type: @vocab`). */
  | { kind: 'vocab' }
  /** Language-tagged strings in a language map (`@container: @language`). */
  | { kind: 'language' }
  /** Literals of one datatype as bare strings (`@type: <datatype>`). */
  | { kind: 'typed'; datatype: string }
  /** Anything, as value objects (`{"@value"}` / `{"@id"}`; plain strings bare). */
  | { kind: 'plain' };

/** The plan for one predicate: the term for values that fit it, and a key that takes anything else. */
export interface PredicatePlan {
  /** The term, when the context has a usable one for this predicate. */
  readonly key: string | undefined;
  /** How values are written under {@link key}. */
  readonly shape: ValueShape;
  /** A compact IRI (or the IRI) that is not a term: takes values that do not fit {@link key}, as value objects. */
  readonly fallbackKey: string;
  /** The number of {@link key} (-1 without one): see {@link Compactor.keyName}. */
  readonly keyNo: number;
  /** The number of {@link fallbackKey}. */
  readonly fallbackNo: number;
}

interface TermDef {
  term: string;
  iri: string;
  type: string | undefined;
  container: string | undefined;
  usable: boolean;
}

const TERM_DEF_KEYS = new Set(['@id', '@type', '@container', '@protected']);

/** Compacts IRIs and RDF terms against one JSON-LD context. Caches per IRI, so reuse one instance. */
export class Compactor {
  /** The term aliasing `@type` (`type` in the package context), or `@type`. */
  readonly typeKey: string;
  /** The term aliasing `@included` (`claims` in the package context), or `@included`. */
  readonly includedKey: string;
  private readonly terms: Map<string, TermDef> = new Map();
  private readonly vocabTerm: Map<string, string> = new Map();
  private readonly prefixes: Array<[string, string]> = [];
  private readonly prefixByNs: Map<string, string> = new Map();
  private readonly planCache: Map<string, PredicatePlan> = new Map();
  private readonly termsByIri: Map<string, TermDef[]> = new Map();
  private readonly docCache = new Map<string, string>();
  private readonly vocabCache = new Map<string, string>();
  /** Output keys by number (shared with forks); 0 is reserved for the values of `rdf:type`. */
  private readonly keyNames: string[] = [''];
  private readonly keyNumbers: Map<string, number> = new Map();
  /** Whether some term contains a colon (then a compact IRI could collide with it). */
  private colonTerms = false;
  /** Memos of {@link prefixed}, by namespace length: the last namespace found (and its prefix with the colon), the last candidate not found. */
  private readonly nsHit: Array<string | undefined> = [];
  private readonly nsHitPrefix: string[] = [];
  private readonly nsMiss: Array<string | undefined> = [];

  /**
   * Analyses `context`; with `from`, shares that compactor's analysis (terms, prefixes, predicate plans,
   * which depend on the context only) and starts with empty IRI caches.
   */
  constructor(context: ContextDefinition, from?: Compactor) {
    if (from) {
      this.terms = from.terms;
      this.vocabTerm = from.vocabTerm;
      this.prefixes = from.prefixes;
      this.prefixByNs = from.prefixByNs;
      this.planCache = from.planCache;
      this.keyNames = from.keyNames;
      this.keyNumbers = from.keyNumbers;
      this.termsByIri = from.termsByIri;
      this.colonTerms = from.colonTerms;
      this.typeKey = from.typeKey;
      this.includedKey = from.includedKey;
      return;
    }
    let typeKey = '@type';
    let includedKey = '@included';
    for (const [term, raw] of Object.entries(context)) {
      if (term.startsWith('@')) continue;
      if (raw === '@type') {
        typeKey = term;
        continue;
      }
      if (raw === '@included') {
        includedKey = term;
        continue;
      }
      let def: TermDef;
      if (typeof raw === 'string') {
        if (raw.startsWith('@')) continue;
        def = { term, iri: raw, type: undefined, container: undefined, usable: true };
        if (GEN_DELIMS.has(raw.slice(-1))) this.prefixes.push([term, raw]);
      } else if (raw && typeof raw === 'object') {
        const o = raw as Record<string, unknown>;
        const iri = o['@id'];
        if (typeof iri !== 'string' || iri.startsWith('@')) continue;
        const type = typeof o['@type'] === 'string' ? (o['@type'] as string) : undefined;
        const container = typeof o['@container'] === 'string' ? (o['@container'] as string) : undefined;
        // Only the features the exports rely on; any other feature makes the term unusable as a key
        // (its values then go under a compact IRI, which is always correct).
        const usable = Object.keys(o).every((k) => TERM_DEF_KEYS.has(k)) && (container === undefined || container === '@language' || container === '@set');
        def = { term, iri, type: type === undefined ? undefined : this.expandVocabRaw(type, context), container, usable };
      } else continue;
      this.terms.set(term, def);
      const list = this.termsByIri.get(def.iri) ?? [];
      list.push(def);
      this.termsByIri.set(def.iri, list);
    }
    this.typeKey = typeKey;
    this.includedKey = includedKey;
    this.colonTerms = [...this.terms.keys()].some((t) => t.includes(':'));
    for (const [iri, defs] of this.termsByIri) {
      defs.sort((a, b) => a.term.length - b.term.length || (a.term < b.term ? -1 : 1));
      this.vocabTerm.set(iri, defs[0]!.term);
    }
    // One prefix per namespace: the shortest term, then the least (as JSON-LD compaction picks).
    this.prefixes.sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1));
    for (const [p, ns] of this.prefixes) if (!this.prefixByNs.has(ns)) this.prefixByNs.set(ns, p);
  }

  private expandVocabRaw(value: string, context: ContextDefinition): string {
    if (value.startsWith('@')) return value;
    const i = value.indexOf(':');
    if (i > 0) {
      const p = context[value.slice(0, i)];
      if (typeof p === 'string' && !value.slice(i + 1).startsWith('//')) return p + value.slice(i + 1);
      return value;
    }
    const t = context[value];
    return typeof t === 'string' ? t : value;
  }

  /** A compact IRI `prefix:suffix` for `iri` that expands back to it, or undefined. */
  private prefixed(iri: string): string | undefined {
    // Namespaces end with a gen-delim: try the cuts after each one, from the end (longest namespace first).
    // Each cut is looked up in a per-length memo of the last namespace found and the last candidate not
    // found at that length (=== of two strings is a memory comparison), before the namespace map (which
    // hashes the fresh slice).
    const byNs = this.prefixByNs;
    const hit = this.nsHit;
    const miss = this.nsMiss;
    for (let i = iri.length - 2; i > 0; i--) {
      const ch = iri.charCodeAt(i);
      // : / ? # [ ] @
      if (ch !== 47 && ch !== 35 && ch !== 58 && ch !== 63 && ch !== 91 && ch !== 93 && ch !== 64) continue;
      const len = i + 1;
      const ns = iri.slice(0, len);
      let p: string | undefined;
      // p: the prefix with its colon.
      if (hit[len] === ns) p = this.nsHitPrefix[len]!;
      else if (miss[len] === ns) continue;
      else {
        p = byNs.get(ns);
        if (p === undefined) {
          miss[len] = ns;
          continue;
        }
        hit[len] = ns;
        this.nsHitPrefix[len] = p = `${p}:`;
      }
      // A suffix starting with "//" would read as an authority.
      if (iri.charCodeAt(len) === 47 && iri.charCodeAt(len + 1) === 47) continue;
      const c = p + iri.slice(len);
      if (!this.colonTerms || !this.terms.has(c)) return c;
    }
    return undefined;
  }

  private checkAbsolute(iri: string): string {
    const i = iri.indexOf(':');
    if (i > 0 && this.terms.has(iri.slice(0, i)) && !iri.slice(i + 1).startsWith('//')) {
      throw new Error(`cannot write <${iri}> in JSON-LD under this context: its scheme is a term of the context`);
    }
    return iri;
  }

  /** A compactor for the same context with fresh IRI caches (the context analysis is shared). */
  fork(): Compactor {
    return new Compactor({}, this);
  }

  /** Compacts an IRI in document-relative position (`@id`, `@type: @id` values): compact IRI or the IRI. */
  id(iri: string): string {
    let c = this.docCache.get(iri);
    if (c === undefined) {
      c = this.prefixed(iri) ?? this.checkAbsolute(iri);
      this.docCache.set(iri, c);
    }
    return c;
  }

  /** Compacts an IRI in vocabulary position (`@type` values, `@type: @vocab` values): term, compact IRI or the IRI. */
  vocab(iri: string): string {
    let c = this.vocabCache.get(iri);
    if (c === undefined) {
      c = this.vocabTerm.get(iri) ?? this.prefixed(iri) ?? this.checkAbsolute(iri);
      this.vocabCache.set(iri, c);
    }
    return c;
  }

  /** Compacts a subject or object node (IRI or blank node) in document-relative position. */
  node(t: Quad['subject'] | Quad['object'] | Quad['graph']): string {
    return t.termType === 'BlankNode' ? `_:${t.value}` : this.id(t.value);
  }

  /** The plan for a predicate IRI (see {@link PredicatePlan}). */
  plan(predicate: string): PredicatePlan {
    let p = this.planCache.get(predicate);
    if (p) return p;
    const fallbackKey = this.prefixed(predicate) ?? this.checkAbsolute(predicate);
    const def = (this.termsByIri.get(predicate) ?? []).find((d) => d.usable);
    let shape: ValueShape = { kind: 'plain' };
    if (def) {
      if (def.container === '@language') shape = { kind: 'language' };
      else if (def.type === '@id') shape = { kind: 'id' };
      else if (def.type === '@vocab') shape = { kind: 'vocab' };
      else if (def.type !== undefined && !def.type.startsWith('@')) shape = { kind: 'typed', datatype: def.type };
      else if (def.type !== undefined) shape = { kind: 'plain' };
    }
    const usable = def !== undefined && !(def.type !== undefined && def.type.startsWith('@') && def.type !== '@id' && def.type !== '@vocab');
    const key = usable ? def.term : undefined;
    p = { key, shape, fallbackKey, keyNo: key === undefined ? -1 : this.keyNumber(key), fallbackNo: this.keyNumber(fallbackKey) };
    this.planCache.set(predicate, p);
    return p;
  }

  private keyNumber(name: string): number {
    let k = this.keyNumbers.get(name);
    if (k === undefined) {
      k = this.keyNames.length;
      this.keyNames.push(name);
      this.keyNumbers.set(name, k);
    }
    return k;
  }

  /** The output key numbered `no` in a {@link PredicatePlan} (0: the type alias, for `rdf:type` values). */
  keyName(no: number): string {
    return no === 0 ? this.typeKey : this.keyNames[no]!;
  }

  /** How many key numbers exist so far (all below this). */
  get keyCount(): number {
    return this.keyNames.length;
  }

  /** The value object (or bare string) for an object term under a key without coercion. */
  valueObject(o: Quad['object']): string | Record<string, string> {
    if (o.termType === 'Literal') {
      if (o.language) return { '@value': o.value, '@language': o.language };
      const dt = o.datatype.value;
      if (dt === XSD_STRING) return o.value;
      return { '@value': o.value, '@type': this.vocab(dt) };
    }
    return { '@id': this.node(o) };
  }
}
