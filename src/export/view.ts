/**
 * Reading the package's data model out of a dataset, for the researcher-facing exports (per-entity
 * documents, CSV): which nodes are entities and which are provenance (claims, sentences, sources), and
 * which claims mention which entity. See docs/modelling.md.
 * @module
 */
import type { Quad } from 'n3';
import { kg } from '../generated/vocab.js';
import { BASE, CLAIM, ONTOLOGY_GRAPH, PREFIXES } from '../namespaces.js';

const RDF_TYPE = `${PREFIXES.rdf}type`;
const SUBCLASS = `${PREFIXES.rdfs}subClassOf`;
const DERIVED_FROM = `${PREFIXES.prov}wasDerivedFrom`;

/** What a node is in the data model. */
export type NodeKind = 'entity' | 'claim' | 'sentence' | 'source' | 'concept' | 'external';

/** A claim's provenance, read from the default graph. */
export interface ClaimInfo {
  /** The claim (and graph) IRI. */
  readonly iri: string;
  /** Its `kg:claimKey`, when present. */
  readonly key: string | undefined;
  /** Its source documents (`prov:wasDerivedFrom`), sorted. */
  readonly sources: readonly string[];
}

/** The data-model view of a dataset. */
export interface ModelView {
  /** The kind of an IRI node: claim, sentence, source, ontology concept (kg:), external (not ours, not described) or entity. */
  kindOf(iri: string): NodeKind;
  /** Entity IRIs: IRI subjects of the default graph and of the claim graphs that are not provenance nodes. */
  readonly entities: readonly string[];
  /** For each IRI, the claims whose graph mentions it (as subject or object), without repeats. */
  readonly mentions: ReadonlyMap<string, readonly string[]>;
  /** For each claim-graph triple key `s p o`, the claims that state it. */
  statedBy(q: Quad): readonly string[];
  /** The claims: every named graph except the ontology graph, and every node typed kg:Claim (or a subclass). */
  readonly claims: ReadonlySet<string>;
  /** A claim's key and sources (computed on first request). */
  claimInfo(iri: string): ClaimInfo | undefined;
}

function tripleKey(q: Quad): string {
  const o = q.object;
  const ok = o.termType === 'Literal' ? `"${o.value}"@${o.language}^^${o.datatype.value}` : `${o.termType}:${o.value}`;
  return `${q.subject.termType}:${q.subject.value} ${q.predicate.value} ${ok}`;
}

