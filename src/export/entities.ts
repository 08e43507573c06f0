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
import { scanGraphs } from './graphs.js';
import { contextValue, type JsonLdOptions, type JsonObject } from './jsonld.js';
import { naturalCompare, sortNatural } from './order.js';
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
  // Only the default graph and the claim graphs are read (not the ontology graph); only the entity and
  // claim nodes are built, entity nodes with their `@context` first (they are the documents themselves).
  const claims = view.claims;
  const scan = scanGraphs(quads, { context, skipGraph: (g) => g !== '' && !claims.has(g) });
  const claimKey = scan.compactor.includedKey;
  const claimDoc = new Map<string, JsonObject>();
  const claimOf = (iri: string): JsonObject => {
    let d = claimDoc.get(iri);
    if (!d) {
      d = scan.node('', iri) ?? { '@id': iri.startsWith('_:') ? iri : scan.compactor.id(iri) };
      if (scan.graphIds.has(iri)) d['@graph'] = scan.graph(iri);
      claimDoc.set(iri, d);
    }
    return d;
  };
  const out: EntityDocument[] = [];
  for (const iri of sortNatural(view.entities, (e) => e)) {
    const document: JsonObject = scan.node('', iri, ctx) ?? { '@context': ctx, '@id': scan.compactor.id(iri) };
    const mentioned = view.mentions.get(iri);
    if (mentioned?.length) {
      const list = mentioned.length === 1 ? mentioned : [...mentioned].sort(naturalCompare);
      document[claimKey] = list.map(claimOf);
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
