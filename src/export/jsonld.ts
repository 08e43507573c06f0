/**
 * JSON-LD written directly from the quads (no jsonld.js on this path): the whole dataset compacted with
 * the package context (named graphs as `@graph` of their graph node), and the whole dataset expanded.
 * Output is sorted (natural order), so the same graph always gives the same bytes.
 * @module
 */
import { Literal as N3Literal, type Quad } from 'n3';
import { CONTEXT_IRI, packageContext, type ContextDefinition } from './context.js';
import { Compactor } from './compactor.js';
import { codeUnitCompare, naturalKey } from './order.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A JSON-LD node object (or any JSON object of a JSON-LD document). */
export type JsonObject = Record<string, unknown>;

/** Options of the JSON-LD writers. */
export interface JsonLdOptions {
  /** The context used for compaction (default: the package context, `context/v1.jsonld`). */
  context?: ContextDefinition;
  /**
   * What the documents' `@context` says: the context IRI (default {@link CONTEXT_IRI}) or `'inline'` to
   * embed the context object (for tools that cannot be given a document loader).
   */
  contextRef?: string | 'inline';
  /** Indentation of the JSON text (default 2; 0 writes one line). */
  indent?: number;
}

/** Key of a subject or graph in the grouping maps: IRI, or `_:label` for a blank node. */
export function nodeKey(t: Quad['subject'] | Quad['object'] | Quad['graph']): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

type Value = string | JsonObject;

// Accumulators are flat arrays, so that few objects live (and get copied by the young-generation GC) while
// a large graph is read:
// - a node:          [compacted id, types (string[] | undefined), key0, value0, key1, value1, ...]
// - a value:         a Value, or Value[] once a second value comes
// - a language map:  [LANG, lang0, value0, lang1, value1, ...] (values: string, or string[])
type NodeAcc = unknown[];
const LANG = Symbol('language map');
const SKIP_NODE: NodeAcc = [''];

function push(n: NodeAcc, key: string, v: Value): void {
  for (let i = 2; i < n.length; i += 2) {
    if (n[i] === key) {
      const cur = n[i + 1];
      if (Array.isArray(cur)) cur.push(v);
      else n[i + 1] = [cur, v];
      return;
    }
  }
  n.push(key, v);
}

function pushLang(n: NodeAcc, key: string, lang: string, v: string): void {
  let m: unknown[] | undefined;
  for (let i = 2; i < n.length; i += 2) {
    if (n[i] === key) {
      m = n[i + 1] as unknown[];
      break;
    }
  }
  if (!m) {
    n.push(key, [LANG, lang, v]);
    return;
  }
  for (let j = 1; j < m.length; j += 2) {
    if (m[j] === lang) {
      const cur = m[j + 1];
      if (Array.isArray(cur)) cur.push(v);
      else m[j + 1] = [cur, v];
      return;
    }
  }
  m.push(lang, v);
}

function valueSortKey(v: Value): string {
  if (typeof v === 'string') return v;
  if ('@id' in v) return `\u0001${String(v['@id'])}`;
  return `\u0002${String(v['@value'])}\u0000${String(v['@language'] ?? v['@type'] ?? '')}`;
}

/** Sorts (natural order) and de-duplicates a value list; one value is returned bare. */
function finishValues(values: Value[]): Value | Value[] {
  if (values.length === 1) return values[0]!;
  const keyed = values.map((v) => {
    const k = valueSortKey(v);
    return { v, k, n: naturalKey(k) };
  });
  keyed.sort((a, b) => (a.n !== b.n ? (a.n < b.n ? -1 : 1) : a.k === b.k ? 0 : a.k < b.k ? -1 : 1));
  const out: Value[] = [];
  let last: string | undefined;
  for (const { v, k } of keyed) {
    if (k !== last) out.push(v);
    last = k;
  }
  return out.length === 1 ? out[0]! : out;
}

/** Sorts the pairs of a flat [..., key, value, ...] array from `from` by key (code units), in place. */
function sortPairs(a: unknown[], from: number): void {
  for (let i = from + 2; i < a.length; i += 2) {
    const k = a[i] as string;
    const v = a[i + 1];
    let j = i - 2;
    while (j >= from && (a[j] as string) > k) {
      a[j + 2] = a[j];
      a[j + 3] = a[j + 1];
      j -= 2;
    }
    a[j + 2] = k;
    a[j + 3] = v;
  }
}

