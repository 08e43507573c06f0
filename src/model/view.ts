/**
 * Reading the package's data model out of a dataset, for the researcher-facing exports (per-entity
 * documents, CSV): which nodes are entities and which are descriptions (claims, evidence, propositions,
 * sentences, sources), what each claim states or denies, and which claims mention which entity.
 *
 * The model (docs/modelling.md): everything but the ontology is in the default graph. A claim
 * (`kg:Claim`) `kg:states` or `kg:denies` propositions (`kg:Proposition`, an `rdf:Statement` with
 * `rdf:subject` / `rdf:predicate` / `rdf:object`), has one `kg:Evidence` node per source document
 * (`kg:document`, `kg:quote`) and carries `kg:licensed`, computed when the data is built: only the
 * propositions a licensed claim states are plain triples (the facts view). The view reads `kg:licensed`;
 * it never decides licensing itself. A claim mentions an entity when it states or denies a proposition
 * whose `rdf:subject` or `rdf:object` is that entity.
 * @module
 */
import type { Quad } from 'n3';
import { kg } from '../generated/vocab.js';
import { BASE, CLAIM, EVIDENCE, ONTOLOGY_GRAPH, PREFIXES, PROPOSITION, RDF_TYPE } from '../namespaces.js';
import { termKey, tripleKey } from '../rdf/term-key.js';

const RDF = PREFIXES.rdf;
const RDF_STATEMENT = `${RDF}Statement`;
const RDF_SUBJECT = `${RDF}subject`;
const RDF_PREDICATE = `${RDF}predicate`;
const RDF_OBJECT = `${RDF}object`;
const SUBCLASS = `${PREFIXES.rdfs}subClassOf`;
const DERIVED_FROM = `${PREFIXES.prov}wasDerivedFrom`;

/** What a node is in the data model. */
export type NodeKind = 'entity' | 'claim' | 'evidence' | 'proposition' | 'sentence' | 'source' | 'concept' | 'external';

/** A claim as the default graph describes it. */
export interface ClaimInfo {
  /** The claim IRI (or `_:label`). */
  readonly iri: string;
  /** Its `kg:claimKey`, when present. */
  readonly key: string | undefined;
  /** Its source documents (`prov:wasDerivedFrom`), sorted. */
  readonly sources: readonly string[];
  /** Its `kg:modality` IRI. */
  readonly modality: string | undefined;
  /** Its `kg:verification` IRI. */
  readonly verification: string | undefined;
  /** Its `kg:licensed` value (computed at build; `undefined` when the dataset does not say). */
  readonly licensed: boolean | undefined;
  /** The propositions it states (`kg:states`), sorted. */
  readonly states: readonly string[];
  /** The propositions it denies (`kg:denies`), sorted. */
  readonly denies: readonly string[];
  /** Its evidence nodes (`kg:evidence`), sorted. */
  readonly evidence: readonly string[];
}

/** A proposition node: the triple a claim states or denies, described (not asserted). */
export interface PropositionInfo {
  /** The proposition IRI (or `_:label`). */
  readonly iri: string;
  /** `rdf:subject`. */
  readonly subject: Quad['subject'];
  /** `rdf:predicate`. */
  readonly predicate: Quad['predicate'];
  /** `rdf:object`. */
  readonly object: Quad['object'];
}

/** An evidence node: one source document's words for one claim. */
export interface EvidenceInfo {
  /** The evidence IRI (or `_:label`). */
  readonly iri: string;
  /** The source document (`kg:document`). */
  readonly document: string | undefined;
  /** The source's exact words (`kg:quote`), sorted (usually one). */
  readonly quotes: readonly string[];
  /** Whether the words are a paraphrase (`kg:paraphrase true`). */
  readonly paraphrase: boolean;
}

