/**
 * The FollowTheMoney export: reads the facts view of the graph with SPARQL and turns it into FtM entities
 * (Company, Organization, PublicBody, Person; Employment/Directorship for roles; Ownership, Membership
 * and UnknownLink for structure; one Sanction per party and measure) plus per-value statements.
 *
 * Properties come only from the facts view (plain triples: the propositions of licensed claims), so what a
 * claim states without licence (hedged, expected, contradicted...) or what a source denies never becomes
 * an FtM property. A statement's `origin` is a source document of a licensed claim stating the fact (via its
 * proposition), and its `original_value` is taken from that source's own quote only.
 *
 * Mapping (kg → FtM), with the inverse in `import.ts`:
 * - rdfs:label → name (first English label; other labels → alias); skos:altLabel → alias;
 *   rdfs:comment → description; owl:sameAs wd:Q… → wikidataId.
 * - Person: kg:givenName → firstName, kg:patronymic → fatherName, kg:familyName → lastName,
 *   kg:birthDate → birthDate, kg:birthPlace → birthPlace (label) and birthCountry (code),
 *   kg:countryOfOrigin → nationality.
 * - Organisations: kg:registeredIn → jurisdiction, kg:countryOfOrigin → country, kg:headquarteredIn → mainCountry;
 *   kg:parentOrganization → Ownership (Company child) or UnknownLink; kg:memberOfGroup → Membership.
 * - kg:Role → Employment (every title, verbatim) and also Directorship when a title names a board seat.
 * - Each regulatory action × each exported target → Sanction (see {@link programIdFor}).
 * @module
 */
import type { Term } from 'n3';
import type { KasperskyGraph } from '../graph.js';
import { ID, KG, PREFIXES, RDF_TYPE } from '../namespaces.js';
import { addValues, type FtmEntity } from './entity.js';
import { authorityIdFrom, DATASET, entityId, statementId } from './ids.js';
import { ftmModel } from './model.js';
import { LANG3, type FtmStatement } from './statements.js';

const RDFS = PREFIXES.rdfs;
const SKOS = PREFIXES.skos;
const OWL = PREFIXES.owl;
const WD = PREFIXES.wd;

/** A triple of the facts view, as plain strings. */
export interface Fact {
  /** Subject IRI. */
  s: string;
  /** Predicate IRI. */
  p: string;
  /** Object: IRI or literal lexical form. */
  o: string;
  /** Whether the object is an IRI. */
  iri: boolean;
  /** Language tag of a literal. */
  lang?: string;
  /** Datatype IRI of a literal. */
  datatype?: string;
}

/** An entry of the ID map: which graph resource an FtM entity stands for. */
export interface IdMapEntry {
  /** The FtM ID. */
  id: string;
  /** The FtM schema. */
  schema: string;
  /** The IRI in the package the entity is derived from (the role, the measure, the child organisation …). */
  iri: string;
  /** For derived entities, the other IRI involved (the Sanction's party, the parent organisation, the group). */
  other?: string;
  /** How the entity was derived: `entity`, `sanction`, `employment`, `directorship`, `ownership`, `link`, `membership`. */
  kind: 'entity' | 'sanction' | 'employment' | 'directorship' | 'ownership' | 'link' | 'membership';
}

/** Everything the export produces. */
export interface FtmExport {
  /** The entities, in a stable order (by schema, then ID). */
  entities: FtmEntity[];
  /** The statements, in a stable order. */
  statements: FtmStatement[];
  /** The ID map (FtM ID ↔ IRI). */
  ids: IdMapEntry[];
  /** The facts about the exported resources, as read from the graph (for the round-trip check). */
  facts: Fact[];
  /** Labels of the resources referenced (regions, documents, legal instruments), for the import. */
  labels: Record<string, string>;
}

/** Options of {@link buildFtmExport}. */
export interface ExportOptions {
  /** first_seen/last_seen to stamp on entities and statements (ISO date-time); omitted by default. */
  seen?: string;
}

