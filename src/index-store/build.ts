/**
 * Builds the point-lookup index from the dataset's quads (at build time: `scripts/compile-index.ts`; in
 * benches and tests: from any N-Quads). What goes in mirrors the WHERE clauses of the helpers it answers;
 * `src/index-store/store.ts` lists the SPARQL fingerprints this code was written against.
 * @module
 */
import { createHash } from 'node:crypto';
import { Parser, type Quad, type Term } from 'n3';
import { PREFIXES, RDF_TYPE } from '../namespaces.js';
import * as H from '../helpers/queries.js';
import { termKey } from '../rdf/term-key.js';
import { FACET_KINDS, INDEX_FORMAT, compareCodePoints, fingerprint, foldNames, type IndexEntity, type IndexFile, type IndexTerm } from './format.js';

const KG_STATES = `${PREFIXES.kg}states`;
const RDF_SUBJECT = `${PREFIXES.rdf}subject`;
const RDF_PREDICATE = `${PREFIXES.rdf}predicate`;
const RDF_OBJECT = `${PREFIXES.rdf}object`;
const XSD_STRING = `${PREFIXES.xsd}string`;
const LANG_STRING = `${PREFIXES.rdf}langString`;

/** `entity` facets: predicate → kind, for the default graph (`owl:sameAs|skos:exactMatch` only there). */
const DEFAULT_GRAPH_FACETS: ReadonlyMap<string, number> = new Map([
  [`${PREFIXES.rdfs}label`, 0],
  [`${PREFIXES.skos}altLabel`, 1],
  [RDF_TYPE, 2],
  [`${PREFIXES.owl}sameAs`, 3],
  [`${PREFIXES.skos}exactMatch`, 3],
]);
/** `entity` facets read from propositions some claim states (`?st rdf:subject ?e ; rdf:predicate P ; rdf:object ?v`, `?c kg:states ?st`). */
const STATED_FACETS: ReadonlyMap<string, number> = new Map([
  [`${PREFIXES.rdfs}label`, 0],
  [`${PREFIXES.skos}altLabel`, 1],
  [RDF_TYPE, 2],
]);
/** `externalIds`: the predicates of its VALUES block (default graph). */
const ID_PREDICATES: ReadonlySet<string> = new Set([
  `${PREFIXES.owl}sameAs`, `${PREFIXES.skos}exactMatch`, `${PREFIXES.dcterms}identifier`,
  ...['caseNumber', 'frDocumentNumber', 'frCitation', 'docketNumber', 'rin', 'legalCitation'].map((p) => `${PREFIXES.kg}${p}`),
]);

function encodeTerm(t: Term): IndexTerm {
  if (t.termType === 'NamedNode') return t.value;
  if (t.termType === 'BlankNode') return { b: t.value };
  if (t.termType !== 'Literal') throw new Error(`cannot index a ${t.termType}`);
  if (t.language) return [t.value, t.language];
  return t.datatype.value === XSD_STRING ? [t.value] : [t.value, '', t.datatype.value];
}

/**
 * True when the engine returns the term as parsed: IRIs and plain or language-tagged strings. Blank nodes
 * get engine-local labels, and Oxigraph canonicalises typed literals (`"01"^^xsd:integer` → `"1"`).
 */
function stable(t: Term): boolean {
  return t.termType === 'NamedNode' || (t.termType === 'Literal' && (t.language !== '' || t.datatype.value === XSD_STRING || t.datatype.value === LANG_STRING));
}

interface Draft {
  facets: Map<string, [number, Term]>;
  ids: Map<string, [Term, Term]>;
  unstable: boolean;
}

/** Parses N-Quads text with n3 (the same syntax the engine loads). */
export function parseNQuads(text: string): Quad[] {
  return new Parser({ format: 'N-Quads' }).parse(text);
}

/**
 * Builds the index of a dataset given as N-Quads text (the text the engine loads), or as that text's
 * parsed quads when the caller already has them.
 */
