/**
 * Reading the package's data model out of a dataset, for the researcher-facing exports (per-entity
 * documents, CSV): which nodes are entities and which are provenance (claims, sentences, sources), and
 * which claims mention which entity. See docs/modelling.md.
 * @module
 */
import type { Quad } from 'n3';
import { kg } from '../generated/vocab.js';
import { BASE, CLAIM, ONTOLOGY_GRAPH, PREFIXES } from '../namespaces.js';
import { nodeKey } from './graphs.js';

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
  /** The claims: every named graph except the ontology graph (by key: IRI, or `_:label` for a blank node), and every node typed kg:Claim (or a subclass). */
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
  // A claim is appended to an IRI's list once per contiguous run of its graph (the list's last element
  // tells); a graph whose quads are not contiguous is noted, and the lists are de-duplicated at the end in
  // that (rare) case only. Groups are followed by value, so parsed quads (fresh term objects) and shared
  // terms take the same path.
  let reopened = false;
  const mention = (iri: string, claim: string): void => {
    const l = mentions.get(iri);
    if (!l) mentions.set(iri, [claim]);
    else if (l[l.length - 1] !== claim) l.push(claim);
  };
  let lastGraph: Quad['graph'] | undefined;
  let lastGraphValue = '\u0000';
  let graphKind = 0; // 0 default graph, 1 ontology graph, 2 claim graph
  let claim = '';
  let lastSubject: Quad['subject'] | undefined;
  let lastSubjectValue = '\u0000';
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i]!;
    const g = q.graph;
    if (g !== lastGraph) {
      lastGraph = g;
      const type = g.termType;
      const value = type === 'DefaultGraph' ? '' : type === 'BlankNode' ? `_:${g.value}` : g.value;
      if (value !== lastGraphValue) {
        lastGraphValue = value;
        lastSubject = undefined;
        lastSubjectValue = '\u0000';
        if (value === '') graphKind = 0;
        else if (value === ONTOLOGY_GRAPH) graphKind = 1;
        else {
          graphKind = 2;
          claim = value;
          if (claimGraphs.has(claim)) reopened = true;
          else claimGraphs.add(claim);
        }
      }
    }
    const s = q.subject;
    const p = q.predicate.value;
    const o = q.object;
    if (graphKind === 1) {
      if (p === SUBCLASS && s.termType === 'NamedNode' && o.termType === 'NamedNode') {
        const l = subclassOf.get(s.value);
        if (l) l.push(o.value);
        else subclassOf.set(s.value, [o.value]);
      }
      continue;
    }
    const sIri = s.termType === 'NamedNode';
    if (s !== lastSubject) {
      lastSubject = s;
      const value = s.value;
      if (value !== lastSubjectValue) {
        lastSubjectValue = value;
        if (sIri) {
          subjects.add(value);
          if (graphKind === 2) mention(value, claim);
        }
      }
    }
    const oIri = o.termType === 'NamedNode';
    if (p === RDF_TYPE) {
      if (sIri && oIri) {
        const t = types.get(s.value);
        if (t === undefined) types.set(s.value, o.value);
        else if (typeof t === 'string') types.set(s.value, [t, o.value]);
        else t.push(o.value);
      }
      continue;
    }
    if (p === SUBCLASS && sIri && oIri) {
      const l = subclassOf.get(s.value);
      if (l) l.push(o.value);
      else subclassOf.set(s.value, [o.value]);
    }
    if (graphKind === 0) {
      if (p === kg.claimKey && o.termType === 'Literal') claimKeys.set(nodeKey(s), o.value);
      else if (p === DERIVED_FROM && oIri) {
        const list = claimSources.get(nodeKey(s));
        if (!list) claimSources.set(nodeKey(s), [o.value]);
        else if (!list.includes(o.value)) list.push(o.value);
      }
    } else if (oIri) mention(o.value, claim);
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
        if (x.graph.termType === 'DefaultGraph') continue;
        const g = nodeKey(x.graph);
        if (!claimGraphs.has(g)) continue;
        const k = tripleKey(x);
        const l = stated.get(k);
        if (!l) stated.set(k, [g]);
        else if (!l.includes(g)) l.push(g);
      }
    }
    return stated.get(tripleKey(q)) ?? [];
  };
  return { kindOf, entities, mentions, claims, claimInfo, statedBy };
}