/** Region local names → FtM country codes (a conversion table, not data: the graph has no ISO codes). */
const REGION_CODES: Readonly<Record<string, string>> = {
  'united-states': 'us', russia: 'ru', 'united-kingdom': 'gb', germany: 'de', 'european-union': 'eu', moscow: 'ru', novorossiysk: 'ru',
};

/** The country region IRI for an FtM code (inverse of {@link REGION_CODES} restricted to countries). */
export const CODE_REGIONS: Readonly<Record<string, string>> = { us: `${ID}united-states`, ru: `${ID}russia`, gb: `${ID}united-kingdom`, de: `${ID}germany`, eu: `${ID}european-union` };

/** The FtM country code of a region IRI, if known. */
function regionCode(iri: string): string | undefined {
  return iri.startsWith(ID) ? REGION_CODES[iri.slice(ID.length)] : undefined;
}

/** Classes whose instances become Sanction entities (one per exported target). */
const MEASURE_CLASSES: readonly string[] = ['RegulatoryAction', 'Prohibition', 'SanctionDesignation', 'EntityListAddition', 'CoveredListAddition', 'Directive', 'StatutoryProhibition', 'ProcurementRemoval'].map((c) => KG + c);

/** kg class → FtM schema for exported resources (first matching class wins). */
const SCHEMA_OF: readonly [string, string][] = [
  [`${KG}Person`, 'Person'],
  [`${KG}Company`, 'Company'],
  [`${KG}Administration`, 'PublicBody'],
  [`${KG}GovernmentBody`, 'PublicBody'],
  [`${KG}CorporateGroup`, 'Organization'],
  [`${KG}Organization`, 'Organization'],
  [`${KG}Role`, 'Role'],
];

/** The programId namespace the package uses for measures OpenSanctions has no key for. */
const OWN_PROGRAM_PREFIX = 'X-KKG-';

/**
 * The programId of a measure: OpenSanctions keys (`US-RUSHAR`, `US-BIS-EL`, `US-FCC`) where they exist,
 * `X-KKG-US-ICTS` (ours, documented in docs/ftm.md) for the Commerce ICTS determination under E.O. 13873,
 * else undefined.
 */
export function programIdFor(classes: readonly string[], legalBases: readonly string[]): string | undefined {
  const has = (c: string) => classes.includes(KG + c);
  const basis = (l: string) => legalBases.includes(`${ID}legal/${l}`);
  if (has('SanctionDesignation') && basis('eo-14024')) return 'US-RUSHAR';
  if (has('EntityListAddition')) return 'US-BIS-EL';
  if (has('CoveredListAddition')) return 'US-FCC';
  if (has('Prohibition') && basis('eo-13873')) return `${OWN_PROGRAM_PREFIX}US-ICTS`;
  return undefined;
}

/** Topic a party gets from a measure's class. */
function topicFor(classes: readonly string[]): string | undefined {
  if (classes.includes(`${KG}SanctionDesignation`)) return 'sanction';
  if (classes.includes(`${KG}EntityListAddition`)) return 'export.control';
  if (classes.includes(`${KG}CoveredListAddition`)) return 'debarment';
  if (classes.some((c) => MEASURE_CLASSES.includes(c))) return 'reg.action';
  return undefined;
}

function termFact(s: Term, p: Term, o: Term): Fact {
  if (o.termType === 'Literal') {
    const f: Fact = { s: s.value, p: p.value, o: o.value, iri: false };
    if (o.language) f.lang = o.language;
    else if (o.datatype.value !== `${PREFIXES.xsd}string`) f.datatype = o.datatype.value;
    return f;
  }
  return { s: s.value, p: p.value, o: o.value, iri: true };
}

/** The key of a fact (for provenance lookups). */
export function factKey(f: Fact): string {
  return `${f.s} ${f.p} ${f.iri ? `<${f.o}>` : JSON.stringify(f.o)}@${f.lang ?? ''}^^${f.datatype ?? ''}`;
}

