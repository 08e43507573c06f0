/**
 * JSON-LD written directly from the quads (no jsonld.js on this path): the whole dataset compacted with
 * the package context (named graphs as `@graph` of their graph node), and the whole dataset expanded.
 * Output is sorted (natural order), so the same graph always gives the same bytes.
 *
 * Compacted document ({@link toJsonLdObject}; node objects built in `graphs.ts`, keys and values chosen by
 * `compactor.ts`, whose header lists the term selection, `@type` coercion and language-map rules and how
 * they differ from jsonld.js). Its shape, next to jsonld.js `fromRDF` then `compact` with the same context:
 *
 * - **Document.** Always `{"@context", "@graph": [...]}`, even with one top-level node (jsonld.js then drops
 *   `@graph` and writes the node as the document). `@context` is the context's definitions embedded
 *   (default; without the `@included` aliases, which a whole-graph document never uses, and without
 *   `@version`/`@protected` when no definition needs JSON-LD 1.1), the context object as given, or an IRI
 *   ({@link JsonLdOptions.contextRef}); jsonld.js writes the context it was given.
 * - **Flat nodes.** One node object per subject per graph, never embedded: every object that is a node is a
 *   reference (`{"@id"}`, or a string under an `@id`/`@vocab`-typed term), as in jsonld.js's flat `fromRDF`
 *   output. RDF lists stay `rdf:first`/`rdf:rest` nodes with their blank node labels; jsonld.js turns a
 *   well-formed list into `@list` (under a term with `@container: @list`, as a plain array).
 * - **Named graphs (`@graph`/`@id`).** A named graph's node objects go, as `@graph`, into the default-graph
 *   node whose `@id` is the graph's name, or into a node `{"@id": name, "@graph": [...]}` of its own when the
 *   default graph says nothing about that name (as jsonld.js `fromRDF`). A blank-node graph name is written
 *   `_:label`.
 * - **Ordering** (jsonld.js sorts by expanded IRI and keeps values in input order). Nodes, at the top and
 *   inside each `@graph`, in natural order of their *compacted* `@id` (`ex:n2` before `ex:n10`; ties in
 *   code-unit order). Keys: `@context` (entity documents only), `@id`, the `@type` alias, then the other
 *   keys in code-unit order of the *compacted* key (so `date`, `ex:date`, `knows`, `label`), then `@graph`
 *   last; jsonld.js orders keys by expanded IRI and writes `@graph` before `@id`. Values: de-duplicated;
 *   one value is written bare, several as an array in natural order of a sort key that puts node
 *   references first, then value objects (by value, then by language tag or datatype), then bare strings.
 * - **Literals.** Language tags lower-cased; a base direction (RDF 1.2 `"…"@ar--rtl`) is not written. No
 *   JSON numbers or booleans.
 *
 * Expanded document ({@link toExpandedJsonLdObject}): an array of node objects with full IRIs and no
 * context, every property value an array (expanded form). `rdf:type` IRI and blank node objects are
 * `@type` values (de-duplicated, code-unit order), `rdf:type` literals an ordinary property; other keys are
 * the predicate IRIs in code-unit order; values de-duplicated in natural order of the same sort key; an
 * `xsd:string` literal is `{"@value"}` without `@type`, other literals `{"@value", "@type": <full IRI>}` or
 * `{"@value", "@language"}` (lower-cased). Nodes and named graphs are placed and ordered as in the
 * compacted document, by the full `@id` (blank nodes `_:label`). RDF lists stay `rdf:first`/`rdf:rest`
 * nodes here too.
 * @module
 */
import type { Quad } from 'n3';
import { CONTEXT_IRI, embeddedContext, packageContext, type ContextDefinition } from './context.js';
import { scanGraphs, valueSortKey, type JsonObject } from './graphs.js';
import { termKey } from '../rdf/term-key.js';
import { codeUnitCompare, naturalCompare, naturalKey } from '../rdf/order.js';
import { RDF_TYPE, XSD_STRING } from '../namespaces.js';

export { compactGraphs, compactorFor, type CompactedGraphs, type CompactGraphsOptions, type JsonObject } from './graphs.js';


/** Options of the JSON-LD writers. */
export interface JsonLdOptions {
  /** The context used for compaction (default: the package context, `context/v2.jsonld`). */
  context?: ContextDefinition;
  /**
   * What the documents' `@context` says. `'embedded'` (default): the context's definitions themselves, so
   * that every JSON-LD processor reads the document offline with its default loader (the whole-graph
   * document embeds every definition, without `@version`/`@protected` when nothing needs JSON-LD 1.1, so
   * 1.0 processors read it too; each entity document embeds only the definitions of the terms it uses).
   * `'inline'`: the context object exactly as given. Any other string: that IRI (e.g. {@link CONTEXT_IRI};
   * the reader's document loader must then serve the context).
   */
  contextRef?: 'embedded' | 'inline' | (string & {});
  /** Indentation of the JSON text (default 2; 0 writes one line). */
  indent?: number;
}

