/**
 * Readable, byte-stable Turtle and TriG: prefixed names (the package prefixes plus one per `id:` path
 * namespace, such as `person:`), subjects in natural order with `a` and `rdfs:label` first, objects sorted.
 * Prefixed names are used only where the local name needs no escape (some stores mishandle `\`-escapes);
 * every other IRI is written in full.
 * Turtle carries the whole default graph (facts view, claims, evidence, propositions, sources); TriG carries every graph,
 * the default graph too inside `{ }` (valid either way; older TriG parsers need the braces).
 * Blank nodes are written `_:b0`, `_:b1`, … (see `relabelBlankNodes` in src/data/nquads.ts), labels every parser accepts.
 *
 * Why a hand writer and not n3's `Writer` (which writes N-Quads and N-Triples, src/data/nquads.ts):
 * bench/export.ts (`--writers`) gives n3's Writer the same quads, relabelled and sorted the same way, and
 * it takes 1.54× (Turtle) and 1.47× (TriG) the time of this writer on the package dataset, 2.13× and
 * 1.43× on the 100,000-quad synthetic graph (CPU time, fresh process per candidate, Node 20) — over the
 * 1.3× the package accepts for a library. It also writes `xsd:boolean` values bare (`false`), which
 * rdflib.js reads back as `"0"^^xsd:boolean` (test/export-rdf.test.ts parses the Turtle with rdflib.js),
 * and it writes the default graph of TriG without the braces older TriG parsers need.
 * @module
 */
import type { Quad } from 'n3';
import { ID, PREFIXES, RDF_TYPE, XSD } from '../namespaces.js';
import { codeUnitCompare, naturalKey } from '../rdf/order.js';
import { relabelBlankNodes } from '../data/nquads.js';
import { escapeLiteral } from '../rdf/escape.js';
import { termKey } from '../rdf/term-key.js';

const RDFS_LABEL = `${PREFIXES.rdfs}label`;
const LOCAL = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PREFIX_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Options of the Turtle and TriG writers. */
export interface TurtleOptions {
  /** Prefixes to use (default: the package {@link PREFIXES}); `id:` path prefixes are added when `pathPrefixes`. */
  prefixes?: Readonly<Record<string, string>>;
  /** Derive a prefix for each namespace below `id:` used at least twice (default true). */
  pathPrefixes?: boolean;
  /** A header comment (without `#`), written above the prefixes. */
  header?: string;
}

/** Derives prefixes for the namespaces below `id:` (`id:person/…` → `person:`), deterministically. */
export function pathPrefixes(quads: readonly Quad[], taken: Readonly<Record<string, string>>): Record<string, string> {
  const counts = new Map<string, number>();
  const see = (t: Quad['subject'] | Quad['object'] | Quad['graph']) => {
    if (t.termType !== 'NamedNode' || !t.value.startsWith(ID)) return;
    const i = t.value.lastIndexOf('/');
    if (i < ID.length) return;
    const ns = t.value.slice(0, i + 1);
    counts.set(ns, (counts.get(ns) ?? 0) + 1);
  };
  for (const q of quads) {
    see(q.subject);
    see(q.object);
    see(q.graph);
  }
  const usedNames = new Set(Object.keys(taken));
  const usedNs = new Set(Object.values(taken));
  const out: Record<string, string> = {};
  for (const ns of [...counts.keys()].sort(codeUnitCompare)) {
    if ((counts.get(ns) ?? 0) < 2 || usedNs.has(ns)) continue;
    const name = ns.slice(0, -1).split('/').pop() ?? '';
    if (!PREFIX_NAME.test(name) || usedNames.has(name)) continue;
    usedNames.add(name);
    out[name] = ns;
  }
  return out;
}

/** Writes terms in Turtle syntax with a fixed prefix table; records which prefixes were used. */
class TermWriter {
  readonly used = new Set<string>();
  private readonly byNs: Array<[string, string]>;
  private readonly cache = new Map<string, string>();

  constructor(readonly prefixes: Readonly<Record<string, string>>) {
    this.byNs = Object.entries(prefixes).sort((a, b) => b[1].length - a[1].length || codeUnitCompare(a[0], b[0]));
  }

