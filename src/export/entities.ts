/**
 * Per-entity JSON-LD documents, the shape a researcher wants to read: one object per entity with its `@id`,
 * `type`, labels by language, its properties and relations from the facts view (default graph, values
 * compacted with the package context), and `claims`: every claim whose graph mentions the entity, each with
 * its key, modality, verification, quote, source and the triples it states (`@graph`).
 *
 * `claims` is the package context's alias of `@included`, so a document means exactly the triples it shows:
 * nothing is asserted that the dataset does not contain. Built directly from the quads (a "frame" computed
 * by hand, without jsonld.js).
 * @module
 */
import type { Quad } from 'n3';
import { packageContext } from './context.js';
import { compactGraphs, contextValue, type JsonLdOptions, type JsonObject } from './jsonld.js';
import { naturalKey, codeUnitCompare } from './order.js';
import { modelView, type ModelView } from './view.js';

/** One entity's document. */
export interface EntityDocument {
  /** The entity IRI. */
  readonly iri: string;
  /** The JSON-LD document (with its own `@context`). */
  readonly document: JsonObject;
}

/** The per-entity documents of a dataset, in natural order of the entity IRIs. */
export function toEntityDocuments(quads: readonly Quad[], options: JsonLdOptions & { view?: ModelView } = {}): EntityDocument[] {
  const context = options.context ?? packageContext();
  const view = options.view ?? modelView(quads);
  const ctx = contextValue(options, context);
  const isEntity = new Set(view.entities);
  // Only the default graph and the claim graphs are needed (not the ontology graph); entity nodes are built
  // with their `@context` first, so they are the documents themselves.
  const { compactor, defaultGraph, namedGraphs } = compactGraphs(quads, {
    context,
    skipGraph: (g) => g !== '' && !view.claims.has(g),
    skipSubject: (s) => !isEntity.has(s) && !view.claims.has(s),
    headOf: (s) => (isEntity.has(s) ? ctx : undefined),
  });
  const claimKey = compactor.includedKey;
  // Claims in natural order once; each entity's claims are then sorted by rank.
  const rank = new Map<string, number>();
  [...view.claims]
    .map((c) => ({ c, k: naturalKey(c) }))
    .sort((a, b) => (a.k !== b.k ? (a.k < b.k ? -1 : 1) : codeUnitCompare(a.c, b.c)))
    .forEach(({ c }, i) => rank.set(c, i));
  const claimDoc = new Map<string, JsonObject>();
  const claimOf = (iri: string): JsonObject => {
    let d = claimDoc.get(iri);
    if (!d) {
      // Claim nodes are fresh objects of this call, used only here: their graph is attached in place.
      d = defaultGraph.get(iri) ?? { '@id': compactor.id(iri) };
      const graph = namedGraphs.get(iri);
      if (graph) d['@graph'] = graph;
      claimDoc.set(iri, d);
    }
    return d;
  };
  const entities = view.entities.map((iri) => ({ iri, k: naturalKey(iri) }));
  entities.sort((a, b) => (a.k !== b.k ? (a.k < b.k ? -1 : 1) : codeUnitCompare(a.iri, b.iri)));
  const out: EntityDocument[] = [];
  for (const { iri } of entities) {
    const document: JsonObject = defaultGraph.get(iri) ?? { '@context': ctx, '@id': compactor.id(iri) };
    const mentioned = view.mentions.get(iri);
    if (mentioned?.length) {
      const claims = [...mentioned].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
      document[claimKey] = claims.map(claimOf);
    }
    out.push({ iri, document });
  }
  return out;
}

/** The per-entity documents as JSON Lines (one compact JSON document per line). */
export function toJsonLines(quads: readonly Quad[], options: JsonLdOptions & { view?: ModelView } = {}): string {
  return toEntityDocuments(quads, options)
    .map((d) => `${JSON.stringify(d.document)}\n`)
    .join('');
}

/**
 * The file name of an entity's document inside `entities/`: the IRI path below the `id:` namespace
 * (`id:person/eugene-kaspersky` → `person/eugene-kaspersky.jsonld`), or a hash-based name for other IRIs.
 */
export function entityFileName(iri: string, idNamespace: string, hash: (s: string) => string): string {
  if (iri.startsWith(idNamespace)) {
    const path = iri.slice(idNamespace.length);
    if (/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/.test(path)) return `${path}.jsonld`;
  }
  return `_/${hash(iri).slice(0, 32)}.jsonld`;
}
