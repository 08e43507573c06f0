/**
 * The dataset description (VoID + DCAT), computed from the data and the files of a release, never from
 * the clock: triple counts, per-class and per-property partitions (whole dataset and default graph),
 * subsets for the parts of the model (facts view, claims, propositions, evidence; ontology graph), one
 * `dcat:Distribution` per file with its media type, byte size and SHA-256, the licence (CC BY 4.0), the
 * version, and the RDFC-1.0 hash of the graph.
 * @module
 */
import { DataFactory, type Quad } from 'n3';
import { BASE, ONTOLOGY, ONTOLOGY_GRAPH, PREFIXES, RDF_TYPE, XSD } from '../namespaces.js';
import { compactorFor } from './jsonld.js';
import { packageContext } from './context.js';
import { sha256 } from './canonical.js';
import { codeUnitCompare } from '../rdf/order.js';
import { toTurtle } from './turtle.js';
import { modelView, type ModelView } from '../model/view.js';
import { termKey, tripleKey } from '../rdf/term-key.js';

const { namedNode: iri, literal, quad } = DataFactory;

/** Vocabularies used by the description. */
export const VOID_PREFIXES = {
  ...PREFIXES,
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  spdx: 'http://spdx.org/rdf/terms#',
} as const;

const V = VOID_PREFIXES.void;
const DCAT = VOID_PREFIXES.dcat;
const SPDX = VOID_PREFIXES.spdx;
const DCT = PREFIXES.dcterms;

/** The licence of the data. */
export const DATA_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

/** A file of a release, as the description sees it. */
export interface DescribedFile {
  /** Path inside the release folder, with `/`. */
  readonly path: string;
  /** The file's content. */
  readonly content: string | Uint8Array;
  /** Its media type (e.g. `text/turtle`). */
  readonly mediaType: string;
  /** Whether the media type is registered with IANA (then `dcat:mediaType` is its IANA IRI). */
  readonly ianaRegistered: boolean;
  /** One sentence on what the file holds. */
  readonly description: string;
  /** Whether it is an RDF dump of the dataset (listed as `void:dataDump`). */
  readonly dump?: boolean;
}

/** Options of {@link describeDataset}. */
export interface VoidOptions {
  /** The release version (e.g. `0.1.0`). */
  readonly version: string;
  /** The files of the release (the description itself and the checksum list excluded). */
  readonly files: readonly DescribedFile[];
  /** SHA-256 of the dataset's RDFC-1.0 canonical N-Quads. */
  readonly canonicalHash?: string;
  /** Release date (`xsd:date`), e.g. from `SOURCE_DATE_EPOCH`; omitted when not given (never the clock). */
  readonly issued?: string;
  /** The model view of the quads, when the caller has it already. */
  readonly view?: ModelView;
}

/** The IRIs the description uses for a version. */
export function datasetIris(version: string): { dataset: string; version: string; release: string } {
  return { dataset: `${BASE}dataset`, version: `${BASE}dataset/${version}`, release: `${BASE}release/${version}/` };
}

/** The counts of a set of quads: triples, distinct subjects and objects (by term key), class members, triples per property. */
interface Stats {
  triples: number;
  subjects: Set<string>;
  objects: Set<string>;
  classes: Map<string, Set<string>>;
  properties: Map<string, number>;
}

/** Counts a set of quads. */
function stats(quads: Iterable<Quad>): Stats {
  const s: Stats = { triples: 0, subjects: new Set(), objects: new Set(), classes: new Map(), properties: new Map() };
  for (const q of quads) {
    s.triples++;
    const sk = termKey(q.subject);
    s.subjects.add(sk);
    const o = q.object;
    s.objects.add(termKey(o));
    s.properties.set(q.predicate.value, (s.properties.get(q.predicate.value) ?? 0) + 1);
    if (q.predicate.value === RDF_TYPE && o.termType === 'NamedNode') {
      let set = s.classes.get(o.value);
      if (!set) s.classes.set(o.value, (set = new Set()));
      set.add(sk);
    }
  }
  return s;
}

