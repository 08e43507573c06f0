/**
 * Blank-node labels every parser accepts: the text writers (N-Triples, N-Quads, Turtle, TriG) write blank
 * nodes as `_:b0`, `_:b1`, … (PyLD's N-Quads parser and Perl RDF::Trine reject labels such as `_:n3-0`).
 * Labels are deterministic: numbered in order of first appearance (subject, object, graph) in the sorted
 * N-Quads lines of the input, so the same quads give the same labels whatever their order. The relabelling
 * is one-to-one, so the graph written is isomorphic to the input.
 * @module
 */
import { DataFactory, type Quad } from 'n3';
import { nquadLine } from '../data/dataset.js';
import { codeUnitCompare } from './order.js';

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
  keyed.sort((a, b) => codeUnitCompare(a.line, b.line));
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
