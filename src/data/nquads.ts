/**
 * N-Quads writing: one line per quad, escaped as the N-Quads grammar requires, sorted for byte-stable output,
 * and blank-node labels every parser accepts.
 *
 * The text writers (the compiled dataset, and the N-Triples, N-Quads,
 * Turtle and TriG exports) write blank nodes as `_:b0`, `_:b1`, … (PyLD's N-Quads parser and Perl RDF::Trine reject labels such as `_:n3-0`).
 * Labels are deterministic: numbered in order of first appearance (subject, object, graph) in the sorted
 * N-Quads lines of the input, so the same quads give the same labels whatever their order. The relabelling
 * is one-to-one, so the graph written is isomorphic to the input.
 * @module
 */
import { DataFactory, type Quad } from 'n3';
import { escapeLiteral } from '../rdf/escape.js';

/**
 * Serialises quads as canonical-ish N-Quads, one per line, sorted for byte-stable output; blank nodes are
 * labelled `_:b0`, `_:b1`, … (labels every N-Quads parser accepts, see {@link relabelBlankNodes}).
 */
export function toNQuads(quads: readonly Quad[]): string {
  const lines = relabelBlankNodes(quads).map(nquadLine);
  lines.sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function term(t: Quad['subject'] | Quad['object'] | Quad['graph'] | Quad['predicate']): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const lex = `"${escapeLiteral(t.value)}"`;
      if (t.language) return `${lex}@${t.language}`;
      return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^<${t.datatype.value}>`;
    }
    default:
      throw new Error(`cannot serialise a ${t.termType} in N-Quads`);
  }
}
/** One N-Quads line for a quad (without the newline). */
export function nquadLine(q: Quad): string {
  const g = q.graph.termType === 'DefaultGraph' ? '' : ` ${term(q.graph)}`;
  return `${term(q.subject)} ${term(q.predicate)} ${term(q.object)}${g} .`;
}

type Node = Quad['subject'] | Quad['object'] | Quad['graph'];

/** Whether any quad has a blank node (subject, object or graph). */
function hasBlank(quads: readonly Quad[]): boolean {
  return quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode');
}

/**
 * The quads with every blank node relabelled `b0`, `b1`, … (see the module comment). Without blank nodes,
 * `quads` itself is returned.
 */
export function relabelBlankNodes(quads: readonly Quad[]): readonly Quad[] {
  if (!hasBlank(quads)) return quads;
  const keyed = quads.map((q) => ({ q, line: nquadLine(q) }));
  keyed.sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  const labels = new Map<string, string>();
  const see = (t: Node) => {
    if (t.termType === 'BlankNode' && !labels.has(t.value)) labels.set(t.value, `b${labels.size}`);
  };
  for (const { q } of keyed) {
    see(q.subject);
    see(q.object);
    see(q.graph);
  }
  const map = <T extends Node>(t: T): T => (t.termType === 'BlankNode' ? (DataFactory.blankNode(labels.get(t.value)) as T) : t);
  return quads.map((q) => (hasBlank([q]) ? DataFactory.quad(map(q.subject), q.predicate, map(q.object), map(q.graph)) : q));
}
