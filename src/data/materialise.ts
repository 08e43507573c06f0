/**
 * The facts view: which claims' triples are copied into the default graph.
 * A claim is materialised iff its kg:modality and its kg:verification both carry `kg:licensesFact true`
 * in the ontology. Everything else stays inside its claim graph.
 * @module
 */
import type { Quad } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { kg } from '../generated/vocab.js';
import { RDF_TYPE } from '../namespaces.js';

const XSD_TRUE = 'true';

/** A claim's standing in the facts view. */
export interface ClaimStanding {
  /** The claim (and graph) IRI. */
  claim: string;
  /** Its modality IRI. */
  modality: string | undefined;
  /** Its verification IRI. */
  verification: string | undefined;
  /** Whether its triples are materialised into the default graph. */
  licensed: boolean;
}

/** Reads the licensing concepts (`kg:licensesFact true`) from ontology quads. */
export function licensingConcepts(ontology: Iterable<Quad>): Set<string> {
  const out = new Set<string>();
  for (const q of ontology) {
    if (q.predicate.value === kg.licensesFact && q.object.value === XSD_TRUE) out.add(q.subject.value);
  }
  return out;
}

/** Decides, for every kg:Claim in `data` (default graph), whether it licenses a fact. */
export function claimStandings(data: readonly Quad[], licensing: Set<string>): ClaimStanding[] {
  const claims = new Map<string, ClaimStanding>();
  const get = (iri: string) => {
    let c = claims.get(iri);
    if (!c) claims.set(iri, (c = { claim: iri, modality: undefined, verification: undefined, licensed: false }));
    return c;
  };
  for (const q of data) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    if (q.predicate.value === RDF_TYPE && q.object.value === kg.Claim) get(q.subject.value);
    else if (q.predicate.value === kg.modality) get(q.subject.value).modality = q.object.value;
    else if (q.predicate.value === kg.verification) get(q.subject.value).verification = q.object.value;
  }
  for (const c of claims.values()) {
    c.licensed = c.modality !== undefined && c.verification !== undefined && licensing.has(c.modality) && licensing.has(c.verification);
  }
  return [...claims.values()];
}

/**
 * Returns the facts view: the triples of every licensed claim graph, moved to the default graph and
 * de-duplicated (a triple two claims state appears once).
 */
export function materialiseFacts(data: readonly Quad[], licensing: Set<string>): Quad[] {
  const licensed = new Set(claimStandings(data, licensing).filter((c) => c.licensed).map((c) => c.claim));
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of data) {
    if (q.graph.termType !== 'NamedNode' || !licensed.has(q.graph.value)) continue;
    const key = `${q.subject.termType}|${q.subject.value}|${q.predicate.value}|${termKey(q.object)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return out;
}

function termKey(t: Quad['object']): string {
  return t.termType === 'Literal' ? `L|${t.value}|${t.language}|${t.datatype.value}` : `${t.termType}|${t.value}`;
}