/** Adds description quads to a list: `add` (a subject as IRI text or node), and the literals it uses. */
interface QuadWriter {
  add(s: string | ReturnType<typeof iri>, p: string, o: Quad['object']): void;
  /** An `xsd:integer` literal. */
  int(n: number): Quad['object'];
  /** An English literal. */
  en(s: string): Quad['object'];
}

/** A {@link QuadWriter} appending to `out`. */
function quadWriter(out: Quad[]): QuadWriter {
  return {
    add: (s, p, o) => void out.push(quad(typeof s === 'string' ? iri(s) : s, iri(p), o)),
    int: (n) => literal(String(n), iri(`${XSD}integer`)),
    en: (s) => literal(s, 'en'),
  };
}

/**
 * The counts of a dataset or subset (`entities`: the count to give, default its subjects under the
 * package base) and, with `partitions`, one class partition and one property partition per class and property.
 */
function describeStats(w: QuadWriter, slug: (x: string) => string, subject: string, st: Stats, partitions: boolean, entities?: number): void {
  const { add, int } = w;
  add(subject, `${V}triples`, int(st.triples));
  add(subject, `${V}distinctSubjects`, int(st.subjects.size));
  add(subject, `${V}distinctObjects`, int(st.objects.size));
  add(subject, `${V}properties`, int(st.properties.size));
  add(subject, `${V}classes`, int(st.classes.size));
  add(subject, `${V}entities`, int(entities ?? [...st.subjects].filter((x) => x.startsWith(BASE)).length));
  if (!partitions) return;
  for (const [cls, members] of [...st.classes].sort((a, b) => codeUnitCompare(a[0], b[0]))) {
    const part = `${subject}/class/${slug(cls)}`;
    add(subject, `${V}classPartition`, iri(part));
    add(part, `${V}class`, iri(cls));
    add(part, `${V}entities`, int(members.size));
  }
  for (const [prop, n] of [...st.properties].sort((a, b) => codeUnitCompare(a[0], b[0]))) {
    const part = `${subject}/property/${slug(prop)}`;
    add(subject, `${V}propertyPartition`, iri(part));
    add(part, `${V}property`, iri(prop));
    add(part, `${V}triples`, int(n));
  }
}

/**
 * The dataset: the unversioned work and this version, with title, description, licence, version,
 * keywords, creator and publisher (as the ontology header states them), the vocabularies the data uses,
 * and the canonical hash when given.
 */