  iri(iri: string): string {
    const hit = this.cache.get(iri);
    if (hit !== undefined) {
      const i = hit.indexOf(':');
      if (hit[0] !== '<') this.used.add(hit.slice(0, i));
      return hit;
    }
    let out = `<${iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`)}>`;
    for (const [p, ns] of this.byNs) {
      if (iri.startsWith(ns) && LOCAL.test(iri.slice(ns.length))) {
        out = `${p}:${iri.slice(ns.length)}`;
        this.used.add(p);
        break;
      }
    }
    this.cache.set(iri, out);
    return out;
  }

  node(t: Quad['subject'] | Quad['object'] | Quad['graph']): string {
    // Labels are already `b0`, `b1`, … (relabelBlankNodes, called by toTurtle and toTriG).
    if (t.termType === 'BlankNode') return `_:${t.value}`;
    if (t.termType === 'Literal') return this.literal(t);
    return this.iri(t.value);
  }

  literal(t: Extract<Quad['object'], { termType: 'Literal' }>): string {
    const v = t.value;
    if (t.language) return `"${escapeLiteral(v)}"@${t.language}`;
    const dt = t.datatype.value;
    if (dt === `${XSD}string`) return `"${escapeLiteral(v)}"`;
    // Bare integers; booleans stay quoted (rdflib.js reads a bare `false` as "0"^^xsd:boolean).
    if (dt === `${XSD}integer` && /^[+-]?[0-9]+$/.test(v)) return v;
    return `"${escapeLiteral(v)}"^^${this.iri(dt)}`;
  }
}

function predicateRank(p: string): number {
  return p === RDF_TYPE ? 0 : p === RDFS_LABEL ? 1 : 2;
}

/** Writes the triples of one graph as Turtle statements (indented by `indent`). */
function writeGraph(quads: readonly Quad[], w: TermWriter, indent: string): string {
  const bySubject = new Map<string, { s: Quad['subject']; text: string; preds: Map<string, { p: string; text: string; objs: Map<string, string> }> }>();
  for (const q of quads) {
    const sk = termKey(q.subject);
    let s = bySubject.get(sk);
    if (!s) bySubject.set(sk, (s = { s: q.subject, text: w.node(q.subject), preds: new Map() }));
    const pv = q.predicate.value;
    let p = s.preds.get(pv);
    if (!p) s.preds.set(pv, (p = { p: pv, text: pv === RDF_TYPE ? 'a' : w.iri(pv), objs: new Map() }));
    const ot = w.node(q.object);
    p.objs.set(ot, ot);
  }
  const subjects = [...bySubject.values()].map((s) => ({ s, k: `${s.s.termType === 'BlankNode' ? '\uffff' : ''}${naturalKey(s.text)}` }));
  subjects.sort((a, b) => (a.k !== b.k ? (a.k < b.k ? -1 : 1) : codeUnitCompare(a.s.text, b.s.text)));
  const out: string[] = [];
  const pad = `${indent}    `;
  for (const { s } of subjects) {
    const preds = [...s.preds.values()].sort((a, b) => predicateRank(a.p) - predicateRank(b.p) || codeUnitCompare(naturalKey(a.text), naturalKey(b.text)) || codeUnitCompare(a.text, b.text));
    const lines = preds.map((p) => {
      const objs = [...p.objs.keys()].sort((a, b) => codeUnitCompare(naturalKey(a), naturalKey(b)) || codeUnitCompare(a, b));
      const oneLine = objs.join(' , ');
      return oneLine.length + p.text.length <= 100 || objs.length === 1 ? `${p.text} ${oneLine}` : `${p.text}\n${pad}    ${objs.join(` ,\n${pad}    `)}`;
    });
    out.push(`${indent}${s.text} ${lines.join(` ;\n${pad}`)} .\n`);
  }
  return out.join('\n');
}

function prefixBlock(w: TermWriter, header: string | undefined): string {
  const head = header ? `${header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n` : '';
  const entries = Object.entries(w.prefixes).filter(([p]) => w.used.has(p));
  const width = Math.max(0, ...entries.map(([p]) => p.length));
  return `${head}${entries.map(([p, ns]) => `@prefix ${`${p}:`.padEnd(width + 1)} <${ns}> .`).join('\n')}\n`;
}

function makeWriter(quads: readonly Quad[], options: TurtleOptions): TermWriter {
  const base = options.prefixes ?? PREFIXES;
  const prefixes = options.pathPrefixes === false ? { ...base } : { ...base, ...pathPrefixes(quads, base) };
  return new TermWriter(prefixes);
}

/** The default graph of `quads` as Turtle (named-graph quads are left out: use {@link toTriG} for them). */
export function toTurtle(quads: readonly Quad[], options: TurtleOptions = {}): string {
  const triples = relabelBlankNodes(quads.filter((q) => q.graph.termType === 'DefaultGraph'));
  const w = makeWriter(triples, options);
  const body = writeGraph(triples, w, '');
  return `${prefixBlock(w, options.header)}\n${body}`;
}

/** Every graph of `quads` as TriG: the default graph first (inside `{ }`), then each named graph in natural order. */
export function toTriG(input: readonly Quad[], options: TurtleOptions = {}): string {
  const quads = relabelBlankNodes(input);
  const w = makeWriter(quads, options);
  const graphs = new Map<string, { g: Quad['graph']; quads: Quad[] }>();
  for (const q of quads) {
    const k = termKey(q.graph);
    let e = graphs.get(k);
    if (!e) graphs.set(k, (e = { g: q.graph, quads: [] }));
    e.quads.push(q);
  }
  const parts: string[] = [];
  const dflt = graphs.get('');
  if (dflt) parts.push(`{\n${writeGraph(dflt.quads, w, '    ')}}\n`);
  const named = [...graphs.entries()]
    .filter(([k]) => k !== '')
    .map(([, e]) => ({ e, text: w.node(e.g) }))
    .sort((a, b) => codeUnitCompare(naturalKey(a.text), naturalKey(b.text)) || codeUnitCompare(a.text, b.text));
  for (const { e, text } of named) parts.push(`${text} {\n${writeGraph(e.quads, w, '    ')}}\n`);
  return `${prefixBlock(w, options.header)}\n${parts.join('\n')}`;
}