const TYPE_VALUES = [...SCHEMA_OF.map(([c]) => c), ...MEASURE_CLASSES].map((c) => `<${c}>`).join(' ');

/**
 * Provenance of one fact: for each source document of a licensed claim stating it, that source's own
 * quotes (from the claim's evidence node for that document; none when the source is paraphrased).
 */
type Provenance = Map<string, string[]>;

/**
 * The provenance of the facts view: the licensed claims (`kg:licensed true`, never re-derived) that state
 * (`kg:states`) a proposition about a typed party or measure, each source document of such a claim, and the
 * exact words of that source alone (the evidence node whose `kg:document` is that source).
 */
const PROVENANCE_QUERY = (types: string) => `SELECT ?s ?p ?o ?src ?quote WHERE {
    ?s a ?t . VALUES ?t { ${types} }
    ?prop <${PREFIXES.rdf}subject> ?s ; <${PREFIXES.rdf}predicate> ?p ; <${PREFIXES.rdf}object> ?o .
    ?claim <${KG}states> ?prop ; <${KG}licensed> true ; <${PREFIXES.prov}wasDerivedFrom> ?src .
    OPTIONAL { ?claim <${KG}evidence> ?ev . ?ev <${KG}document> ?src ; <${KG}quote> ?quote }
  }`;

/** Reads the graph and builds the FtM export. */
export async function buildFtmExport(graph: KasperskyGraph, options: ExportOptions = {}): Promise<FtmExport> {
  const factRows = await graph.select(`SELECT ?s ?p ?o WHERE { ?s a ?t . VALUES ?t { ${TYPE_VALUES} } ?s ?p ?o }`);
  const facts: Fact[] = [];
  const seenFacts = new Set<string>();
  for (const r of factRows) {
    const f = termFact(r.s!, r.p!, r.o!);
    const k = factKey(f);
    if (!seenFacts.has(k)) {
      seenFacts.add(k);
      facts.push(f);
    }
  }
  const labelRows = await graph.select(`SELECT ?x ?label WHERE { ?s a ?t . VALUES ?t { ${TYPE_VALUES} } ?s ?p ?x . ?x <${RDFS}label> ?label . FILTER(isIRI(?x)) }`);
  const labels: Record<string, string> = {};
  for (const r of labelRows) if (!labels[r.x!.value] || (r.label!.termType === 'Literal' && (r.label as { language?: string }).language === 'en')) labels[r.x!.value] = r.label!.value;
  const docRows = await graph.select(
    `SELECT ?doc ?url ?fr WHERE { ?s <${KG}announcedIn> ?doc . OPTIONAL { ?doc <${KG}url> ?url } OPTIONAL { ?doc <${KG}frDocumentNumber> ?fr } }`,
  );
  const docs = new Map<string, { url?: string; fr?: string }>();
  for (const r of docRows) docs.set(r.doc!.value, { url: r.url?.value ?? docs.get(r.doc!.value)?.url, fr: r.fr?.value ?? docs.get(r.doc!.value)?.fr });
  const provRows = await graph.select(PROVENANCE_QUERY(TYPE_VALUES));
  const prov = new Map<string, Provenance>();
  for (const r of provRows) {
    const k = factKey(termFact(r.s!, r.p!, r.o!));
    let p = prov.get(k);
    if (!p) prov.set(k, (p = new Map()));
    let quotes = p.get(r.src!.value);
    if (!quotes) p.set(r.src!.value, (quotes = []));
    if (r.quote && !quotes.includes(r.quote.value)) quotes.push(r.quote.value);
  }
  return assembleExport(facts, labels, docs, prov, options);
}

/** Finds the as-published spelling of `value` inside a quote (case/space-insensitive), if it differs. */
function publishedSpelling(value: string, quotes: readonly string[]): string | undefined {
  const norm = value.replace(/\s+/g, ' ').trim();
  if (norm.length < 3) return undefined;
  const esc = norm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const re = new RegExp(esc, 'iu');
  for (const q of quotes) {
    const m = re.exec(q);
    if (m && m[0] !== value) return m[0];
  }
  return undefined;
}

