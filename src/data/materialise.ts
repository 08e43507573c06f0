/**
 * Compiles the authoring claim graphs into the published model, and decides the facts view.
 *
 * In the authoring files (`data/*.trig`) a claim's triples sit in the named graph of the claim's IRI. The
 * published dataset never holds them there: each such triple becomes a `kg:Proposition` node (RDF
 * reification: `rdf:subject`, `rdf:predicate`, `rdf:object`), which the claim `kg:states` (or `kg:denies`,
 * for a claim marked `kg:negated true`). Describing a proposition asserts nothing; the facts view (plain
 * triples) holds exactly the propositions stated by a licensed claim. **The licensing rule lives here and
 * only here** ({@link licenses}): a claim is licensed (established by its sources) iff its `kg:modality`
 * and its `kg:verification` both carry `kg:licensesFact true` in the ontology. A licensed claim's stated
 * propositions are facts; a licensed denial is an established negative, and what it denies is never a
 * triple. The published data carries the
 * outcome on every claim (`kg:licensed true|false`), so that queries read it instead of repeating the rule.
 *
 * Evidence: a claim with exactly one source may carry `kg:quote`, `kg:sentence` and `kg:paraphrase`
 * itself in the authoring files; they are moved onto one `kg:Evidence` node for that source. A claim with
 * several sources has its evidence nodes written out (one per source); anything left on the claim is
 * reported by the hygiene queries.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Quad } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { kg } from '../generated/vocab.js';
import { EVIDENCE, ID, PROPOSITION, PREFIXES, RDF_TYPE } from '../namespaces.js';
import { nquadLine } from './nquads.js';

const XSD_TRUE = 'true';
const RDF_STATEMENT = `${PREFIXES.rdf}Statement`;
const RDF_SUBJECT = `${PREFIXES.rdf}subject`;
const RDF_PREDICATE = `${PREFIXES.rdf}predicate`;
const RDF_OBJECT = `${PREFIXES.rdf}object`;
const DERIVED_FROM = `${PREFIXES.prov}wasDerivedFrom`;
const SOURCE_BASE = `${ID}source/`;

/** A claim's standing in the facts view. */
export interface ClaimStanding {
  /** The claim IRI. */
  claim: string;
  /** Its modality IRI. */
  modality: string | undefined;
  /** Its verification IRI. */
  verification: string | undefined;
  /** Whether the claim says its triples are NOT the case (`kg:negated true` in the authoring files, `kg:denies` when published). */
  negated: boolean;
  /** Whether the sources establish it (modality and verification license it): its stated propositions are facts, or, for a denial, the negative is established. */
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

/**
 * The licensing rule, the one place it is written: a claim is established by its sources iff its modality
 * and its verification are both licensing concepts (`kg:licensesFact true`).
 */
export function licenses(standing: Pick<ClaimStanding, 'modality' | 'verification'>, licensing: ReadonlySet<string>): boolean {
  const { modality, verification } = standing;
  return modality !== undefined && verification !== undefined && licensing.has(modality) && licensing.has(verification);
}

/** Decides, for every kg:Claim described in the default graph of `data`, whether it licenses facts. */
export function claimStandings(data: readonly Quad[], licensing: ReadonlySet<string>): ClaimStanding[] {
  const claims = new Map<string, ClaimStanding>();
  const get = (iri: string) => {
    let c = claims.get(iri);
    if (!c) claims.set(iri, (c = { claim: iri, modality: undefined, verification: undefined, negated: false, licensed: false }));
    return c;
  };
  for (const q of data) {
    if (q.graph.termType !== 'DefaultGraph') continue;
    const p = q.predicate.value;
    if (p === RDF_TYPE && q.object.value === kg.Claim) get(q.subject.value);
    else if (p === kg.modality) get(q.subject.value).modality = q.object.value;
    else if (p === kg.verification) get(q.subject.value).verification = q.object.value;
    else if (p === kg.negated) get(q.subject.value).negated = q.object.value === XSD_TRUE;
    else if (p === kg.denies) get(q.subject.value).negated = true;
  }
  for (const c of claims.values()) c.licensed = licenses(c, licensing);
  return [...claims.values()];
}

/**
 * The IRI of the proposition node of a triple: a content hash, so one triple has one node everywhere. The
 * first 80 bits of the SHA-256 of the triple's N-Triples line, one letter `a`–`p` per 4 bits (hexadecimal
 * written with letters): no digits, so natural ordering — used by every export — compares them as plain
 * strings.
 */
export function propositionIri(q: Pick<Quad, 'subject' | 'predicate' | 'object'>): string {
  const digest = createHash('sha256').update(nquadLine(DataFactory.quad(q.subject, q.predicate, q.object))).digest();
  let name = '';
  for (let i = 0; i < 10; i++) name += LETTER[digest[i]! >> 4]! + LETTER[digest[i]! & 15]!;
  return `${PROPOSITION}${name}`;
}
const LETTER = 'abcdefghijklmnop';

/** The IRI of the evidence node of (claim key, source IRI): `evidence:<key>-<source path with / as ->`. */
export function evidenceIri(claimKey: string, source: string): string {
  const slug = source.startsWith(SOURCE_BASE) ? source.slice(SOURCE_BASE.length) : source.replace(/^.*[/#]/, '');
  return `${EVIDENCE}${claimKey}-${slug.replace(/\//g, '-')}`;
}

/** The published form of the authoring data: everything in the default graph. */
export interface CompiledClaims {
  /** Claims, evidence, sentences, sources and proposition nodes: descriptions that assert no claimed triple. */
  descriptions: Quad[];
  /** The facts view: the triples of the propositions that licensed claims state, once each. */
  facts: Quad[];
}

/** Predicates the authoring shorthand lets a single-source claim carry for its one evidence node. */
const EVIDENCE_SHORTHAND = new Set<string>([kg.quote, kg.sentence, kg.paraphrase]);

/**
 * Compiles authoring quads (claim descriptions in the default graph, claim graphs) into
 * {@link CompiledClaims}. Named graphs disappear: nothing a claim states is left as a plain triple unless
 * the claim licenses it.
 */
export function compileClaims(data: readonly Quad[], licensing: ReadonlySet<string>): CompiledClaims {
  const standings = new Map(claimStandings(data, licensing).map((c) => [c.claim, c]));
  const f = DataFactory;
  const keys = new Map<string, string>();
  const sources = new Map<string, string[]>();
  const explicitEvidence = new Set<string>();
  for (const q of data) {
    if (q.graph.termType !== 'DefaultGraph' || !standings.has(q.subject.value)) continue;
    const p = q.predicate.value;
    if (p === kg.claimKey) keys.set(q.subject.value, q.object.value);
    else if (p === DERIVED_FROM) (sources.get(q.subject.value) ?? sources.set(q.subject.value, []).get(q.subject.value)!).push(q.object.value);
    else if (p === kg.evidence) explicitEvidence.add(q.subject.value);
  }
  // Claims whose shorthand moves onto one evidence node: one source, no evidence written out.
  const shorthand = new Map<string, string>();
  for (const [claim, srcs] of sources) {
    if (srcs.length !== 1 || explicitEvidence.has(claim)) continue;
    shorthand.set(claim, evidenceIri(keys.get(claim) ?? claim.replace(/^.*\//, ''), srcs[0]!));
  }

  const descriptions: Quad[] = [];
  const XSD_BOOLEAN = f.namedNode(`${PREFIXES.xsd}boolean`);
  for (const c of standings.values()) {
    descriptions.push(f.quad(f.namedNode(c.claim), f.namedNode(kg.licensed), f.literal(String(c.licensed), XSD_BOOLEAN)));
  }
  for (const [claim, ev] of shorthand) {
    const e = f.namedNode(ev);
    descriptions.push(f.quad(f.namedNode(claim), f.namedNode(kg.evidence), e));
    descriptions.push(f.quad(e, f.namedNode(RDF_TYPE), f.namedNode(kg.Evidence)));
    descriptions.push(f.quad(e, f.namedNode(kg.document), f.namedNode(sources.get(claim)![0]!)));
  }
  const facts: Quad[] = [];
  const seenProposition = new Set<string>();
  const seenFact = new Set<string>();
  const typeNode = f.namedNode(RDF_TYPE);
  for (const q of data) {
    if (q.graph.termType === 'DefaultGraph') {
      const subject = q.subject.value;
      if (q.predicate.value === kg.negated) continue; // compiled into kg:denies
      const ev = shorthand.get(subject);
      if (ev !== undefined && EVIDENCE_SHORTHAND.has(q.predicate.value)) descriptions.push(f.quad(f.namedNode(ev), q.predicate, q.object));
      else descriptions.push(f.quad(q.subject, q.predicate, q.object));
      continue;
    }
    const claim = q.graph.value;
    const standing = standings.get(claim);
    const p = f.namedNode(propositionIri(q));
    descriptions.push(f.quad(q.graph.termType === 'NamedNode' ? q.graph : f.blankNode(claim), f.namedNode(standing?.negated ? kg.denies : kg.states), p));
    if (!seenProposition.has(p.value)) {
      seenProposition.add(p.value);
      descriptions.push(
        f.quad(p, typeNode, f.namedNode(kg.Proposition)),
        f.quad(p, typeNode, f.namedNode(RDF_STATEMENT)),
        f.quad(p, f.namedNode(RDF_SUBJECT), q.subject),
        f.quad(p, f.namedNode(RDF_PREDICATE), q.predicate),
        f.quad(p, f.namedNode(RDF_OBJECT), q.object),
      );
    }
    if (standing?.licensed && !standing.negated && !seenFact.has(p.value)) {
      seenFact.add(p.value);
      facts.push(f.quad(q.subject, q.predicate, q.object));
    }
  }
  return { descriptions, facts };
}

/** The facts view alone: the triples of the propositions that licensed claims state, once each. */
export function materialiseFacts(data: readonly Quad[], licensing: ReadonlySet<string>): Quad[] {
  return compileClaims(data, licensing).facts;
}
