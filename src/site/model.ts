/**
 * The site's reading of the graph: every quad of the dataset (read through {@link KasperskyGraph}, so the
 * site follows whatever data `openGraph()` serves), indexed for page rendering, plus the ontology's class
 * hierarchy and the data-model view (entities, claims, propositions, evidence) of `model/view.ts`.
 *
 * The dataset holds no claim graphs: a claim (`kg:Claim`) `kg:states` or `kg:denies` propositions
 * (`rdf:subject` / `rdf:predicate` / `rdf:object`), and only the propositions a licensed claim states are
 * plain triples (the facts view). What claims say beyond the facts is read from the propositions
 * ({@link SiteModel.claimed}); whether a claim is licensed is its `kg:licensed` value.
 * @module
 */
import { DataFactory, Store, type Quad, type Term } from 'n3';
import type { KasperskyGraph } from '../graph.js';
import { modelView, type ModelView } from '../model/view.js';
import { kg } from '../generated/vocab.js';
import { CLAIM, ID, KG, ONTOLOGY_GRAPH, PREFIXES } from '../namespaces.js';
import { naturalCompare } from '../rdf/order.js';
import { curie, pageBase } from './html.js';
import { relabelBlankNodes } from '../data/nquads.js';

const { namedNode, defaultGraph } = DataFactory;

/** RDF and vocabulary IRIs the site reads. */
export const V = {
  type: `${PREFIXES.rdf}type`,
  label: `${PREFIXES.rdfs}label`,
  comment: `${PREFIXES.rdfs}comment`,
  subClassOf: `${PREFIXES.rdfs}subClassOf`,
  subPropertyOf: `${PREFIXES.rdfs}subPropertyOf`,
  domain: `${PREFIXES.rdfs}domain`,
  range: `${PREFIXES.rdfs}range`,
  altLabel: `${PREFIXES.skos}altLabel`,
  prefLabel: `${PREFIXES.skos}prefLabel`,
  title: `${PREFIXES.dcterms}title`,
  derivedFrom: `${PREFIXES.prov}wasDerivedFrom`,
  sameAs: `${PREFIXES.owl}sameAs`,
} as const;

/** Datatypes of the date literals that place something on the timeline. */
export const DATE_TYPES: ReadonlySet<string> = new Set(['date', 'gYearMonth', 'gYear', 'dateTime'].map((t) => `${PREFIXES.xsd}${t}`));

/** A proposition of the data: a triple some claims state and/or deny, described, not asserted. */
export interface ClaimedTriple {
  /** The proposition node. */
  readonly proposition: string;
  /** `rdf:subject`, `rdf:predicate`, `rdf:object`. */
  readonly subject: Quad['subject'];
  readonly predicate: Quad['predicate'];
  readonly object: Quad['object'];
  /** The claims that state it (`kg:states`), sorted. */
  readonly statedBy: readonly string[];
  /** The claims that deny it (`kg:denies`: the source says it does not hold), sorted. */
  readonly deniedBy: readonly string[];
}

/** What the page renderers need: the quads, indexes and names. */
export interface SiteModel {
  /** Every quad of the dataset (ontology graph; default graph: facts view, claims, propositions, evidence, provenance). */
  readonly quads: readonly Quad[];
  /** The quads indexed (n3 Store). */
  readonly store: Store;
  /** Entities, claims and provenance nodes (see `model/view.ts`). */
  readonly view: ModelView;
  /** IRIs that get a page of their own (every `id:` and `claim:` IRI the data mentions). */
  readonly pages: ReadonlySet<string>;
  /**
   * The display name of an IRI: English label first, then any label, title, claim key; for an entity the
   * facts view does not name, the label a claim states (then one a claim denies); else the compact IRI.
   */
  label(iri: string): string;
  /** The rdf:types of a node in the data (default graph: facts view and descriptions). */
  typesOf(iri: string): string[];
  /** The types claims state for a node (propositions `?e rdf:type ?t` reached by `kg:states`), sorted. */
  statedTypes(iri: string): string[];
  /** True for an entity the facts view does not mention at all: only claims (not licensed, or denials) speak of it. */
  claimedOnly(iri: string): boolean;
  /** True when `cls` is `sup` or one of its subclasses (ontology graph, transitive). */
  isSubClass(cls: string, sup: string): boolean;
  /** True when the node has a type that is `sup` or one of its subclasses. */
  isA(iri: string, sup: string): boolean;
  /** Quads in the default graph (facts view, and the descriptions of claims and sources) matching a pattern (`null` = any). */
  facts(s: string | null, p: string | null, o: Term | string | null): Quad[];
  /** The propositions whose triple matches a pattern (`null` = any), with the claims stating or denying each. */
  claimed(s: string | null, p: string | null, o: Term | string | null): ClaimedTriple[];
  /** Quads in the ontology graph matching a pattern. */
  ontology(s: string | null, p: string | null, o: Term | string | null): Quad[];
  /** Whether a claim's propositions are facts: its `kg:licensed` value (computed at build, not re-derived). */
  licensed(claim: string): boolean;
}