/** Collects the entities, their statements (with provenance) and the ID map as the assembly steps create them. */
class Builder {
  readonly entities = new Map<string, FtmEntity>();
  readonly statements: FtmStatement[] = [];
  readonly ids: IdMapEntry[] = [];
  constructor(
    private readonly prov: Map<string, Provenance>,
    private readonly seen: string | undefined,
  ) {}

  create(id: string, schema: string, entry: Omit<IdMapEntry, 'id' | 'schema'>): FtmEntity {
    let e = this.entities.get(id);
    if (e) return e;
    e = { id, schema, properties: {}, datasets: [DATASET] };
    if (this.seen) {
      e.first_seen = this.seen;
      e.last_seen = this.seen;
    }
    this.entities.set(id, e);
    this.ids.push({ id, schema, ...entry });
    this.statements.push(this.statement(e, 'id', id, null, null, null, 'entity'));
    return e;
  }

  private statement(e: FtmEntity, prop: string, value: string, origin: string | null, original: string | null, lang: string | null, type: string, multi = false): FtmStatement {
    return {
      canonical_id: e.id, entity_id: e.id, prop, schema: e.schema, value, dataset: DATASET, lang, original_value: original,
      first_seen: this.seen ?? null, last_seen: this.seen ?? null, external: false, origin,
      id: statementId(DATASET, e.id, prop, value, multi && origin ? origin : undefined), prop_type: type,
    };
  }

  /** Sets a value, recording statements with the provenance of `from` (the fact it was derived from). */
  put(e: FtmEntity, prop: string, value: string | undefined, from?: Fact, original?: string): void {
    if (value === undefined || value === '') return;
    const before = e.properties[prop]?.length ?? 0;
    addValues(e, prop, value);
    const added = (e.properties[prop]?.length ?? 0) > before;
    const schema = ftmModel().getSchema(e.schema);
    const type = schema.hasProperty(prop) ? schema.getProperty(prop).type.name : 'string';
    const p = from ? this.prov.get(factKey(from)) : undefined;
    const lang = from?.lang ? LANG3[from.lang.toLowerCase().split('-')[0]!] ?? null : null;
    const origins = p?.size ? [...p.keys()].sort() : [null];
    for (const origin of origins) {
      // the spelling this origin published: only its own words, never another source's
      const published = original ?? (origin !== null ? publishedSpelling(value, p!.get(origin)!) : undefined);
      const st = this.statement(e, prop, value, origin, published ?? null, lang, type, origins.length > 1);
      if (!added && this.statements.some((x) => x.id === st.id)) continue;
      this.statements.push(st);
    }
  }
}

/** What the assembly steps share: the builder, the facts by subject and their lookups, labels, documents, party IDs. */
interface Assembly {
  readonly b: Builder;
  readonly bySubject: ReadonlyMap<string, Fact[]>;
  /** Labels of the IRIs facts point at (places, authorities, legal bases). */
  readonly labels: Record<string, string>;
  /** The announcing documents: URL and Federal Register number. */
  readonly docs: ReadonlyMap<string, { url?: string; fr?: string }>;
  /** The FtM ID of each exported party (person or organisation), by IRI. */
  readonly idOf: Map<string, string>;
  /** The facts of a subject with a predicate. */
  get(s: string, p: string): Fact[];
  /** The rdf:types of a subject. */
  typesOf(s: string): string[];
  /** The FtM schema of a subject (the first of {@link SCHEMA_OF} its types match), if any. */
  schemaOf(s: string): string | undefined;
}

/** The FtM ID of every party: its authority ID (from a Wikidata sameAs or exact match) or one made from its IRI. */
function partyIds(x: Assembly): void {
  for (const [s] of x.bySubject) {
    const schema = x.schemaOf(s);
    if (!schema || schema === 'Role') continue;
    const sameAs = (x.bySubject.get(s) ?? []).filter((f) => (f.p === `${OWL}sameAs` || f.p === `${SKOS}exactMatch`) && f.iri).map((f) => f.o);
    x.idOf.set(s, authorityIdFrom(sameAs) ?? entityId(s));
  }
}

