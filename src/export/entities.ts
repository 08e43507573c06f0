/**
 * Per-entity JSON-LD documents, the shape a researcher wants to read: one object per entity with its `@id`,
 * `type`, labels by language, its properties and relations from the facts view (values compacted with the
 * package context), and `claims`: every claim that states or denies a proposition about the entity, each
 * with its key, label, modality, verification, `licensed`, its sources, its evidence nodes embedded (one per
 * source document, with that source's quote) and the propositions it states (`states`) or denies (`denies`)
 * embedded (`rdf:subject`, `rdf:predicate`, `rdf:object`).
 *
 * `claims` is the package context's alias of `@included`, and the claims' propositions are described, not
 * asserted: a document means exactly the triples it shows, all of them in the dataset, and no triple of an
 * unlicensed claim is a plain triple in it. Built directly from the quads (a "frame" computed by hand,
 * without jsonld.js).
 * @module
 */
import type { Quad } from 'n3';
import { kg } from '../generated/vocab.js';
import { ContextPruner, packageContext } from './context.js';
import { scanGraphs } from './graphs.js';
import { contextValue, type JsonLdOptions, type JsonObject } from './jsonld.js';
import { naturalCompare, sortNatural } from '../rdf/order.js';
import { modelView, type ModelView } from '../model/view.js';

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
  // Embedded (the default): each document gets the definitions of the terms it uses; a claim (shared by the
  // documents of the entities it mentions) is measured once.
  const pruner = (options.contextRef ?? 'embedded') === 'embedded' ? new ContextPruner(context) : undefined;
  const ctx = pruner ? null : contextValue(options, context);
  const claimTerms = new Map<JsonObject, number[]>();
  // Only the default graph is read (not the ontology graph); only the nodes asked for are built.
  const scan = scanGraphs(quads, { context, skipGraph: (g) => g !== '' });
  const c = scan.compactor;
  const claimKey = c.includedKey;
  const idOf = (iri: string): string => (iri.charCodeAt(0) === 95 && iri.charCodeAt(1) === 58 ? iri : c.id(iri));
  const nodeOf = (iri: string): JsonObject => scan.node('', iri) ?? { '@id': idOf(iri) };
  /** The node of the IRI among `iris` (a few; `ids` their compacted ids) whose id a reference `x` names, or `x` itself. */
  const resolve = (x: unknown, iris: readonly string[], ids: readonly string[]): unknown => {
    const id = typeof x === 'string' ? x : ((x as JsonObject)['@id'] as string | undefined);
    if (id === undefined) return x;
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) return nodeOf(iris[i]!);
    return x;
  };
  const embedUnder = (doc: JsonObject, key: string | undefined, iris: readonly string[], ids: readonly string[]): void => {
    if (key === undefined) return;
    const v = doc[key];
    if (v === undefined) return;
    if (!Array.isArray(v)) doc[key] = resolve(v, iris, ids);
    else {
      const list = v.map((x) => resolve(x, iris, ids));
      doc[key] = list.length === 1 ? list[0] : list;
    }
  };
  /** Replaces the references `doc` makes through `predicate` to `iris` by those nodes, embedded. */
  const embed = (doc: JsonObject, predicate: string, iris: readonly string[]): void => {
    if (!iris.length) return;
    const plan = c.plan(predicate);
    const ids = iris.map(idOf);
    embedUnder(doc, plan.key, iris, ids);
    embedUnder(doc, plan.fallbackKey, iris, ids);
  };
  const claimDoc = new Map<string, JsonObject>();
  const claimOf = (iri: string): JsonObject => {
    let d = claimDoc.get(iri);
    if (!d) {
      d = nodeOf(iri);
      const info = view.claimInfo(iri);
      if (info) {
        embed(d, kg.states, info.states);
        embed(d, kg.denies, info.denies);
        embed(d, kg.evidence, info.evidence);
      }
      claimDoc.set(iri, d);
    }
    return d;
  };
  // The claims in natural order once, so that each entity's claims are put in order by number.
  let rank: Map<string, number> | undefined;
  let ranked: string[] = [];
  const inOrder = (claims: readonly string[]): readonly string[] => {
    if (!rank) {
      ranked = sortNatural([...view.claims], (k) => k);
      rank = new Map(ranked.map((k, i) => [k, i]));
    }
    const ranks: number[] = [];
    for (const k of claims) {
      const r = rank.get(k);
      if (r === undefined) return [...claims].sort(naturalCompare);
      ranks.push(r);
    }
    ranks.sort((a, b) => a - b);
    return ranks.map((r) => ranked[r]!);
  };
  const out: EntityDocument[] = [];
  for (const iri of sortNatural(view.entities, (e) => e)) {
    const document: JsonObject = scan.node('', iri, ctx) ?? { '@context': ctx, '@id': idOf(iri) };
    const mentioned = view.mentions.get(iri);
    const claims = mentioned?.length ? (mentioned.length === 1 ? mentioned : inOrder(mentioned)).map(claimOf) : undefined;
    if (pruner) {
      pruner.markValue(document);
      if (claims) {
        pruner.markValue(claimKey);
        for (const d of claims) {
          let t = claimTerms.get(d);
          if (!t) claimTerms.set(d, (t = pruner.distinct(pruner.termsOf(d))));
          pruner.mark(t);
        }
      }
      document['@context'] = pruner.takeContext();
    }
    if (claims) document[claimKey] = claims;
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