/** The whole dataset as one compacted JSON-LD document object: `{"@context", "@graph": [...]}`. */
export function toJsonLdObject(quads: readonly Quad[], options: JsonLdOptions = {}): JsonObject {
  const context = options.context ?? packageContext();
  const scan = scanGraphs(quads, { context });
  // The node objects are ours (fresh per call): default-graph nodes come in order, built once each, and
  // each named graph is attached in place to its name's node, or goes to its place (binary search in
  // natural order of the @id) as a node of its own.
  const top = scan.graph('');
  for (const [gk, id] of scan.graphIds) {
    const nodes = scan.graph(gk);
    let lo = 0;
    let hi = top.length;
    let found = -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const cmp = naturalCompare(id, top[mid]!['@id'] as string);
      if (cmp === 0) {
        found = mid;
        break;
      }
      if (cmp < 0) hi = mid;
      else lo = mid + 1;
    }
    if (found >= 0) top[found]!['@graph'] = nodes;
    else top.splice(lo, 0, { '@id': id, '@graph': nodes });
  }
  return { '@context': contextValue(options, context), '@graph': top };
}

/** The terms of a context that alias `@included` (a whole-graph document never uses them). */
export function includedAliases(context: ContextDefinition): string[] {
  return Object.keys(context).filter((k) => context[k] === '@included' || (context[k] as { '@id'?: unknown } | null)?.['@id'] === '@included');
}

/** The `@context` value the options ask for, for a whole-graph document (see {@link JsonLdOptions.contextRef}). */
export function contextValue(options: JsonLdOptions, context: ContextDefinition = options.context ?? packageContext()): unknown {
  const ref = options.contextRef ?? 'embedded';
  if (ref === 'embedded') return embeddedContext(context, includedAliases(context));
  return ref === 'inline' ? context : ref;
}

/** The IRI the package's documents used to name as their context (now embedded); kept for callers that map it. */
export { CONTEXT_IRI };

/** The whole dataset (all graphs) as compacted JSON-LD text. See {@link toJsonLdObject}. */
export function toJsonLd(quads: readonly Quad[], options: JsonLdOptions = {}): string {
  return `${JSON.stringify(toJsonLdObject(quads, options), null, options.indent ?? 2)}\n`;
}

function expandedValue(o: Quad['object']): JsonObject {
  if (o.termType === 'Literal') {
    if (o.language) return { '@value': o.value, '@language': o.language.toLowerCase() };
    if (o.datatype.value === XSD_STRING) return { '@value': o.value };
    return { '@value': o.value, '@type': o.datatype.value };
  }
  return { '@id': termKey(o) };
}

/** The whole dataset as expanded JSON-LD (an array of node objects; full IRIs, no context). */
export function toExpandedJsonLdObject(quads: readonly Quad[]): JsonObject[] {
  const graphs = new Map<string, Map<string, { id: string; types: string[]; props: Map<string, JsonObject[]> }>>();
  for (const q of quads) {
    const gk = termKey(q.graph);
    let g = graphs.get(gk);
    if (!g) graphs.set(gk, (g = new Map()));
    const sk = termKey(q.subject);
    let n = g.get(sk);
    if (!n) g.set(sk, (n = { id: sk, types: [], props: new Map() }));
    if (q.predicate.value === RDF_TYPE && q.object.termType !== 'Literal') {
      n.types.push(termKey(q.object));
      continue;
    }
    const list = n.props.get(q.predicate.value);
    if (list) list.push(expandedValue(q.object));
    else n.props.set(q.predicate.value, [expandedValue(q.object)]);
  }
  const finish = (g: Map<string, { id: string; types: string[]; props: Map<string, JsonObject[]> }>): JsonObject[] =>
    [...g.values()]
      .map((n) => ({ n, k: naturalKey(n.id) }))
      .sort((a, b) => (a.k !== b.k ? (a.k < b.k ? -1 : 1) : codeUnitCompare(a.n.id, b.n.id)))
      .map(({ n }) => {
        const out: JsonObject = { '@id': n.id };
        if (n.types.length) out['@type'] = [...new Set(n.types)].sort(codeUnitCompare);
        for (const p of [...n.props.keys()].sort(codeUnitCompare)) {
          const vals = n.props.get(p)!;
          const keyed = new Map(vals.map((v) => [valueSortKey(v), v]));
          out[p] = [...keyed.keys()].sort((a, b) => codeUnitCompare(naturalKey(a), naturalKey(b)) || codeUnitCompare(a, b)).map((k) => keyed.get(k)!);
        }
        return out;
      });
  const top = new Map<string, JsonObject>();
  for (const node of finish(graphs.get('') ?? new Map())) top.set(node['@id'] as string, node);
  for (const [gk, g] of graphs) {
    if (gk === '') continue;
    const existing = top.get(gk);
    const nodes = finish(g);
    if (existing) existing['@graph'] = nodes;
    else top.set(gk, { '@id': gk, '@graph': nodes });
  }
  return [...top.values()]
    .map((n) => ({ n, id: n['@id'] as string, k: naturalKey(n['@id'] as string) }))
    .sort((a, b) => (a.k !== b.k ? (a.k < b.k ? -1 : 1) : codeUnitCompare(a.id, b.id)))
    .map(({ n }) => n);
}

/** The whole dataset (all graphs) as expanded JSON-LD text. */
export function toExpandedJsonLd(quads: readonly Quad[], options: { indent?: number } = {}): string {
  return `${JSON.stringify(toExpandedJsonLdObject(quads), null, options.indent ?? 2)}\n`;
}
