/**
 * SHACL shapes that validate the export as published, with no ontology in the data graph.
 *
 * `ontology/shapes.ttl` is written for a data graph that holds the ontology too: SHACL's `sh:class` and
 * `sh:targetClass` follow `rdfs:subClassOf` triples *of the data graph*, so `sh:class kg:Agent` accepts a
 * `kg:Company` only when the data says `kg:Company rdfs:subClassOf kg:Agent`. The exports' Turtle,
 * N-Triples and RDF/XML carry the default graph alone (the ontology is `ontology.ttl`, or a named graph of
 * the N-Quads, TriG and JSON-LD), so a validator run on them reports every such value as a violation.
 *
 * {@link exportShapes} folds the class hierarchy into the shapes instead: every `sh:class C` becomes
 * `sh:or ( [ sh:class C ] [ sh:class C1 ] … [ sh:in ( … ) ] )` over C, its subclasses (transitively) and the
 * ontology's own individuals of those classes (the concepts `kg:Asserted`, `kg:Verified`, … are typed in the
 * ontology only), and every `sh:targetClass C` also targets each subclass. Validating the export with these shapes gives the results
 * that `ontology/shapes.ttl` gives on the export plus the ontology. Written to the release and the export as
 * `kaspersky-kg.shapes.ttl`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, Parser, type Quad } from 'n3';
import { packageRoot } from '../data/paths.js';
import { PREFIXES } from '../namespaces.js';
import { codeUnitCompare } from '../rdf/order.js';
import { toTurtle } from './turtle.js';

const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const { namedNode, blankNode, quad } = DataFactory;

/** Where the shapes written for the data graph with its ontology live. */
export const shapesFile: string = join(packageRoot, 'ontology', 'shapes.ttl');

/** Each class (IRI) with its strict subclasses, transitively (from the `rdfs:subClassOf` triples given). */
export function subclassClosure(ontology: readonly Quad[]): Map<string, string[]> {
  const direct = new Map<string, Set<string>>();
  for (const q of ontology) {
    if (q.predicate.value !== SUBCLASS || q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') continue;
    let s = direct.get(q.object.value);
    if (!s) direct.set(q.object.value, (s = new Set()));
    s.add(q.subject.value);
  }
  const out = new Map<string, string[]>();
  for (const c of direct.keys()) {
    const seen = new Set<string>();
    const stack = [...direct.get(c)!];
    while (stack.length) {
      const x = stack.pop()!;
      if (x === c || seen.has(x)) continue;
      seen.add(x);
      for (const y of direct.get(x) ?? []) stack.push(y);
    }
    if (seen.size) out.set(c, [...seen].sort(codeUnitCompare));
  }
  return out;
}

/** The shapes quads with the class hierarchy of `ontology` folded in (see the module description). */
export function exportShapes(shapes: readonly Quad[], ontology: readonly Quad[]): Quad[] {
  const subs = subclassClosure(ontology);
  // The ontology's own individuals by class (the concepts kg:Asserted, kg:Verified, … are typed there only).
  const members = new Map<string, string[]>();
  for (const q of ontology) {
    if (q.predicate.value !== `${RDF}type` || q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') continue;
    let list = members.get(q.object.value);
    if (!list) members.set(q.object.value, (list = []));
    list.push(q.subject.value);
  }
  const out: Quad[] = [];
  let n = 0;
  const node = (): ReturnType<typeof blankNode> => blankNode(`x${n++}`);
  /** An RDF list of the terms; returns its head. */
  const list = (items: readonly Quad['object'][], graph: Quad['graph']): Quad['object'] => {
    const cells = items.map(node);
    items.forEach((item, i) => {
      out.push(quad(cells[i]!, namedNode(`${RDF}first`), item, graph));
      out.push(quad(cells[i]!, namedNode(`${RDF}rest`), i + 1 < cells.length ? cells[i + 1]! : namedNode(`${RDF}nil`), graph));
    });
    return cells[0] ?? namedNode(`${RDF}nil`);
  };
  for (const q of shapes) {
    const p = q.predicate.value;
    if (q.object.termType !== 'NamedNode' || (p !== `${SH}class` && p !== `${SH}targetClass`)) {
      out.push(q);
      continue;
    }
    const classes = [q.object.value, ...(subs.get(q.object.value) ?? [])];
    if (p === `${SH}targetClass`) {
      for (const c of classes) out.push(quad(q.subject, q.predicate, namedNode(c), q.graph));
      continue;
    }
    const individuals = [...new Set(classes.flatMap((c) => members.get(c) ?? []))].sort(codeUnitCompare);
    if (classes.length === 1 && individuals.length === 0) {
      out.push(q);
      continue;
    }
    // sh:class C → sh:or ( [ sh:class C ] [ sh:class C1 ] … [ sh:in ( the ontology's individuals of those classes ) ] )
    const alternatives: Quad['object'][] = classes.map((c) => {
      const b = node();
      out.push(quad(b, namedNode(`${SH}class`), namedNode(c), q.graph));
      return b;
    });
    if (individuals.length) {
      const b = node();
      out.push(quad(b, namedNode(`${SH}in`), list(individuals.map((x) => namedNode(x)), q.graph), q.graph));
      alternatives.push(b);
    }
    out.push(quad(q.subject, namedNode(`${SH}or`), list(alternatives, q.graph), q.graph));
  }
  return out;
}

/** The text of `kaspersky-kg.shapes.ttl` for a dataset (its ontology graph gives the class hierarchy). */
export function exportShapesText(ontology: readonly Quad[], shapesText: string = readFileSync(shapesFile, 'utf8')): string {
  // n3 labels anonymous nodes from a process-wide counter: relabel them in order of appearance, so that
  // the same text always gives the same bytes.
  const labels = new Map<string, ReturnType<typeof blankNode>>();
  const fixed = <T extends Quad['subject'] | Quad['object']>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let b = labels.get(t.value);
    if (!b) labels.set(t.value, (b = blankNode(`s${labels.size}`)));
    return b as T;
  };
  const shapes = new Parser({ format: 'Turtle' }).parse(shapesText).map((q) => quad(fixed(q.subject), q.predicate, fixed(q.object), q.graph));
  const header =
    'kaspersky-kg: SHACL shapes for the export as published (ontology/shapes.ttl with the class hierarchy folded in:\n' +
    'sh:class C is sh:or over C, its subclasses and the ontology individuals of those; sh:targetClass C targets the subclasses too),\n' +
    'so the data graph needs no ontology.\n' +
    'Validate the default graph (kaspersky-kg.ttl, .nt, .rdf, or the default graph of .nq, .trig, .jsonld).';
  return toTurtle(exportShapes(shapes, ontology), { header, pathPrefixes: false, prefixes: { ...PREFIXES, sh: SH, kgsh: 'https://w3id.org/kaspersky-kg/shapes#' } });
}