function finishValue(v: unknown): unknown {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v[0] !== LANG) return finishValues(v as Value[]);
    sortPairs(v, 1);
    const map: JsonObject = {};
    for (let j = 1; j < v.length; j += 2) {
      const x = v[j + 1];
      map[v[j] as string] = Array.isArray(x) ? finishValues(x as Value[]) : x;
    }
    return map;
  }
  return v;
}

function finishNode(n: NodeAcc, typeKey: string, head?: unknown): JsonObject {
  const out: JsonObject = head === undefined ? { '@id': n[0] } : { '@context': head, '@id': n[0] };
  const types = n[1] as string[] | undefined;
  if (types) out[typeKey] = finishValues(types);
  sortPairs(n, 2);
  for (let i = 2; i < n.length; i += 2) out[n[i] as string] = finishValue(n[i + 1]);
  return out;
}

/** The dataset compacted graph by graph: default-graph nodes and each named graph's nodes, by key. */
export interface CompactedGraphs {
  /** The compactor used (for callers that compact more IRIs the same way). */
  readonly compactor: Compactor;
  /** Default-graph node objects by subject key, in natural order of their compacted `@id`. */
  readonly defaultGraph: Map<string, JsonObject>;
  /** Named graphs by graph key: node objects in natural order. */
  readonly namedGraphs: Map<string, JsonObject[]>;
  /** The compacted `@id` of each named graph, by graph key. */
  readonly graphIds: Map<string, string>;
}

/** A graph being built: its first subject inline (most claim graphs have one or two), a map beyond that. */
interface GraphAcc {
  key1: string | undefined;
  node1: NodeAcc | undefined;
  more: Map<string, NodeAcc> | undefined;
}

function nodeIn(g: GraphAcc, key: string): NodeAcc | undefined {
  if (g.key1 === key) return g.node1;
  return g.more?.get(key);
}

function addNode(g: GraphAcc, key: string, n: NodeAcc): void {
  if (g.key1 === undefined) {
    g.key1 = key;
    g.node1 = n;
  } else (g.more ??= new Map()).set(key, n);
}

/** Calls `f` with the nodes of a graph in natural order of their compacted ids (skipped nodes left out). */
function eachOrdered(g: GraphAcc, f: (key: string, n: NodeAcc) => void): void {
  if (!g.more) {
    if (g.node1 && g.node1 !== SKIP_NODE) f(g.key1!, g.node1);
    return;
  }
  const keys: string[] = [];
  const nodes: NodeAcc[] = [];
  if (g.node1 !== SKIP_NODE) (keys.push(g.key1!), nodes.push(g.node1!));
  for (const [k, n] of g.more) if (n !== SKIP_NODE) (keys.push(k), nodes.push(n));
  const nk = nodes.map((n) => naturalKey(n[0] as string));
  const idx = nodes.map((_, i) => i);
  idx.sort((a, b) => (nk[a]! !== nk[b]! ? (nk[a]! < nk[b]! ? -1 : 1) : codeUnitCompare(nodes[a]![0] as string, nodes[b]![0] as string)));
  for (const i of idx) f(keys[i]!, nodes[i]!);
}

const compactors = new WeakMap<ContextDefinition, Compactor>();
/**
 * A compactor for a context: the context analysis is done once per context object (as jsonld.js caches
 * processed contexts); IRI compaction caches start empty on every call.
 */
export function compactorFor(context: ContextDefinition): Compactor {
  let c = compactors.get(context);
  if (!c) compactors.set(context, (c = new Compactor(context)));
  return c.fork();
}

// Literal parts of the current quad, read once into module variables (no tuple allocated per literal;
// n3's getters re-parse the term on every access).
let litValue = '';
let litLang = '';
let litType = '';
function readLiteral(o: { value: string; language: string; datatype: { value: string } }): void {
  if (o instanceof N3Literal) {
    // n3's own id form: "value", "value"@lang(--dir) or "value"^^datatype.
    const id = o.id;
    const end = id.lastIndexOf('"');
    litValue = id.substring(1, end);
    if (end === id.length - 1) {
      litLang = '';
      litType = XSD_STRING;
    } else if (id.charCodeAt(end + 1) === 64) {
      const dir = id.indexOf('--', end);
      litLang = (dir > 0 ? id.substring(end + 2, dir) : id.substring(end + 2)).toLowerCase();
      litType = '';
    } else {
      litLang = '';
      litType = id.substring(end + 3);
    }
    return;
  }
  litValue = o.value;
  litLang = o.language;
  litType = litLang ? '' : o.datatype.value;
}