/** Builds the {@link ModelView} of a dataset (one pass over the quads, plus the subclass closure). */
export function modelView(quads: readonly Quad[]): ModelView {
  const subclassOf = new Map<string, string[]>();
  const types = new Map<string, string | string[]>();
  const claimKeys = new Map<string, string>();
  const claimSources = new Map<string, string[]>();
  const claimGraphs = new Set<string>();
  const subjects = new Set<string>();
  const mentions = new Map<string, string[]>();
  // IRIs already mentioned in the current claim graph; a graph whose quads are not contiguous is noted,
  // and the lists are de-duplicated at the end in that (rare) case only.
  let inGraph = new Set<string>();
  let reopened = false;
  const mention = (iri: string, claim: string): void => {
    if (inGraph.has(iri)) return;
    inGraph.add(iri);
    const l = mentions.get(iri);
    if (!l) mentions.set(iri, [claim]);
    else l.push(claim);
  };
  let lastSubject: Quad['subject'] | undefined;
  let lastClaim: string | undefined;
  let lastMentioned: Quad['subject'] | undefined;
  for (const q of quads) {
    const g = q.graph;
    const s = q.subject;
    const p = q.predicate.value;
    const o = q.object;
    if (p === SUBCLASS && s.termType === 'NamedNode' && o.termType === 'NamedNode') {
      const l = subclassOf.get(s.value);
      if (l) l.push(o.value);
      else subclassOf.set(s.value, [o.value]);
    }
    if (g.termType === 'NamedNode' && g.value === ONTOLOGY_GRAPH) continue;
    const sIri = s.termType === 'NamedNode';
    if (sIri && s !== lastSubject) {
      subjects.add(s.value);
      lastSubject = s;
    }
    if (p === RDF_TYPE && sIri && o.termType === 'NamedNode') {
      const t = types.get(s.value);
      if (t === undefined) types.set(s.value, o.value);
      else if (typeof t === 'string') types.set(s.value, [t, o.value]);
      else t.push(o.value);
    }
    if (g.termType === 'DefaultGraph') {
      if (p === kg.claimKey && o.termType === 'Literal') claimKeys.set(s.value, o.value);
      else if (p === DERIVED_FROM && o.termType === 'NamedNode') {
        const list = claimSources.get(s.value);
        if (!list) claimSources.set(s.value, [o.value]);
        else if (!list.includes(o.value)) list.push(o.value);
      }
      continue;
    }
    const claim = g.value;
    if (claim !== lastClaim) {
      if (claimGraphs.has(claim)) reopened = true;
      claimGraphs.add(claim);
      lastClaim = claim;
      lastMentioned = undefined;
      inGraph = new Set();
    }
    if (sIri && s !== lastMentioned) {
      mention(s.value, claim);
      lastMentioned = s;
    }
    if (o.termType === 'NamedNode' && p !== RDF_TYPE) mention(o.value, claim);
  }
  if (reopened) for (const [iri, l] of mentions) mentions.set(iri, [...new Set(l)]);
  // Subclass closure of the provenance classes.
  const closure = (root: string): Set<string> => {
    const out = new Set([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [sub, supers] of subclassOf) if (!out.has(sub) && supers.some((x) => out.has(x))) (out.add(sub), (grew = true));
    }
    return out;
  };
  const claimClasses = closure(kg.Claim);
  const sentenceClasses = closure(kg.Sentence);
  const sourceClasses = closure(kg.SourceDocument);
  // The kind of every typed node, once.
  const typedKind = new Map<string, NodeKind>();
  const kindOfType = (x: string): NodeKind | undefined => (claimClasses.has(x) ? 'claim' : sentenceClasses.has(x) ? 'sentence' : sourceClasses.has(x) ? 'source' : undefined);
  const rankOf = { claim: 0, sentence: 1, source: 2 } as Record<NodeKind, number>;
  for (const [iri, t] of types) {
    let k: NodeKind | undefined;
    if (typeof t === 'string') k = kindOfType(t);
    else for (const x of t) {
      const kx = kindOfType(x);
      if (kx && (!k || rankOf[kx]! < rankOf[k]!)) k = kx;
    }
    if (k) typedKind.set(iri, k);
  }
  const kindOf = (iri: string): NodeKind => {
    if (claimGraphs.has(iri) || iri.startsWith(CLAIM)) return 'claim';
    const k = typedKind.get(iri);
    if (k) return k;
    if (iri.startsWith(PREFIXES.kg)) return 'concept';
    if (!subjects.has(iri) && !iri.startsWith(BASE)) return 'external';
    return 'entity';
  };
  const entities: string[] = [];
  for (const s of subjects) if (kindOf(s) === 'entity') entities.push(s);
  const claims = new Set(claimGraphs);
  for (const [iri, k] of typedKind) if (k === 'claim') claims.add(iri);
  const infos = new Map<string, ClaimInfo>();
  const claimInfo = (c: string): ClaimInfo | undefined => {
    if (!claims.has(c)) return undefined;
    let i = infos.get(c);
    if (!i) infos.set(c, (i = { iri: c, key: claimKeys.get(c), sources: [...(claimSources.get(c) ?? [])].sort() }));
    return i;
  };
  // Which claims state a triple: indexed on first use (only the CSV edges need it).
  let stated: Map<string, string[]> | undefined;
  const statedBy = (q: Quad): readonly string[] => {
    if (!stated) {
      stated = new Map();
      for (const x of quads) {
        if (x.graph.termType !== 'NamedNode' || !claimGraphs.has(x.graph.value)) continue;
        const k = tripleKey(x);
        const l = stated.get(k);
        if (!l) stated.set(k, [x.graph.value]);
        else if (!l.includes(x.graph.value)) l.push(x.graph.value);
      }
    }
    return stated.get(tripleKey(q)) ?? [];
  };
  return { kindOf, entities, mentions, claims, claimInfo, statedBy };
}
