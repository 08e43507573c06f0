/**
 * SHACL validation of the data against `ontology/shapes.ttl` with a real SHACL engine (rdf-validate-shacl).
 * The data graph is the ontology plus the compiled data (claims, evidence, propositions, facts view), graph
 * names dropped and duplicates removed, so that shapes see each resource whole.
 * @module
 */
import { DataFactory, Store, type Quad } from 'n3';

/** One SHACL violation, in words. */
export interface ShaclViolation {
  /** The resource that violates a shape. */
  focusNode: string;
  /** The property path, when the shape is a property shape. */
  path: string | undefined;
  /** The offending value, when there is one. */
  value: string | undefined;
  /** The shape's message (or the constraint component when the shape has none). */
  message: string;
  /** sh:Violation, sh:Warning or sh:Info (local name). */
  severity: string;
}

/** Merges quads into one graph (graph names dropped, duplicates removed) as an n3 Store. */
export function mergedGraph(...parts: readonly (readonly Quad[])[]): Store {
  const store = new Store();
  for (const part of parts) for (const q of part) store.addQuad(DataFactory.quad(q.subject, q.predicate, q.object));
  return store;
}

/** Validates `data` (already merged with the ontology) against `shapes`; returns every violation. */
export async function validateShacl(shapes: readonly Quad[], data: Store): Promise<ShaclViolation[]> {
  const { default: SHACLValidator } = await import('rdf-validate-shacl');
  const validator = new SHACLValidator(mergedGraph(shapes) as never);
  const report = await validator.validate(data as never);
  const local = (iri: string | undefined) => (iri ? iri.replace(/^.*[#/]/, '') : '');
  return report.results.map((r) => ({
    focusNode: r.focusNode?.value ?? '',
    path: r.path?.value,
    value: r.value?.value,
    message: r.message.map((m) => m.value).join(' ') || local(r.sourceConstraintComponent?.value),
    severity: local(r.severity?.value),
  }));
}