const term = (t: Term | string | null): Term | null => (typeof t === 'string' ? namedNode(t) : t);

/**
 * Reads every quad of the graph through its query target (SELECT over the default and all named graphs),
 * with its blank nodes labelled from the graph's structure ({@link relabelBlankNodes}): a store gives them
 * new random labels on every load, and every file of the site is to be the same bytes from one build to
 * the next.
 */
export async function loadQuads(graph: KasperskyGraph): Promise<Quad[]> {
  const rows = await graph.select(`SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }`);
  return [
    ...relabelBlankNodes(
      rows.map((r) => DataFactory.quad(r.s as Quad['subject'], r.p as Quad['predicate'], r.o as Quad['object'], (r.g as Quad['graph'] | undefined) ?? defaultGraph())),
    ),
  ];
}

/** The transitive superclasses of a class (itself included), from every `rdfs:subClassOf` in the store; memoised. */
function classAncestors(store: Store): (cls: string) => Set<string> {
  // Class hierarchy (ontology graph; subclass triples elsewhere are taken too).
  const supers = new Map<string, Set<string>>();
  for (const q of store.getQuads(null, namedNode(V.subClassOf), null, null)) {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') continue;
    let s = supers.get(q.subject.value);
    if (!s) supers.set(q.subject.value, (s = new Set()));
    s.add(q.object.value);
  }
  const closure = new Map<string, Set<string>>();
  return (c: string): Set<string> => {
    let out = closure.get(c);
    if (out) return out;
    out = new Set([c]);
    closure.set(c, out);
    const todo = [c];
    while (todo.length) for (const p of supers.get(todo.pop()!) ?? []) if (!out.has(p)) (out.add(p), todo.push(p));
    return out;
  };
}

/** The names a node is given: least English label, least label, least title, claim key. */
interface Names {
  en?: string;
  any?: string;
  title?: string;
  key?: string;
}

/** Types from the data graphs (not the ontology graph), and names (labels, titles, claim keys) from every graph. */
function typesAndNames(quads: readonly Quad[]): { types: Map<string, Set<string>>; names: Map<string, Names> } {
  const types = new Map<string, Set<string>>();
  const names = new Map<string, Names>();
  const nameOf = (iri: string) => {
    let n = names.get(iri);
    if (!n) names.set(iri, (n = {}));
    return n;
  };
  const keyProp = kg.claimKey;
  for (const q of quads) {
    if (q.subject.termType !== 'NamedNode') continue;
    const s = q.subject.value;
    const p = q.predicate.value;
    const inOntology = q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH;
    if (p === V.type && q.object.termType === 'NamedNode' && !inOntology) {
      let t = types.get(s);
      if (!t) types.set(s, (t = new Set()));
      t.add(q.object.value);
    } else if ((p === V.label || p === V.prefLabel) && q.object.termType === 'Literal') {
      const n = nameOf(s);
      const v = q.object.value;
      const lang = q.object.language.toLowerCase();
      if ((lang === 'en' || lang.startsWith('en-')) && (n.en === undefined || v < n.en)) n.en = v;
      if (n.any === undefined || v < n.any) n.any = v;
    } else if (p === V.title && q.object.termType === 'Literal') {
      const n = nameOf(s);
      if (n.title === undefined || q.object.value < n.title) n.title = q.object.value;
    } else if (p === keyProp && q.object.termType === 'Literal') nameOf(s).key = q.object.value;
  }
  return { types, names };
}

/** The IRIs that get a page: every id:/claim: IRI mentioned anywhere outside the ontology graph. */
function pageIris(quads: readonly Quad[]): Set<string> {
  const pages = new Set<string>();
  const consider = (t: Term) => {
    if (t.termType === 'NamedNode' && pageBase(t.value) !== undefined) pages.add(t.value);
  };
  for (const q of quads) {
    if (q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH) continue;
    consider(q.subject);
    consider(q.object);
    consider(q.graph);
  }
  return pages;
}

/**
 * The propositions, indexed by their triple (the store's graph term is the proposition node, an index key
 * only), with the claims that state or deny each (read from the model view, never from named graphs).
 */