/** Compacts every graph of `quads` with the context (see {@link CompactedGraphs}). */
export function compactGraphs(
  quads: readonly Quad[],
  options: {
    context?: ContextDefinition;
    compactor?: Compactor;
    /** Graphs (by key: IRI, `_:label`, '' for the default graph) to leave out. */
    skipGraph?: (graphKey: string) => boolean;
    /** Default-graph subjects (by key) to leave out. */
    skipSubject?: (subjectKey: string) => boolean;
    /** A `@context` value to put first in the default-graph node of a subject (by key), if any. */
    headOf?: (subjectKey: string) => unknown;
  } = {},
): CompactedGraphs {
  const skip = options.skipGraph;
  const skipSubject = options.skipSubject;
  const SKIP: GraphAcc = { key1: undefined, node1: undefined, more: undefined };
  let dg0: GraphAcc | undefined;
  const c = options.compactor ?? compactorFor(options.context ?? packageContext());
  const graphs = new Map<string, GraphAcc>();
  const graphIds = new Map<string, string>();
  const typeKey = c.typeKey;
  let lastGraph: Quad['graph'] | undefined;
  let lastGraphMap: GraphAcc | undefined;
  let lastSubject: Quad['subject'] | undefined;
  let lastNode: NodeAcc | undefined;
  for (const q of quads) {
    let g = lastGraphMap;
    if (q.graph !== lastGraph || !g) {
      const gk = q.graph.termType === 'DefaultGraph' ? '' : nodeKey(q.graph);
      g = graphs.get(gk);
      if (!g) {
        if (skip?.(gk)) g = SKIP;
        else {
          graphs.set(gk, (g = { key1: undefined, node1: undefined, more: undefined }));
          if (gk !== '') graphIds.set(gk, c.node(q.graph));
          else dg0 = g;
        }
      }
      lastGraph = q.graph;
      lastGraphMap = g;
      lastSubject = undefined;
    }
    if (g === SKIP) continue;
    const s = q.subject;
    let n: NodeAcc | undefined = lastNode;
    if (s !== lastSubject || !n) {
      const sk = s.termType === 'BlankNode' ? `_:${s.value}` : s.value;
      n = nodeIn(g, sk);
      if (!n) addNode(g, sk, (n = skipSubject && g === dg0 && skipSubject(sk) ? SKIP_NODE : [c.node(s), undefined]));
      lastSubject = s;
      lastNode = n;
    }
    if (n === SKIP_NODE) continue;
    const o = q.object;
    const p = q.predicate.value;
    if (o.termType !== 'Literal') {
      if (p === RDF_TYPE && o.termType === 'NamedNode') {
        const types = n[1] as string[] | undefined;
        if (types) types.push(c.vocab(o.value));
        else n[1] = [c.vocab(o.value)];
        continue;
      }
      const plan = c.plan(p);
      if (plan.key !== undefined) {
        const kind = plan.shape.kind;
        if (kind === 'id') {
          push(n, plan.key, c.node(o));
          continue;
        }
        if (kind === 'vocab') {
          push(n, plan.key, o.termType === 'NamedNode' ? c.vocab(o.value) : `_:${o.value}`);
          continue;
        }
        if (kind === 'plain') {
          push(n, plan.key, { '@id': c.node(o) });
          continue;
        }
      }
      push(n, plan.fallbackKey, { '@id': c.node(o) });
      continue;
    }
    readLiteral(o);
    const value = litValue;
    const language = litLang;
    const datatype = litType;
    const plan = c.plan(p);
    if (plan.key !== undefined) {
      const shape = plan.shape;
      if (shape.kind === 'language') {
        if (language) {
          pushLang(n, plan.key, language, value);
          continue;
        }
      } else if (shape.kind === 'plain') {
        push(n, plan.key, language ? { '@value': value, '@language': language } : datatype === XSD_STRING ? value : { '@value': value, '@type': c.vocab(datatype) });
        continue;
      } else if (shape.kind === 'typed' && !language && datatype === shape.datatype) {
        push(n, plan.key, value);
        continue;
      }
    }
    push(n, plan.fallbackKey, language ? { '@value': value, '@language': language } : datatype === XSD_STRING ? value : { '@value': value, '@type': c.vocab(datatype) });
  }
  const defaultGraph = new Map<string, JsonObject>();
  const dg = graphs.get('');
  const headOf = options.headOf;
  if (dg) eachOrdered(dg, (key, a) => defaultGraph.set(key, finishNode(a, typeKey, headOf?.(key))));
  const namedGraphs = new Map<string, JsonObject[]>();
  for (const [gk, g] of graphs) {
    if (gk === '') continue;
    const nodes: JsonObject[] = [];
    eachOrdered(g, (_, a) => nodes.push(finishNode(a, typeKey)));
    namedGraphs.set(gk, nodes);
  }
  return { compactor: c, defaultGraph, namedGraphs, graphIds };
}