/** 1. Parties: persons and organisations, with names, aliases, descriptions, Wikidata IDs, birth and country facts. */
function addParties(x: Assembly): void {
  const { b, get, labels } = x;
  for (const [s, id] of x.idOf) {
    const schema = x.schemaOf(s)!;
    const e = b.create(id, schema, { iri: s, kind: 'entity' });
    const names = get(s, `${RDFS}label`).sort((p, q) => Number(q.lang === 'en') - Number(p.lang === 'en'));
    names.forEach((f, i) => b.put(e, i === 0 ? 'name' : 'alias', f.o, f));
    for (const f of get(s, `${SKOS}altLabel`)) b.put(e, 'alias', f.o, f);
    for (const f of get(s, `${RDFS}comment`)) b.put(e, 'description', f.o, f);
    for (const f of [...get(s, `${OWL}sameAs`), ...get(s, `${SKOS}exactMatch`)]) if (f.o.startsWith(WD)) b.put(e, 'wikidataId', f.o.slice(WD.length), f);
    if (schema === 'Person') {
      for (const f of get(s, `${KG}givenName`)) b.put(e, 'firstName', f.o, f);
      for (const f of get(s, `${KG}patronymic`)) b.put(e, 'fatherName', f.o, f);
      for (const f of get(s, `${KG}familyName`)) b.put(e, 'lastName', f.o, f);
      for (const f of get(s, `${KG}birthDate`)) b.put(e, 'birthDate', f.o, f);
      for (const f of get(s, `${KG}birthPlace`)) {
        b.put(e, 'birthPlace', labels[f.o], f);
        b.put(e, 'birthCountry', regionCode(f.o), f, labels[f.o]);
      }
      for (const f of get(s, `${KG}countryOfOrigin`)) b.put(e, 'nationality', regionCode(f.o), f, labels[f.o]);
    } else {
      for (const f of get(s, `${KG}registeredIn`)) b.put(e, 'jurisdiction', regionCode(f.o), f, labels[f.o]);
      for (const f of get(s, `${KG}countryOfOrigin`)) b.put(e, 'country', regionCode(f.o), f, labels[f.o]);
      for (const f of get(s, `${KG}headquarteredIn`)) b.put(e, 'mainCountry', regionCode(f.o), f, labels[f.o]);
    }
    e.caption = e.properties.name?.[0] ?? e.id;
  }
}

/** 2. Structure: parent organisations (Ownership for a company, else UnknownLink) and group membership, between exported parties. */
function addStructure(x: Assembly): void {
  const { b, get, idOf } = x;
  const parentLinks: [string, string, Fact][] = [];
  for (const [s] of idOf) {
    for (const f of get(s, `${KG}parentOrganization`)) parentLinks.push([s, f.o, f]);
    for (const f of get(s, `${KG}subsidiary`)) parentLinks.push([f.o, s, f]);
  }
  for (const [child, parent, f] of parentLinks) {
    const c = idOf.get(child);
    const p = idOf.get(parent);
    if (!c || !p) continue;
    if (x.schemaOf(child) === 'Company') {
      const e = b.create(entityId(child, 'parentOrganization', parent), 'Ownership', { iri: child, other: parent, kind: 'ownership' });
      b.put(e, 'owner', p, f);
      b.put(e, 'asset', c, f);
      b.put(e, 'role', 'parent organisation');
    } else {
      const e = b.create(entityId(child, 'parentOrganization', parent), 'UnknownLink', { iri: child, other: parent, kind: 'link' });
      b.put(e, 'subject', c, f);
      b.put(e, 'object', p, f);
      b.put(e, 'role', 'parent organisation');
    }
  }
  for (const [s, id] of idOf) {
    for (const f of get(s, `${KG}memberOfGroup`)) {
      const g = idOf.get(f.o);
      if (!g) continue;
      const e = b.create(entityId(s, 'memberOfGroup', f.o), 'Membership', { iri: s, other: f.o, kind: 'membership' });
      b.put(e, 'member', id, f);
      b.put(e, 'organization', g, f);
      b.put(e, 'role', 'member of group');
    }
  }
}