function propositionIndex(view: ModelView): { propStore: Store; claimed: SiteModel['claimed'] } {
  const statedBy = new Map<string, string[]>();
  const deniedBy = new Map<string, string[]>();
  for (const c of view.claims) {
    const info = view.claimInfo(c);
    for (const p of info?.states ?? []) statedBy.set(p, [...(statedBy.get(p) ?? []), c]);
    for (const p of info?.denies ?? []) deniedBy.set(p, [...(deniedBy.get(p) ?? []), c]);
  }
  const propStore = new Store();
  for (const p of view.propositions.values()) {
    if (p.subject.termType === 'NamedNode' || p.subject.termType === 'BlankNode')
      propStore.addQuad(DataFactory.quad(p.subject, p.predicate as Quad['predicate'], p.object as Quad['object'], namedNode(p.iri)));
  }
  const claimedTriple = (q: Quad): ClaimedTriple => ({
    proposition: q.graph.value,
    subject: q.subject,
    predicate: q.predicate,
    object: q.object,
    statedBy: [...(statedBy.get(q.graph.value) ?? [])].sort(naturalCompare),
    deniedBy: [...(deniedBy.get(q.graph.value) ?? [])].sort(naturalCompare),
  });
  const claimed = (s: string | null, p: string | null, o: Term | string | null) => propStore.getQuads(term(s), term(p), term(o), null).map(claimedTriple);
  return { propStore, claimed };
}

/** The name claims give an entity (the least stated label, else the least denied one), for entities the facts view does not name. */
function claimedName(claimed: SiteModel['claimed'], iri: string): string | undefined {
  let stated: string | undefined;
  let denied: string | undefined;
  for (const t of claimed(iri, V.label, null)) {
    if (t.object.termType !== 'Literal') continue;
    const v = t.object.value;
    if (t.statedBy.length && (stated === undefined || v < stated)) stated = v;
    if (t.deniedBy.length && (denied === undefined || v < denied)) denied = v;
  }
  return stated ?? denied;
}

/** Builds the {@link SiteModel} from the dataset's quads. */
export function buildModel(quads: readonly Quad[]): SiteModel {
  const store = new Store([...quads]);
  const view = modelView(quads);
  const ontoGraph = namedNode(ONTOLOGY_GRAPH);
  const dflt = defaultGraph();
  const ancestors = classAncestors(store);
  const { types, names } = typesAndNames(quads);
  const pages = pageIris(quads);
  const { propStore, claimed } = propositionIndex(view);
  const isDescription = (t: Term) => t.termType === 'NamedNode' && ['claim', 'evidence', 'proposition'].includes(view.kindOf(t.value));

  const model: SiteModel = {
    quads,
    store,
    view,
    pages,
    label(iri) {
      const n = names.get(iri);
      if (n?.en ?? n?.any ?? n?.title) return (n.en ?? n.any ?? n.title)!;
      if (n?.key) return n.key;
      const stated = claimedName(claimed, iri);
      if (stated !== undefined) return stated;
      if (iri.startsWith(CLAIM)) return iri.slice(CLAIM.length);
      if (iri.startsWith(KG)) return iri.slice(KG.length);
      if (iri.startsWith(ID)) return iri.slice(ID.length) || 'entities';
      return curie(iri);
    },
    typesOf: (iri) => [...(types.get(iri) ?? [])].sort(naturalCompare),
    statedTypes: (iri) =>
      [...new Set(claimed(iri, V.type, null).filter((t) => t.statedBy.length && t.object.termType === 'NamedNode').map((t) => t.object.value))].sort(naturalCompare),
    claimedOnly: (iri) =>
      view.kindOf(iri) === 'entity' &&
      store.getQuads(namedNode(iri), null, null, dflt).length === 0 &&
      store.getQuads(null, null, namedNode(iri), dflt).every((q) => isDescription(q.subject)) &&
      propStore.getQuads(namedNode(iri), null, null, null).length + propStore.getQuads(null, null, namedNode(iri), null).length > 0,
    isSubClass: (cls, sup) => ancestors(cls).has(sup),
    isA: (iri, sup) => [...(types.get(iri) ?? [])].some((t) => ancestors(t).has(sup)),
    facts: (s, p, o) => store.getQuads(term(s), term(p), term(o), dflt),
    claimed,
    ontology: (s, p, o) => store.getQuads(term(s), term(p), term(o), ontoGraph),
    // kg:licensed is computed at build by the one licensing rule (src/data/materialise.ts); never re-derived here
    licensed: (claim) => store.getQuads(namedNode(claim), namedNode(kg.licensed), null, dflt).some((q) => q.object.value === 'true' || q.object.value === '1'),
  };
  return model;
}

/** The most specific of a node's types (a type none of whose subclasses it also has), sorted. */
export function specificTypes(model: SiteModel, iri: string): string[] {
  const ts = model.typesOf(iri);
  return ts.filter((t) => !ts.some((u) => u !== t && model.isSubClass(u, t)));
}

/** Orders IRIs by display name (natural order), ties by IRI. */
export function byLabel(model: SiteModel): (a: string, b: string) => number {
  return (a, b) => naturalCompare(model.label(a).toLowerCase(), model.label(b).toLowerCase()) || naturalCompare(a, b);
}
