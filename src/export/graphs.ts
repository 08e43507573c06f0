/**
 * The core of the JSON-LD writers: every graph of a dataset compacted with a context into node objects,
 * in one pass over the quads and without jsonld.js.
 *
 * The pass records one row per quad (node, key, value) in flat arrays: typed arrays for the numbers, one
 * array each for keys, values and languages. No per-node accumulator is allocated, so a large graph keeps
 * the young generation small (the scavenger copies every live young object, and all of them are live
 * here). Rows are then grouped by node with a counting sort and each node object is built once, with its
 * keys already in order. Groups are found by value (IRI, blank node label), not by term identity, so
 * parsed quads (fresh term objects) and generated ones (shared terms) take the same path.
 * @module
 */
import { Literal as N3Literal, type Quad } from 'n3';
import { packageContext, type ContextDefinition } from './context.js';
import { Compactor, type ValueShape } from './compactor.js';
import { codeUnitCompare, naturalCompare, naturalKey, sortNatural } from '../rdf/order.js';
import { RDF_TYPE, XSD_STRING } from '../namespaces.js';
import { termKey } from '../rdf/term-key.js';


/** A JSON-LD node object (or any JSON object of a JSON-LD document). */
export type JsonObject = Record<string, unknown>;

type Value = string | JsonObject;

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