/** 3. Roles: an Employment for each role between exported parties, a Directorship too for a board seat, and the person's positions. */
function addRoles(x: Assembly): void {
  const { b, get, idOf } = x;
  for (const [s] of x.bySubject) {
    if (x.schemaOf(s) !== 'Role') continue;
    const personF = get(s, `${KG}person`)[0];
    const orgF = get(s, `${KG}organization`)[0];
    const person = personF && idOf.get(personF.o);
    const org = orgF && idOf.get(orgF.o);
    if (!personF || !orgF || !person || !org) continue;
    const titles = get(s, `${KG}roleTitle`);
    const board = titles.filter((f) => /\bboard\b/i.test(f.o));
    const dates = (e: FtmEntity) => {
      for (const f of get(s, `${KG}startedOn`)) b.put(e, 'startDate', f.o, f);
      for (const f of get(s, `${KG}endedOn`)) b.put(e, 'endDate', f.o, f);
    };
    // Employment always (all titles, verbatim); Directorship too when a title is a board seat.
    const emp = b.create(entityId(s), 'Employment', { iri: s, kind: 'employment' });
    b.put(emp, 'employee', person, personF);
    b.put(emp, 'employer', org, orgF);
    for (const f of get(s, `${RDFS}label`)) b.put(emp, 'summary', f.o, f);
    for (const f of titles) b.put(emp, 'role', f.o, f);
    dates(emp);
    if (board.length) {
      const e = b.create(entityId(s, 'directorship'), 'Directorship', { iri: s, kind: 'directorship' });
      b.put(e, 'director', person, personF);
      b.put(e, 'organization', org, orgF);
      for (const f of get(s, `${RDFS}label`)) b.put(e, 'summary', f.o, f);
      for (const f of board) b.put(e, 'role', f.o, f);
      dates(e);
    }
    const pe = b.entities.get(person)!;
    const orgName = b.entities.get(org)?.properties.name?.[0];
    for (const f of titles) b.put(pe, 'position', orgName ? `${f.o}, ${orgName}` : f.o, f);
  }
}

/** 4. Measures: one Sanction per (measure × exported target); the target gets the measure's topic and is marked a target. */
function addSanctions(x: Assembly): void {
  const { b, get, idOf, labels, docs } = x;
  for (const [s] of x.bySubject) {
    const classes = x.typesOf(s);
    if (!classes.some((c) => MEASURE_CLASSES.includes(c))) continue;
    const legalBases = get(s, `${KG}legalBasis`).map((f) => f.o);
    const programId = programIdFor(classes, legalBases);
    const topic = topicFor(classes);
    for (const tf of get(s, `${KG}target`)) {
      const party = idOf.get(tf.o);
      if (!party) continue;
      const e = b.create(entityId(s, 'target', tf.o), 'Sanction', { iri: s, other: tf.o, kind: 'sanction' });
      b.put(e, 'entity', party, tf);
      for (const f of get(s, `${KG}actor`)) b.put(e, 'authority', labels[f.o], f);
      for (const f of get(s, `${RDFS}label`)) b.put(e, 'summary', f.o, f);
      for (const f of get(s, `${RDFS}comment`)) b.put(e, 'description', f.o, f);
      for (const f of get(s, `${KG}legalBasis`)) b.put(e, 'program', labels[f.o], f);
      for (const f of get(s, `${KG}sanctionsProgram`)) b.put(e, 'program', f.o, f);
      if (programId) b.put(e, 'programId', programId, get(s, `${KG}legalBasis`)[0], labels[legalBases[0] ?? ''] ?? undefined);
      for (const f of get(s, `${KG}announcedOn`)) b.put(e, 'date', f.o, f);
      for (const f of get(s, `${KG}effectiveOn`)) b.put(e, 'startDate', f.o, f);
      for (const f of get(s, `${KG}endedOn`)) b.put(e, 'endDate', f.o, f);
      for (const f of get(s, `${KG}publishedOn`)) b.put(e, 'listingDate', f.o, f);
      for (const f of get(s, `${KG}statedReason`)) b.put(e, 'reason', f.o, f);
      for (const f of get(s, `${KG}effectDescription`)) b.put(e, 'provisions', f.o, f);
      for (const f of get(s, `${KG}caseNumber`)) b.put(e, 'authorityId', f.o, f);
      for (const f of get(s, `${KG}jurisdiction`)) b.put(e, 'country', regionCode(f.o), f, labels[f.o]);
      for (const f of get(s, `${KG}announcedIn`)) {
        const d = docs.get(f.o);
        b.put(e, 'sourceUrl', d?.url, f);
        b.put(e, 'authorityId', d?.fr, f);
      }
      e.caption = [labels[tf.o], programId].filter(Boolean).join(' – ') || e.id;
      const pe = b.entities.get(party)!;
      if (topic) b.put(pe, 'topics', topic);
      pe.target = true;
    }
  }
}