/** The data-model view of a dataset. */
export interface ModelView {
  /** The kind of an IRI node: claim, evidence, proposition, sentence, source, ontology concept (kg:), external (not ours, not described) or entity. */
  kindOf(iri: string): NodeKind;
  /** Entity IRIs: IRI subjects of the default graph and of propositions that are not description nodes. */
  readonly entities: readonly string[];
  /** For each IRI, the claims that state or deny a proposition about it (as subject or object), without repeats. */
  readonly mentions: ReadonlyMap<string, readonly string[]>;
  /** The claims that state (`kg:states`) the triple of `q` (graph ignored). */
  statedBy(q: Pick<Quad, 'subject' | 'predicate' | 'object'>): readonly string[];
  /** The claims: every node typed kg:Claim (or a subclass) or stating/denying something, by key (IRI or `_:label`). */
  readonly claims: ReadonlySet<string>;
  /** A claim's description (computed on first request). */
  claimInfo(iri: string): ClaimInfo | undefined;
  /** The propositions, by key, in order of appearance. */
  readonly propositions: ReadonlyMap<string, PropositionInfo>;
  /** An evidence node's description. */
  evidence(iri: string): EvidenceInfo | undefined;
}

interface ClaimRecord {
  key?: string;
  sources: string[];
  modality?: string;
  verification?: string;
  licensed?: boolean;
  states: string[];
  denies: string[];
  evidence: string[];
}

interface PropositionRecord {
  subject?: Quad['subject'];
  predicate?: Quad['predicate'];
  object?: Quad['object'];
}

interface EvidenceRecord {
  document?: string;
  quotes: string[];
  paraphrase: boolean;
}

/** What the one pass over the quads records, by node key ({@link termKey}). */
interface Records {
  /** Subclass → its direct superclasses (from the ontology graph and the default graph). */
  readonly subclassOf: Map<string, string[]>;
  /** Node → its `rdf:type` IRIs. */
  readonly types: Map<string, string[]>;
  /** IRI subjects of the default graph. */
  readonly subjects: Set<string>;
  readonly claims: Map<string, ClaimRecord>;
  readonly propositions: Map<string, PropositionRecord>;
  readonly evidence: Map<string, EvidenceRecord>;
}

function push<K>(map: Map<K, string[]>, k: K, v: string): void {
  const l = map.get(k);
  if (!l) map.set(k, [v]);
  else if (!l.includes(v)) l.push(v);
}

/** The record of `k` in `map`, made by `make` on first request. */
function recordOf<R>(map: Map<string, R>, k: string, make: () => R): R {
  let r = map.get(k);
  if (!r) map.set(k, (r = make()));
  return r;
}

const newClaim = (): ClaimRecord => ({ sources: [], states: [], denies: [], evidence: [] });

/** The one pass over the quads: types, subclasses, and what each claim, proposition and evidence node says. */
function readRecords(quads: readonly Quad[]): Records {
  const r: Records = { subclassOf: new Map(), types: new Map(), subjects: new Set(), claims: new Map(), propositions: new Map(), evidence: new Map() };
  const claim = (k: string): ClaimRecord => recordOf(r.claims, k, newClaim);
  const prop = (k: string): PropositionRecord => recordOf(r.propositions, k, () => ({}));
  const ev = (k: string): EvidenceRecord => recordOf(r.evidence, k, () => ({ quotes: [], paraphrase: false }));
  for (const q of quads) {
    const g = q.graph;
    const p = q.predicate.value;
    const s = q.subject;
    const o = q.object;
    if (g.termType !== 'DefaultGraph') {
      if (g.termType === 'NamedNode' && g.value === ONTOLOGY_GRAPH && p === SUBCLASS && s.termType === 'NamedNode' && o.termType === 'NamedNode') push(r.subclassOf, s.value, o.value);
      continue;
    }
    const sk = termKey(s);
    if (s.termType === 'NamedNode') r.subjects.add(s.value);
    switch (p) {
      case RDF_TYPE:
        if (o.termType === 'NamedNode') push(r.types, sk, o.value);
        break;
      case SUBCLASS:
        if (s.termType === 'NamedNode' && o.termType === 'NamedNode') push(r.subclassOf, s.value, o.value);
        break;
      case kg.claimKey:
        if (o.termType === 'Literal') claim(sk).key = o.value;
        break;
      case kg.modality:
        claim(sk).modality = o.value;
        break;
      case kg.verification:
        claim(sk).verification = o.value;
        break;
      case kg.licensed:
        claim(sk).licensed = o.value === 'true' || o.value === '1';
        break;
      case kg.states:
        claim(sk).states.push(termKey(o));
        break;
      case kg.denies:
        claim(sk).denies.push(termKey(o));
        break;
      case kg.evidence:
        claim(sk).evidence.push(termKey(o));
        break;
      case RDF_SUBJECT:
        prop(sk).subject = o as Quad['subject'];
        break;
      case RDF_PREDICATE:
        prop(sk).predicate = o as Quad['predicate'];
        break;
      case RDF_OBJECT:
        prop(sk).object = o;
        break;
      case kg.document:
        ev(sk).document = o.value;
        break;
      case kg.quote:
        if (o.termType === 'Literal') ev(sk).quotes.push(o.value);
        break;
      case kg.paraphrase:
        ev(sk).paraphrase = o.value === 'true' || o.value === '1';
        break;
    }
  }
  return r;
}