function describeVersion(w: QuadWriter, quads: readonly Quad[], options: VoidOptions): void {
  const { add, en } = w;
  const ids = datasetIris(options.version);
  const ds = iri(ids.version);
  add(ids.dataset, RDF_TYPE, iri(`${V}Dataset`));
  add(ids.dataset, RDF_TYPE, iri(`${DCAT}Dataset`));
  add(ids.dataset, `${DCT}title`, en('kaspersky-kg'));
  add(ids.dataset, `${DCT}hasVersion`, ds);
  add(ds, RDF_TYPE, iri(`${V}Dataset`));
  add(ds, RDF_TYPE, iri(`${DCAT}Dataset`));
  add(ds, `${DCT}isVersionOf`, iri(ids.dataset));
  add(ds, `${DCT}title`, en(`kaspersky-kg ${options.version}`));
  add(
    ds,
    `${DCT}description`,
    en(
      'A sourced knowledge graph of the 2024 US ban on Kaspersky software, the OFAC designations of twelve Kaspersky executives and ' +
        "Kaspersky's exit from the US market. Every statement is a claim with its modality, verification and licence, the propositions " +
        'it states or denies (rdf:Statement nodes, described, not asserted) and one evidence node per source document with that ' +
        "source's words. Plain triples are the facts view: exactly the propositions that licensed claims state. There are no claim " +
        'graphs; the ontology is in its own named graph.',
    ),
  );
  add(ds, `${DCT}license`, iri(DATA_LICENSE));
  add(ds, `${DCAT}version`, literal(options.version));
  add(ds, `${PREFIXES.owl}versionInfo`, literal(options.version));
  if (options.issued) add(ds, `${DCT}issued`, literal(options.issued, iri(`${XSD}date`)));
  for (const k of ['knowledge graph', 'Kaspersky', 'sanctions', 'provenance', 'claims', 'RDF', 'JSON-LD']) add(ds, `${DCAT}keyword`, en(k));
  add(ds, `${V}uriSpace`, literal(BASE));
  add(ds, `${DCT}conformsTo`, iri(ONTOLOGY));
  // Creator and publisher as the ontology header states them (when the ontology graph is present).
  for (const q of quads) {
    if (q.graph.value === ONTOLOGY_GRAPH && q.subject.value === ONTOLOGY && (q.predicate.value === `${DCT}creator` || q.predicate.value === `${DCT}publisher`)) add(ds, q.predicate.value, q.object);
  }
  const vocabularies = new Set<string>();
  for (const q of quads) {
    for (const t of [q.predicate.value, q.predicate.value === RDF_TYPE ? q.object.value : '']) {
      const ns = Object.values(PREFIXES).find((n) => t.startsWith(n) && n !== PREFIXES.id && n !== PREFIXES.claim);
      if (ns) vocabularies.add(ns);
    }
  }
  for (const ns of [...vocabularies].sort(codeUnitCompare)) add(ds, `${V}vocabulary`, iri(ns));
  if (options.canonicalHash) {
    const h = `${ids.version}#rdfc-1.0-sha256`;
    add(ds, `${SPDX}checksum`, iri(h));
    add(h, RDF_TYPE, iri(`${SPDX}Checksum`));
    add(h, `${SPDX}algorithm`, iri(`${SPDX}checksumAlgorithm_sha256`));
    add(h, `${SPDX}checksumValue`, literal(options.canonicalHash, iri(`${XSD}hexBinary`)));
    add(h, `${PREFIXES.rdfs}comment`, en('SHA-256 of the RDFC-1.0 canonical N-Quads of the dataset (every graph), independent of serialisation and order.'));
  }
}

/** A subset of the dataset: its name (the IRI's last step), description, quads, whether it gets partitions, its entity count if not its subjects'. */
type Subset = [name: string, description: string, quads: Quad[], partitions: boolean, entities: number | undefined];

/**
 * The subsets: the default graph (what the plain-triple formats carry) and, inside it, the parts of the
 * model (facts view, claims, propositions, evidence); the ontology graph.
 */
function subsetsOf(quads: readonly Quad[], view: ModelView): Subset[] {
  const dflt = quads.filter((q) => q.graph.termType === 'DefaultGraph');
  const onto = quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH);
  const factKeys = new Set<string>();
  const evidence = new Set<string>();
  for (const c of view.claims) {
    const info = view.claimInfo(c)!;
    for (const e of info.evidence) evidence.add(e);
    if (info.licensed !== true) continue;
    for (const p of info.states) {
      const prop = view.propositions.get(p);
      if (prop) factKeys.add(tripleKey(prop));
    }
  }
  const subjectKey = (q: Quad) => termKey(q.subject);
  const facts = dflt.filter((q) => factKeys.has(tripleKey(q)));
  const about = (set: { has(k: string): boolean }) => dflt.filter((q) => set.has(subjectKey(q)));
  return [
    ['default-graph', 'The default graph: the facts view and the descriptions (claims, evidence, propositions, sentences, sources). Turtle, N-Triples and RDF/XML carry this subset.', dflt, true, undefined],
    ['facts-view', 'The facts view: the plain triples, exactly the propositions stated by a claim with kg:licensed true.', facts, false, undefined],
    ['claims', 'The claim descriptions (kg:Claim): modality, verification, licence, sources, what each states or denies; void:entities counts the claims.', about(view.claims), false, view.claims.size],
    ['propositions', 'The proposition nodes (kg:Proposition, rdf:Statement): the triples claims state or deny, described and not asserted; void:entities counts them.', about(view.propositions), false, view.propositions.size],
    ['evidence', "The evidence nodes (kg:Evidence): one per claim and source document, with that source's words; void:entities counts them.", about(evidence), false, evidence.size],
    ['ontology-graph', `The ontology and its alignments, in the named graph <${ONTOLOGY_GRAPH}>.`, onto, false, undefined],
  ];
}