/** The order of the export's entities: by schema in this order, then by ID. */
const SCHEMA_ORDER = ['Company', 'Organization', 'PublicBody', 'Person', 'Employment', 'Directorship', 'Ownership', 'Membership', 'UnknownLink', 'Sanction'];

/** The export in its stable order (entities by schema then ID; statements and ID map by entity); parties never targeted get `target: false`. */
function ordered(b: Builder, facts: Fact[], labels: Record<string, string>): FtmExport {
  const entities = [...b.entities.values()].sort((x, y) => SCHEMA_ORDER.indexOf(x.schema) - SCHEMA_ORDER.indexOf(y.schema) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  for (const e of entities) {
    if (e.target === undefined && ['Person', 'Company', 'Organization', 'PublicBody'].includes(e.schema)) e.target = false;
  }
  const rank = new Map(entities.map((e, i) => [e.id, i]));
  const statements = [...b.statements].sort((x, y) => rank.get(x.entity_id)! - rank.get(y.entity_id)! || cmp(x.prop, y.prop) || cmp(x.value, y.value) || cmp(x.origin ?? '', y.origin ?? ''));
  const ids = [...b.ids].sort((x, y) => rank.get(x.id)! - rank.get(y.id)!);
  return { entities, statements, ids, facts, labels };
}

/** Builds the FtM entities and statements from the facts: parties, structure, roles, sanctions, in that order. */
function assembleExport(facts: Fact[], labels: Record<string, string>, docs: Map<string, { url?: string; fr?: string }>, prov: Map<string, Provenance>, options: ExportOptions): FtmExport {
  const b = new Builder(prov, options.seen);
  const bySubject = new Map<string, Fact[]>();
  for (const f of facts) {
    let l = bySubject.get(f.s);
    if (!l) bySubject.set(f.s, (l = []));
    l.push(f);
  }
  const typesOf = (s: string) => (bySubject.get(s) ?? []).filter((f) => f.p === RDF_TYPE).map((f) => f.o);
  const x: Assembly = {
    b,
    bySubject,
    labels,
    docs,
    idOf: new Map(),
    get: (s, p) => (bySubject.get(s) ?? []).filter((f) => f.p === p),
    typesOf,
    schemaOf: (s) => {
      const t = typesOf(s);
      return SCHEMA_OF.find(([c]) => t.includes(c))?.[1];
    },
  };
  partyIds(x);
  addParties(x);
  addStructure(x);
  addRoles(x);
  addSanctions(x);
  return ordered(b, facts, labels);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Serialises entities as FtM JSON lines. */
export function entitiesJsonl(entities: readonly FtmEntity[]): string {
  return entities.map((e) => JSON.stringify(e)).join('\n') + (entities.length ? '\n' : '');
}