/** `root` and its subclasses, direct or not. */
function subclassClosure(subclassOf: ReadonlyMap<string, readonly string[]>, root: string): Set<string> {
  const out = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [sub, supers] of subclassOf) if (!out.has(sub) && supers.some((x) => out.has(x))) (out.add(sub), (grew = true));
  }
  return out;
}

/** The kind of each typed node whose type is (a subclass of) a description class. */
function typedKinds(r: Records): Map<string, NodeKind> {
  const classes: Array<[NodeKind, Set<string>]> = [
    ['claim', subclassClosure(r.subclassOf, kg.Claim)],
    ['evidence', subclassClosure(r.subclassOf, kg.Evidence)],
    ['proposition', new Set([...subclassClosure(r.subclassOf, kg.Proposition), RDF_STATEMENT])],
    ['sentence', subclassClosure(r.subclassOf, kg.Sentence)],
    ['source', subclassClosure(r.subclassOf, kg.SourceDocument)],
  ];
  const typedKind = new Map<string, NodeKind>();
  for (const [iri, ts] of r.types) {
    const k = classes.find(([, set]) => ts.some((t) => set.has(t)))?.[0];
    if (k) typedKind.set(iri, k);
  }
  return typedKind;
}

/**
 * The claims: typed kg:Claim, or stating / denying / carrying a licence (descriptions of other claims' keys
 * only are not claims). Their sources are recorded here: prov:wasDerivedFrom is not only on claims, so it
 * is read once the claims are known.
 */
function findClaims(quads: readonly Quad[], r: Records, typedKind: ReadonlyMap<string, NodeKind>): Set<string> {
  const claims = new Set<string>();
  for (const [k, c] of r.claims) if (typedKind.get(k) === 'claim' || c.states.length || c.denies.length || c.licensed !== undefined || k.startsWith(CLAIM)) claims.add(k);
  for (const [k, kind] of typedKind) if (kind === 'claim') claims.add(k);
  for (const q of quads) {
    if (q.graph.termType !== 'DefaultGraph' || q.predicate.value !== DERIVED_FROM || q.object.termType !== 'NamedNode') continue;
    const k = termKey(q.subject);
    if (!claims.has(k)) continue;
    const c = recordOf(r.claims, k, newClaim);
    if (!c.sources.includes(q.object.value)) c.sources.push(q.object.value);
  }
  return claims;
}

/** The propositions with all three parts, in order of appearance. */
function completePropositions(r: Records): Map<string, PropositionInfo> {
  const propositions = new Map<string, PropositionInfo>();
  for (const [k, p] of r.propositions) {
    if (p.subject && p.predicate && p.object) propositions.set(k, { iri: k, subject: p.subject, predicate: p.predicate, object: p.object });
  }
  return propositions;
}