/** One distribution per release file (in path order): URL, media type, size, licence, SHA-256; a dump is also a `void:dataDump`. */
function describeFiles(w: QuadWriter, ids: ReturnType<typeof datasetIris>, files: readonly DescribedFile[]): void {
  const { add, en } = w;
  const ds = iri(ids.version);
  for (const f of [...files].sort((a, b) => codeUnitCompare(a.path, b.path))) {
    const d = `${ids.version}/distribution/${f.path}`;
    const url = iri(`${ids.release}${f.path}`);
    const bytes = typeof f.content === 'string' ? Buffer.byteLength(f.content, 'utf8') : f.content.byteLength;
    add(ds, `${DCAT}distribution`, iri(d));
    add(d, RDF_TYPE, iri(`${DCAT}Distribution`));
    add(d, `${DCT}title`, literal(f.path));
    add(d, `${DCT}description`, en(f.description));
    add(d, `${DCAT}downloadURL`, url);
    add(d, `${DCAT}accessURL`, url);
    add(d, `${DCT}format`, literal(f.mediaType));
    if (f.ianaRegistered) add(d, `${DCAT}mediaType`, iri(`https://www.iana.org/assignments/media-types/${f.mediaType}`));
    add(d, `${DCAT}byteSize`, literal(String(bytes), iri(`${XSD}nonNegativeInteger`)));
    add(d, `${DCT}license`, iri(DATA_LICENSE));
    add(d, `${SPDX}checksum`, iri(`${d}#sha256`));
    add(`${d}#sha256`, RDF_TYPE, iri(`${SPDX}Checksum`));
    add(`${d}#sha256`, `${SPDX}algorithm`, iri(`${SPDX}checksumAlgorithm_sha256`));
    add(`${d}#sha256`, `${SPDX}checksumValue`, literal(sha256(f.content), iri(`${XSD}hexBinary`)));
    if (f.dump) add(ds, `${V}dataDump`, url);
  }
}

/** Describes the dataset and its release files as VoID + DCAT quads. */
export function describeDataset(quads: readonly Quad[], options: VoidOptions): Quad[] {
  const c = compactorFor(packageContext());
  const ids = datasetIris(options.version);
  const ds = iri(ids.version);
  const out: Quad[] = [];
  const w = quadWriter(out);
  const slug = (x: string) => encodeURIComponent(c.vocab(x).replace(/^([A-Za-z][\w-]*):/, '$1-'));
  describeVersion(w, quads, options);
  describeStats(w, slug, ids.version, stats(quads), true);
  for (const [name, text, sub, partitions, entities] of subsetsOf(quads, options.view ?? modelView(quads))) {
    const s = `${ids.version}/${name}`;
    w.add(ds, `${V}subset`, iri(s));
    w.add(s, RDF_TYPE, iri(`${V}Dataset`));
    w.add(s, `${DCT}description`, w.en(text));
    describeStats(w, slug, s, stats(sub), partitions, entities);
  }
  describeFiles(w, ids, options.files);
  return out;
}

/** The dataset description as Turtle (`void.ttl`). */
export function toVoid(quads: readonly Quad[], options: VoidOptions): string {
  return toTurtle(describeDataset(quads, options), {
    prefixes: VOID_PREFIXES,
    pathPrefixes: false,
    header: `kaspersky-kg ${options.version}: dataset description (VoID + DCAT), computed when the release was built.`,
  });
}