/** Options of {@link compactGraphs}. */
export interface CompactGraphsOptions {
  /** The context (default: the package context). */
  context?: ContextDefinition;
  /** The compactor to use (default: a fresh one for the context). */
  compactor?: Compactor;
  /** Graphs (by key: IRI, `_:label`, '' for the default graph) to leave out. */
  skipGraph?: (graphKey: string) => boolean;
  /** Default-graph subjects (by key) to leave out. */
  skipSubject?: (subjectKey: string) => boolean;
  /** A `@context` value to put first in the default-graph node of a subject (by key), if any (compactGraphs only). */
  headOf?: (subjectKey: string) => unknown;
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

export function valueSortKey(v: Value): string {
  // One key per distinct value (values are de-duplicated by key), in the order: node references, value
  // objects (by value, then language before datatype), bare strings. Languages and IRIs contain no
  // control characters, so the tags cannot be forged by a value.
  if (typeof v === 'string') return `\u0003${v}`;
  if ('@id' in v) return `\u0001${String(v['@id'])}`;
  if ('@language' in v) return `\u0002${String(v['@value'])}\u0000${String(v['@language'])}\u0000`;
  return `\u0002${String(v['@value'])}\u0000${String(v['@type'] ?? '')}\u0001`;
}

/** Sorts (natural order) and de-duplicates a value list (a short list is sorted in place and returned); one value is returned bare. */
export function finishValues(values: Value[]): Value | Value[] {
  const count = values.length;
  if (count === 1) return values[0]!;
  if (count <= 8) {
    // Few values (two types on every proposition node): an insertion sort in place, with the
    // allocation-free naturalCompare, which orders as naturalKey-then-code-units does. Bare strings only
    // (types, vocab values) are their own keys: their keys would share one tag.
    let strings = true;
    for (let i = 0; i < count; i++) if (typeof values[i] !== 'string') strings = false;
    const keys = strings ? (values as string[]) : values.map(valueSortKey);
    let m = 1;
    for (let i = 1; i < count; i++) {
      const k = keys[i]!;
      const v = values[i]!;
      let j = m;
      while (j > 0 && naturalCompare(k, keys[j - 1]!) < 0) j--;
      if (j > 0 && keys[j - 1] === k) continue;
      for (let x = m; x > j; x--) {
        values[x] = values[x - 1]!;
        if (!strings) keys[x] = keys[x - 1]!;
      }
      values[j] = v;
      if (!strings) keys[j] = k;
      m++;
    }
    if (m === 1) return values[0]!;
    values.length = m;
    return values;
  }
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

/**
 * Whether `s` occurs in `text` at `at` (String#startsWith with a position is a slow call in V8): a short
 * string compared code unit by code unit, a long one as a slice (a memory comparison).
 */
function occursAt(text: string, at: number, s: string): boolean {
  const n = s.length;
  if (n > 12) return text.slice(at, at + n) === s;
  for (let i = 0; i < n; i++) if (text.charCodeAt(at + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** A graph's node table: its first subject inline (most claim graphs have one or two), a map beyond that. */
interface GraphTable {
  readonly key: string;
  readonly isDefault: boolean;
  key1: string | undefined;
  node1: number;
  more: Map<string, number> | undefined;
  /** The numbers of the nodes in {@link more} (not skipped), in order of appearance. */
  readonly moreNodes: number[];
}

/** Node number of a skipped subject. */
const SKIPPED = -1;

/**
 * The dataset read once and compacted lazily: node objects are built on request, so a caller that needs
 * some nodes only (the per-entity documents) builds those only. Each call builds a fresh object.
 */
export interface ScannedGraphs {
  /** The compactor used. */
  readonly compactor: Compactor;
  /** The compacted `@id` of each named graph that was read, by graph key (in order of first appearance). */
  readonly graphIds: Map<string, string>;
  /** The node object of a subject (by key) in a graph (by key; '' for the default graph), if it has one. */
  node(graphKey: string, subjectKey: string, head?: unknown): JsonObject | undefined;
  /** Subject keys of a graph's nodes, in natural order of their compacted `@id`. */
  subjects(graphKey: string): string[];
  /** A graph's node objects, in natural order of their compacted `@id`. */
  graph(graphKey: string): JsonObject[];
}

/** Compacts every graph of `quads` with the context (see {@link CompactedGraphs}). */
export function compactGraphs(quads: readonly Quad[], options: CompactGraphsOptions = {}): CompactedGraphs {
  const scan = scanGraphs(quads, options);
  const headOf = options.headOf;
  const defaultGraph = new Map<string, JsonObject>();
  for (const sk of scan.subjects('')) defaultGraph.set(sk, scan.node('', sk, headOf?.(sk))!);
  const namedGraphs = new Map<string, JsonObject[]>();
  for (const gk of scan.graphIds.keys()) namedGraphs.set(gk, scan.graph(gk));
  return { compactor: scan.compactor, defaultGraph, namedGraphs, graphIds: scan.graphIds };
}

/** What the reading pass records (see {@link readRows}). */
interface Rows {
  /** Compacted `@id` and subject key of each node, by node number (order of appearance). */
  readonly nodeIds: string[];
  readonly nodeKeys: string[];
  /** Per row (one per quad read): node number, key number (Compactor.keyName), language number, value. */
  readonly rowNode: Int32Array;
  readonly rowKey: Int32Array;
  readonly rowLang: Int32Array;
  readonly rowVal: Value[];
  readonly rows: number;
  /** Language tags by number (0: not in a language map). */
  readonly langNames: string[];
  /** The graph tables by graph key (null: skipped), and the compacted `@id` of each named graph read. */
  readonly graphs: Map<string, GraphTable | null>;
  readonly graphIds: Map<string, string>;
}

/**
 * The parts of a literal (lexical form, lower-cased language tag or '', datatype IRI or '' when tagged),
 * read by {@link read} into its fields; one reader per pass, so that the last language tag is remembered.
 */
class LiteralReader {
  text = '';
  language = '';
  datatype = '';
  private lastLang = '\u0000';

  read(o: Extract<Quad['object'], { termType: 'Literal' }>, shape: ValueShape): void {
    if (o instanceof N3Literal) this.readId(o.id, shape);
    else {
      // Any other RDF/JS literal (language tags lowercased, as n3 does).
      const lit = o as { value: string; language: string; datatype: { value: string } };
      this.text = lit.value;
      this.language = lit.language.toLowerCase();
      this.datatype = this.language ? '' : lit.datatype.value;
    }
  }

  /** An n3 literal's parts, read from its id (`"v"`, `"v"@lang`, `"v"^^dt`) once. */
  private readId(id: string, shape: ValueShape): void {
    // The closing quote (String#lastIndexOf is a slow runtime call).
    let end = id.length - 1;
    while (id.charCodeAt(end) !== 34) end--;
    this.text = id.substring(1, end);
    if (end === id.length - 1) {
      this.language = '';
      this.datatype = XSD_STRING;
    } else if (id.charCodeAt(end + 1) === 64) {
      // Most tags repeat the previous one: recognised in place, without copying the tag out.
      const last = this.lastLang;
      if (id.length - end - 2 === last.length && occursAt(id, end + 2, last)) this.language = last;
      else {
        const dir = id.indexOf('--', end);
        this.language = this.lastLang = (dir > 0 ? id.substring(end + 2, dir) : id.substring(end + 2)).toLowerCase();
      }
      this.datatype = '';
    } else {
      this.language = '';
      // The common case, the term's own datatype, is recognised without copying the IRI out.
      this.datatype = shape.kind === 'typed' && id.length - end - 3 === shape.datatype.length && occursAt(id, end + 3, shape.datatype) ? shape.datatype : id.substring(end + 3);
    }
  }
}

/** The rows of the reading pass, in growable typed arrays (see {@link Rows}). */
class RowBuffer {
  node: Int32Array<ArrayBuffer>;
  key: Int32Array<ArrayBuffer>;
  lang: Int32Array<ArrayBuffer>;
  readonly val: Value[];
  count = 0;

  constructor(quads: number) {
    this.node = new Int32Array(Math.max(16, quads));
    this.key = new Int32Array(this.node.length);
    this.lang = new Int32Array(this.node.length);
    // Presized (a fast holey array): growing by push would copy it a dozen times.
    this.val = new Array<Value>(quads);
  }

  add(node: number, key: number, value: Value, lang: number): void {
    const r = this.count;
    if (r === this.node.length) {
      this.node = doubled(this.node, r);
      this.key = doubled(this.key, r);
      this.lang = doubled(this.lang, r);
    }
    this.node[r] = node;
    this.key[r] = key;
    this.val[r] = value;
    this.lang[r] = lang;
    this.count = r + 1;
  }
}

function doubled(a: Int32Array<ArrayBuffer>, used: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(used * 2);
  b.set(a);
  return b;
}

/** Language tags numbered in order of first use (0: not in a language map). */
class LanguageNumbers {
  readonly names: string[] = [''];
  private readonly numbers = new Map<string, number>();

  of(language: string): number {
    let n = this.numbers.get(language) ?? 0;
    if (n === 0) {
      n = this.names.length;
      this.names.push(language);
      this.numbers.set(language, n);
    }
    return n;
  }
}

/** Adds the row of a quad of node `node`: its key number and compacted value, by the predicate's plan. */
function addRow(out: RowBuffer, node: number, p: string, o: Quad['object'], c: Compactor, lit: LiteralReader, langs: LanguageNumbers): void {
  if (o.termType !== 'Literal') {
    // An IRI or blank node: a type, an @id or @vocab value, or a node reference.
    if (p === RDF_TYPE && o.termType === 'NamedNode') return out.add(node, 0, c.vocab(o.value), 0);
    const plan = c.plan(p);
    const kind = plan.key === undefined ? 'plain' : plan.shape.kind;
    if (kind === 'id') return out.add(node, plan.keyNo, c.node(o), 0);
    if (kind === 'vocab') return out.add(node, plan.keyNo, o.termType === 'NamedNode' ? c.vocab(o.value) : `_:${o.value}`, 0);
    return out.add(node, kind === 'plain' && plan.key !== undefined ? plan.keyNo : plan.fallbackNo, { '@id': c.node(o) }, 0);
  }
  // A literal: under the predicate's term when it fits the term's shape, else as a value object.
  const plan = c.plan(p);
  const shape = plan.shape;
  lit.read(o, shape);
  const { text, language, datatype } = lit;
  if (plan.key !== undefined && shape.kind === 'language' && language) return out.add(node, plan.keyNo, text, langs.of(language));
  if (plan.key !== undefined && shape.kind === 'typed' && !language && datatype === shape.datatype) return out.add(node, plan.keyNo, text, 0);
  const key = plan.key !== undefined && shape.kind === 'plain' ? plan.keyNo : plan.fallbackNo;
  out.add(node, key, language ? { '@value': text, '@language': language } : datatype === XSD_STRING ? text : { '@value': text, '@type': c.vocab(datatype) }, 0);
}

/** The graph tables and the nodes, numbered in order of appearance (compacted `@id` and subject key). */
class NodeNumbering {
  readonly nodeIds: string[] = [];
  readonly nodeKeys: string[] = [];
  /** The graph tables by graph key (null: skipped). */
  readonly graphs = new Map<string, GraphTable | null>();
  /** The compacted `@id` of each named graph read. */
  readonly graphIds = new Map<string, string>();

  constructor(
    private readonly c: Compactor,
    private readonly skipGraph: ((graphKey: string) => boolean) | undefined,
    private readonly skipSubject: ((subjectKey: string) => boolean) | undefined,
  ) {}

  /** The table of a graph (null: skipped), made on its first quad. */
  tableOf(gt: Quad['graph']): GraphTable | null {
    const gk = termKey(gt);
    let t = this.graphs.get(gk);
    if (t === undefined) {
      if (this.skipGraph?.(gk)) t = null;
      else {
        t = { key: gk, isDefault: gk === '', key1: undefined, node1: SKIPPED, more: undefined, moreNodes: [] };
        if (gk !== '') this.graphIds.set(gk, this.c.node(gt));
      }
      this.graphs.set(gk, t);
    }
    return t;
  }

  /** The number of a subject's node in a graph (SKIPPED: left out), numbered on its first quad. */
  nodeOf(table: GraphTable, s: Quad['subject']): number {
    const sk = termKey(s);
    if (table.key1 === sk) return table.node1;
    const found = table.more?.get(sk);
    if (found !== undefined) return found;
    let id = SKIPPED;
    if (!(this.skipSubject && table.isDefault && this.skipSubject(sk))) {
      id = this.nodeIds.length;
      this.nodeIds.push(this.c.node(s));
      this.nodeKeys.push(sk);
    }
    if (table.key1 === undefined) {
      table.key1 = sk;
      table.node1 = id;
    } else {
      (table.more ??= new Map()).set(sk, id);
      if (id !== SKIPPED) table.moreNodes.push(id);
    }
    return id;
  }
}

/** The reading pass of {@link scanGraphs}: one row per quad, node and graph tables. */
function readRows(quads: readonly Quad[], c: Compactor, skipGraph: ((graphKey: string) => boolean) | undefined, skipSubject: ((subjectKey: string) => boolean) | undefined): Rows {
  const n = quads.length;
  const nodes = new NodeNumbering(c, skipGraph, skipSubject);
  // Rows: node, key number (see Compactor.keyName), value, language number (0: not in a language map).
  const out = new RowBuffer(n);
  const langs = new LanguageNumbers();
  const lit = new LiteralReader();

  // The graph and subject being read; consecutive quads mostly share them, compared by value.
  let g: GraphTable | null = null;
  let lastGraph: Quad['graph'] | undefined;
  let lastGraphValue = '\u0000';
  let lastGraphType = '';
  let lastSubject: Quad['subject'] | undefined;
  let lastSubjectValue = '\u0000';
  let lastSubjectBlank = false;
  let node = SKIPPED;
  // The subject before the last one (a claim's quads and its propositions' quads alternate).
  let prevSubjectValue = '\u0000';
  let prevSubjectBlank = false;
  let prevNode = SKIPPED;

  for (let i = 0; i < n; i++) {
    const q = quads[i]!;
    const gt = q.graph;
    if (gt !== lastGraph) {
      lastGraph = gt;
      const type = gt.termType;
      const value = gt.value;
      if (value !== lastGraphValue || type !== lastGraphType) {
        lastGraphValue = value;
        lastGraphType = type;
        g = nodes.tableOf(gt);
        lastSubject = undefined;
        lastSubjectValue = '\u0000';
        prevSubjectValue = '\u0000';
      }
    }
    if (g === null) continue;
    const s = q.subject;
    if (s !== lastSubject) {
      lastSubject = s;
      const value = s.value;
      const blank = s.termType === 'BlankNode';
      if (value !== lastSubjectValue || blank !== lastSubjectBlank) {
        const back = value === prevSubjectValue && blank === prevSubjectBlank;
        prevSubjectValue = lastSubjectValue;
        prevSubjectBlank = lastSubjectBlank;
        lastSubjectValue = value;
        lastSubjectBlank = blank;
        const before = prevNode;
        prevNode = node;
        node = back ? before : nodes.nodeOf(g, s);
      }
    }
    if (node === SKIPPED) continue;
    addRow(out, node, q.predicate.value, q.object, c, lit, langs);
  }
  const rows = out.count;
  out.val.length = rows;
  const { nodeIds, nodeKeys, graphs, graphIds } = nodes;
  return { nodeIds, nodeKeys, rowNode: out.node, rowKey: out.key, rowLang: out.lang, rowVal: out.val, rows, langNames: langs.names, graphs, graphIds };
}

/** Ranks of the numbers of `names` in code-unit order of the names, `first` before all (rank 0). */
function rankOf(names: readonly string[], first: number): Int32Array {
  const nums = names.map((_, i) => i).filter((i) => i !== first);
  nums.sort((a, b) => codeUnitCompare(names[a]!, names[b]!));
  const rank = new Int32Array(names.length);
  nums.forEach((k, i) => (rank[k] = i + 1));
  return rank;
}

/**
 * Rows grouped by node (a counting sort; quad order kept within a node): node `k`'s rows are
 * `order[start[k]]` to `order[start[k + 1] - 1]`.
 */
function groupByNode(r: Rows): { start: Int32Array; order: Int32Array } {
  const { rowNode, rows } = r;
  const nodes = r.nodeIds.length;
  const start = new Int32Array(nodes + 1);
  for (let i = 0; i < rows; i++) start[rowNode[i]! + 1]!++;
  for (let k = 0; k < nodes; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, nodes);
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[fill[rowNode[i]!]!++] = i;
  return { start, order };
}

/**
 * Builds node objects from the grouped rows: a node's rows are put in order (by key, then language, then
 * quad order) once, when it is first built; each call returns a fresh object.
 */
function nodeBuilder(r: Rows, c: Compactor): (k: number, head?: unknown) => JsonObject {
  const { nodeIds, rowKey, rowLang, rowVal, langNames } = r;
  // Ranks of the key and language numbers in code-unit order of their names (type values first).
  const keyNames = Array.from({ length: c.keyCount }, (_, k) => c.keyName(k));
  const keyRank = rankOf(keyNames, 0);
  const langRank = rankOf(langNames, 0);
  const { start, order } = groupByNode(r);
  const sorted = new Uint8Array(nodeIds.length);

  // A node's rows by key, then language, then quad order.
  const before = (a: number, b: number): boolean => {
    const ka = keyRank[rowKey[a]!]!;
    const kb = keyRank[rowKey[b]!]!;
    if (ka !== kb) return ka < kb;
    const la = langRank[rowLang[a]!]!;
    const lb = langRank[rowLang[b]!]!;
    if (la !== lb) return la < lb;
    return a < b;
  };
  const sortSegment = (from: number, to: number): void => {
    if (to - from <= 32) {
      for (let i = from + 1; i < to; i++) {
        const row = order[i]!;
        let j = i - 1;
        while (j >= from && before(row, order[j]!)) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = row;
      }
      return;
    }
    const seg = Array.from(order.subarray(from, to));
    seg.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    order.set(seg, from);
  };
  const valuesOf = (from: number, to: number): Value | Value[] => {
    if (to - from === 1) return rowVal[order[from]!]!;
    const list: Value[] = [];
    for (let i = from; i < to; i++) list.push(rowVal[order[i]!]!);
    return finishValues(list);
  };
  return (k: number, head?: unknown): JsonObject => {
    const out: JsonObject = head === undefined ? { '@id': nodeIds[k] } : { '@context': head, '@id': nodeIds[k] };
    const from = start[k]!;
    const to = start[k + 1]!;
    if (!sorted[k]) {
      sortSegment(from, to);
      sorted[k] = 1;
    }
    let i = from;
    while (i < to) {
      const key = rowKey[order[i]!]!;
      let j = i + 1;
      while (j < to && rowKey[order[j]!] === key) j++;
      if (rowLang[order[i]!] === 0) out[keyNames[key]!] = valuesOf(i, j);
      else {
        // A language map: one entry per language, in code-unit order (the rows are sorted so).
        const map: JsonObject = {};
        let a = i;
        while (a < j) {
          const lang = rowLang[order[a]!]!;
          let b = a + 1;
          while (b < j && rowLang[order[b]!] === lang) b++;
          map[langNames[lang]!] = valuesOf(a, b);
          a = b;
        }
        out[keyNames[key]!] = map;
      }
      i = j;
    }
    return out;
  };
}

/** The nodes of a graph in natural order of their compacted ids. */
function inOrder(t: GraphTable, nodeIds: readonly string[]): number[] {
  const list: number[] = [];
  if (t.node1 !== SKIPPED) list.push(t.node1);
  const more = t.moreNodes;
  for (let i = 0; i < more.length; i++) list.push(more[i]!);
  if (list.length < 2) return list;
  if (list.length < 8) return list.sort((a, b) => naturalCompare(nodeIds[a]!, nodeIds[b]!));
  // Many nodes: natural keys once each (comparing keys is native, faster than comparing naturally).
  return sortNatural(list, (k) => nodeIds[k]!);
}

/** Reads every graph of `quads` once (see {@link ScannedGraphs}); `headOf` is not used here. */
export function scanGraphs(quads: readonly Quad[], options: Omit<CompactGraphsOptions, 'headOf'> = {}): ScannedGraphs {
  const c = options.compactor ?? compactorFor(options.context ?? packageContext());
  const r = readRows(quads, c, options.skipGraph, options.skipSubject);
  const { nodeIds, nodeKeys, graphs, graphIds } = r;
  const finish = nodeBuilder(r, c);
  const table = (gk: string): GraphTable | undefined => graphs.get(gk) ?? undefined;
  return {
    compactor: c,
    graphIds,
    node(gk, sk, head) {
      const t = table(gk);
      if (!t) return undefined;
      const k = t.key1 === sk ? t.node1 : (t.more?.get(sk) ?? SKIPPED);
      return k === SKIPPED ? undefined : finish(k, head);
    },
    subjects(gk) {
      const t = table(gk);
      return t ? inOrder(t, nodeIds).map((k) => nodeKeys[k]!) : [];
    },
    graph(gk) {
      const t = table(gk);
      if (!t) return [];
      if (!t.more) return t.node1 === SKIPPED ? [] : [finish(t.node1)];
      return inOrder(t, nodeIds).map((k) => finish(k));
    },
  };
}