/** For each IRI, the claims stating or denying a proposition about it; for each proposition, the claims stating it. */
function mentionsOf(claims: ReadonlySet<string>, r: Records, propositions: ReadonlyMap<string, PropositionInfo>): { mentions: Map<string, string[]>; statingClaims: Map<string, string[]> } {
  const mentions = new Map<string, string[]>();
  const statingClaims = new Map<string, string[]>();
  for (const c of claims) {
    const rec = r.claims.get(c);
    if (!rec) continue;
    for (const [list, stating] of [[rec.states, true], [rec.denies, false]] as const) {
      for (const pk of list) {
        if (stating) push(statingClaims, pk, c);
        const p = propositions.get(pk);
        if (!p) continue;
        if (p.subject.termType === 'NamedNode') push(mentions, p.subject.value, c);
        if (p.object.termType === 'NamedNode') push(mentions, p.object.value, c);
      }
    }
  }
  return { mentions, statingClaims };
}

const sorted = (l: readonly string[]): string[] => [...new Set(l)].sort();

/** A claim's description from its record. */
function describeClaim(c: string, r: ClaimRecord): ClaimInfo {
  return {
    iri: c,
    key: r.key,
    sources: sorted(r.sources),
    modality: r.modality,
    verification: r.verification,
    licensed: r.licensed,
    states: sorted(r.states),
    denies: sorted(r.denies),
    evidence: sorted(r.evidence),
  };
}

/** Builds the {@link ModelView} of a dataset (one pass over the quads, plus the subclass closure). */
export function modelView(quads: readonly Quad[]): ModelView {
  const r = readRecords(quads);
  const typedKind = typedKinds(r);
  const claims = findClaims(quads, r, typedKind);
  const propositions = completePropositions(r);
  const subjects = r.subjects;
  for (const p of propositions.values()) if (p.subject.termType === 'NamedNode') subjects.add(p.subject.value);

  const kindOf = (iri: string): NodeKind => {
    const k = typedKind.get(iri);
    if (k) return k;
    if (claims.has(iri) || iri.startsWith(CLAIM)) return 'claim';
    if (propositions.has(iri) || iri.startsWith(PROPOSITION)) return 'proposition';
    if (r.evidence.has(iri) || iri.startsWith(EVIDENCE)) return 'evidence';
    if (iri.startsWith(PREFIXES.kg)) return 'concept';
    if (!subjects.has(iri) && !iri.startsWith(BASE)) return 'external';
    return 'entity';
  };
  const entities: string[] = [];
  for (const s of subjects) if (kindOf(s) === 'entity') entities.push(s);
  const { mentions, statingClaims } = mentionsOf(claims, r, propositions);

  const infos = new Map<string, ClaimInfo>();
  const claimInfo = (c: string): ClaimInfo | undefined => {
    if (!claims.has(c)) return undefined;
    let i = infos.get(c);
    if (!i) infos.set(c, (i = describeClaim(c, r.claims.get(c) ?? newClaim())));
    return i;
  };
  // Which claims state a triple: indexed on first use (only the CSV edges need it).
  let byTriple: Map<string, string> | undefined;
  const statedBy = (q: Pick<Quad, 'subject' | 'predicate' | 'object'>): readonly string[] => {
    if (!byTriple) {
      byTriple = new Map();
      for (const p of propositions.values()) byTriple.set(tripleKey(p), p.iri);
    }
    const pk = byTriple.get(tripleKey(q));
    return pk === undefined ? [] : (statingClaims.get(pk) ?? []);
  };
  const evidence = (iri: string): EvidenceInfo | undefined => {
    const e = r.evidence.get(iri);
    return e ? { iri, document: e.document, quotes: [...new Set(e.quotes)].sort(), paraphrase: e.paraphrase } : undefined;
  };
  return { kindOf, entities, mentions, claims, claimInfo, statedBy, propositions, evidence };
}