/** The whole dataset as one compacted JSON-LD document object: `{"@context", "@graph": [...]}`. */
export function toJsonLdObject(quads: readonly Quad[], options: JsonLdOptions = {}): JsonObject {
  const context = options.context ?? packageContext();
  const { defaultGraph, namedGraphs, graphIds } = compactGraphs(quads, { context });
  // The node objects are ours (fresh per call): the graph is attached in place.
  // Default-graph nodes are already in order; graphs whose name has no default-graph node are merged in.
  const top: JsonObject[] = [...defaultGraph.values()];
  const extra: Array<{ k: string; id: string; node: JsonObject }> = [];
  for (const [gk, nodes] of namedGraphs) {
    const existing = defaultGraph.get(gk);
    if (existing) existing['@graph'] = nodes;
    else {
      const id = graphIds.get(gk)!;
      extra.push({ k: naturalKey(id), id, node: { '@id': id, '@graph': nodes } });
    }
  }
  // Each extra graph node goes to its place (binary search), so only O(log n) keys are computed per graph.
  const before = (k: string, id: string, node: JsonObject): boolean => {
    const nid = node['@id'] as string;
    const nk = naturalKey(nid);
    return k < nk || (k === nk && id < nid);
  };
  for (const { k, id, node } of extra) {
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(k, id, top[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, node);
  }
  return { '@context': contextValue(options, context), '@graph': top };
}

/** The `@context` value the options ask for. */
export function contextValue(options: JsonLdOptions, context: ContextDefinition = options.context ?? packageContext()): unknown {
  return options.contextRef === 'inline' ? context : (options.contextRef ?? CONTEXT_IRI);
}

/** The whole dataset (all graphs) as compacted JSON-LD text. See {@link toJsonLdObject}. */
export function toJsonLd(quads: readonly Quad[], options: JsonLdOptions = {}): string {
  return `${JSON.stringify(toJsonLdObject(quads, options), null, options.indent ?? 2)}\n`;
}

function expandedValue(o: Quad['object']): JsonObject {
  if (o.termType === 'Literal') {
    if (o.language) return { '@value': o.value, '@language': o.language };
    if (o.datatype.value === XSD_STRING) return { '@value': o.value };
    return { '@value': o.value, '@type': o.datatype.value };
  }
  return { '@id': nodeKey(o) };
}

/** The whole dataset as expanded JSON-LD (an array of node objects; full IRIs, no context). */
export function toExpandedJsonLdObject(quads: readonly Quad[]): JsonObject[] {
  const graphs = new Map<string, Map<string, { id: string; types: string[]; props: Map<string, JsonObject[]> }>>();
  for (const q of quads) {
    const gk = q.graph.termType === 'DefaultGraph' ? '' : nodeKey(q.graph);
    let g = graphs.get(gk);
    if (!g) graphs.set(gk, (g = new Map()));
    const sk = nodeKey(q.subject);
    let n = g.get(sk);
    if (!n) g.set(sk, (n = { id: sk, types: [], props: new Map() }));
    if (q.predicate.value === RDF_TYPE && q.object.termType !== 'Literal') {
      n.types.push(nodeKey(q.object));
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