export function buildPointIndex(nquads: string, parsed?: readonly Quad[]): IndexFile {
  const quads = parsed ?? parseNQuads(nquads);
  // Propositions (default graph): their parts, and whether a claim states them.
  const parts = new Map<string, { s?: Term; p?: Term; o?: Term }>();
  const statedProps = new Set<string>();
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    const p = q.predicate.value;
    if (p === KG_STATES) statedProps.add(termKey(q.object));
    else if (p === RDF_SUBJECT || p === RDF_PREDICATE || p === RDF_OBJECT) {
      const k = termKey(q.subject);
      const part = parts.get(k) ?? parts.set(k, {}).get(k)!;
      if (p === RDF_SUBJECT) part.s = q.object;
      else if (p === RDF_PREDICATE) part.p = q.object;
      else part.o = q.object;
    }
  }
  const drafts = new Map<string, Draft>();
  const draft = (iri: string): Draft => {
    let d = drafts.get(iri);
    if (!d) drafts.set(iri, (d = { facets: new Map(), ids: new Map(), unstable: false }));
    return d;
  };
  for (const [k, part] of parts) {
    if (!statedProps.has(k) || part.s?.termType !== 'NamedNode' || part.p === undefined || part.o === undefined) continue;
    const kind = STATED_FACETS.get(part.p.value);
    if (kind === undefined) continue;
    const d = draft(part.s.value);
    d.facets.set(`${kind}${termKey(part.o)}`, [kind, part.o]);
    if (!stable(part.o)) d.unstable = true;
  }
  for (const q of quads) {
    if (q.subject.termType !== 'NamedNode') continue; // helpers are looked up by IRI only
    const p = q.predicate.value;
    const inDefault = q.graph.termType === 'DefaultGraph';
    const kind = inDefault ? DEFAULT_GRAPH_FACETS.get(p) : undefined;
    if (kind !== undefined) {
      const d = draft(q.subject.value);
      d.facets.set(`${kind}${termKey(q.object)}`, [kind, q.object]);
      if (!stable(q.object)) d.unstable = true;
    }
    if (inDefault && ID_PREDICATES.has(p)) {
      const d = draft(q.subject.value);
      d.ids.set(`${p} ${termKey(q.object)}`, [q.predicate, q.object]);
      if (!stable(q.object)) d.unstable = true;
    }
  }

  const terms: IndexTerm[] = [];
  const termIndex = new Map<string, number>();
  const indexOf = (t: Term): number => {
    const k = termKey(t);
    let i = termIndex.get(k);
    if (i === undefined) termIndex.set(k, (i = terms.push(encodeTerm(t)) - 1));
    return i;
  };
  const entities: Record<string, IndexEntity> = {};
  const search: [string, string][] = [];
  let searchExact = true;
  for (const iri of [...drafts.keys()].sort(compareCodePoints)) {
    const d = drafts.get(iri)!;
    const e: IndexEntity = {};
    // Facets in a fixed order (kind, then term key) so that the same data gives the same bytes; no answer
    // depends on it: the helpers' mappers sort what they return and the store declines their ties.
    const facets = [...d.facets.values()].sort((a, b) => a[0] - b[0] || compareCodePoints(termKey(a[1]), termKey(b[1])));
    if (facets.length) e.f = facets.map(([k, t]) => indexOf(t) * FACET_KINDS.length + k);
    const ids = [...d.ids.values()].sort((a, b) => compareCodePoints(a[0].value, b[0].value) || compareCodePoints(a[1].value, b[1].value));
    if (ids.length) e.x = ids.flatMap(([p, v]) => [indexOf(p), indexOf(v)]);
    if (d.unstable) e.u = 1;
    entities[iri] = e;
    const names = facets.filter(([k]) => k <= 1).map(([, t]) => t);
    if (names.length && iri.startsWith(PREFIXES.id)) {
      if (!names.every(stable)) searchExact = false;
      search.push([iri, foldNames(names.map((t) => t.value))]);
    }
  }
  return {
    format: INDEX_FORMAT,
    dataset: { bytes: Buffer.byteLength(nquads), quads: quads.length, sha256: createHash('sha256').update(nquads).digest('hex') },
    helpers: { entity: fingerprint(H.entity.sparql), externalIds: fingerprint(H.externalIds.sparql), findEntities: fingerprint(H.findEntities.sparql) },
    unicode: process.versions.unicode ?? '',
    terms,
    entities,
    search,
    searchExact,
  };
}
