/**
 * Link sets: the package's curated identity and non-identity links, in the formats each community uses:
 * SSSOM TSV (with mapping-set metadata), Turtle and JSON-LD renderings of the same links, and a
 * nomenklatura resolver judgements file (`[target, source, judgement, score, user, created_at]` per line).
 *
 * Positive links come only from identifiers the graph states as verified facts (`owl:sameAs` /
 * `skos:exactMatch` in the facts view). Negative links state what is known to be distinct: companies of
 * one group are distinct legal entities, and a person who was not designated is not any of the persons
 * who were (e.g. Eugene Kaspersky and the twelve executives).
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import { ID, KG, PREFIXES } from '../namespaces.js';
import { sssomTsv, type SssomRow } from '../mapping/sssom.js';
import { keyOf, tokens } from '../names/normalise.js';
import type { FtmExport } from './export.js';

/** Where the package publishes its link sets. */
const LINKS_BASE = 'https://w3id.org/kaspersky-kg/links/';

/** The user recorded in judgements. */
const JUDGEMENT_USER = 'kaspersky-kg';

/** A link between two resources. */
export interface Link {
  /** Subject IRI (ours). */
  subject: string;
  /** Subject label. */
  subjectLabel: string;
  /** `exact` (verified identity) or `different` (verified non-identity). */
  kind: 'exact' | 'different';
  /** Object IRI. */
  object: string;
  /** Object label. */
  objectLabel: string;
  /** Why. */
  comment: string;
  /** The identifier the link rests on. */
  evidence?: string;
}

/** All link sets, rendered. */
export interface LinkSets {
  /** The links. */
  links: Link[];
  /** links.sssom.tsv */
  sssom: string;
  /** links.ttl */
  turtle: string;
  /** links.jsonld */
  jsonld: string;
  /** judgements.ijson */
  judgements: string;
}

const CURIES: Record<string, string> = {
  id: ID,
  wd: PREFIXES.wd,
  skos: PREFIXES.skos,
  owl: PREFIXES.owl,
  semapv: 'https://w3id.org/semapv/vocab/',
  kkgftm: `${LINKS_BASE}ftm/`,
};

/** Shortens an IRI to a CURIE where a prefix is known. */
function curie(iri: string): string {
  for (const [p, base] of Object.entries(CURIES)) if (iri.startsWith(base) && iri.length > base.length) return `${p}:${iri.slice(base.length)}`;
  return `<${iri}>`;
}

/** Builds the link sets from the graph and the FtM export. */
export async function buildLinkSets(graph: KasperskyGraph, ftm: FtmExport, options: { date: string; version: string }): Promise<LinkSets> {
  const links: Link[] = [];
  const idOfIri = new Map(ftm.ids.filter((i) => i.kind === 'entity').map((i) => [i.iri, i.id]));
  const entityByIri = new Map(ftm.ids.filter((i) => i.kind === 'entity').map((i) => [i.iri, ftm.entities.find((e) => e.id === i.id)!]));
  const label = (iri: string) => entityByIri.get(iri)?.properties.name?.[0] ?? ftm.labels[iri] ?? iri.slice(ID.length);
  // positive: verified external identifiers stated in the facts view
  const rows = await graph.select(`SELECT ?s ?o ?label WHERE { ?s <${PREFIXES.owl}sameAs>|<${PREFIXES.skos}exactMatch> ?o . FILTER(isIRI(?o)) OPTIONAL { ?s <${PREFIXES.rdfs}label> ?label } }`);
  const seen = new Set<string>();
  for (const r of rows) {
    const s = r.s!.value;
    const o = r.o!.value;
    if (!s.startsWith(ID) || seen.has(`${s} ${o}`)) continue;
    seen.add(`${s} ${o}`);
    const qid = o.startsWith(PREFIXES.wd) ? o.slice(PREFIXES.wd.length) : undefined;
    links.push({
      subject: s, subjectLabel: r.label?.value ?? label(s), kind: 'exact', object: o, objectLabel: qid ?? o,
      comment: 'identifier stated as a verified fact in the graph (owl:sameAs / skos:exactMatch)',
      ...(qid ? { evidence: `wikidataId=${qid}` } : {}),
    });
  }
  // negative 1: companies of the same group are distinct legal entities
  const groupRows = await graph.select(`SELECT ?c ?g WHERE { ?c a <${KG}Company> ; <${KG}memberOfGroup> ?g }`);
  const groups = new Map<string, string[]>();
  for (const r of groupRows) {
    const l = groups.get(r.g!.value) ?? [];
    if (!l.includes(r.c!.value)) l.push(r.c!.value);
    groups.set(r.g!.value, l);
  }
  for (const [g, members] of groups) {
    members.sort();
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        links.push({
          subject: members[i]!, subjectLabel: label(members[i]!), kind: 'different', object: members[j]!, objectLabel: label(members[j]!),
          comment: `distinct legal entities of the same group (${label(g)}); their names differ only by legal form or jurisdiction`,
        });
      }
    }
  }
  // negative 2: persons not designated who work for (or share a name with) the designated persons'
  // employer or its group ≠ each designated person (e.g. Eugene Kaspersky was not designated)
  const desRows = await graph.select(`SELECT DISTINCT ?p WHERE { ?d a <${KG}SanctionDesignation> ; <${KG}target> ?p . ?p a <${KG}Person> }`);
  const designated = desRows.map((r) => r.p!.value).sort();
  const personRows = await graph.select(`SELECT DISTINCT ?p WHERE { ?p a <${KG}Person> }`);
  const related = new Set<string>();
  // the designated persons' employers and the groups those belong to
  const orgRows = await graph.select(`SELECT DISTINCT ?o WHERE { ?d a <${KG}SanctionDesignation> ; <${KG}target> ?p . ?r <${KG}person> ?p ; <${KG}organization> ?o }`);
  const employers = new Set(orgRows.map((r) => r.o!.value));
  for (const r of groupRows) if (employers.has(r.c!.value)) employers.add(r.g!.value);
  const distinctive = (text: string) => tokens(text).map(keyOf).filter((k) => k.length >= 4);
  const orgKeys = new Set([...employers].flatMap((o) => distinctive(label(o))));
  const roleOrgs = await graph.select(`SELECT ?p ?o WHERE { ?r <${KG}person> ?p ; <${KG}organization> ?o }`);
  for (const r of roleOrgs) if (employers.has(r.o!.value)) related.add(r.p!.value);
  for (const r of personRows) {
    const e = entityByIri.get(r.p!.value);
    const names = [...(e?.properties.name ?? []), ...(e?.properties.alias ?? []), ...(e?.properties.lastName ?? [])];
    if (names.some((n) => distinctive(n).some((k) => orgKeys.has(k)))) related.add(r.p!.value);
  }
  for (const p of [...related].sort()) {
    if (designated.includes(p) || !idOfIri.has(p)) continue;
    for (const d of designated) {
      links.push({
        subject: p, subjectLabel: label(p), kind: 'different', object: d, objectLabel: label(d),
        comment: `${label(p)} was not designated in the OFAC action that designated ${label(d)}; they are different persons`,
      });
    }
  }
  links.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'exact' ? -1 : 1) || cmp(a.subject, b.subject) || cmp(a.object, b.object));
  return { links, ...renderLinkSets(links, ftm, options) };
}

/** A Turtle term for an IRI: a prefixed name where the local part is a valid Turtle local name, else `<iri>`. */
function turtleTerm(iri: string): string {
  const c = curie(iri);
  return /^[a-z]+:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(c) && !c.endsWith('.') ? c : `<${iri}>`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** nomenklatura identifier weight: Q-IDs 3, NK- IDs 2, others 1 (the higher-weighted ID is the pair's target). */
function identifierWeight(id: string): number {
  if (/^Q\d+$/.test(id)) return 3;
  if (id.startsWith('NK-')) return 2;
  return 1;
}

/** Orders a pair as nomenklatura does: target = max by (weight, id). */
export function judgementPair(a: string, b: string): [string, string] {
  const ka = [identifierWeight(a), a] as const;
  const kb = [identifierWeight(b), b] as const;
  const aFirst = ka[0] > kb[0] || (ka[0] === kb[0] && ka[1] > kb[1]);
  return aFirst ? [a, b] : [b, a];
}

function renderLinkSets(links: readonly Link[], ftm: FtmExport, options: { date: string; version: string }): Omit<LinkSets, 'links'> {
  const ftmId = new Map(ftm.ids.filter((i) => i.kind === 'entity').map((i) => [i.iri, i.id]));
  const rows: SssomRow[] = links.map((l) => ({
    subject_id: curie(l.subject),
    subject_label: l.subjectLabel,
    predicate_id: l.kind === 'exact' ? 'skos:exactMatch' : 'owl:differentFrom',
    object_id: curie(l.object),
    object_label: l.objectLabel,
    mapping_justification: 'semapv:ManualMappingCuration',
    confidence: 1,
    author_label: 'kaspersky-kg developers',
    mapping_date: options.date,
    comment: l.comment,
    ...(ftmId.get(l.subject) ? { subject_ftm_id: ftmId.get(l.subject)! } : {}),
    ...(l.evidence ? { evidence_identifier: l.evidence } : {}),
  }));
  const sssom = sssomTsv(
    {
      mapping_set_id: `${LINKS_BASE}links.sssom.tsv`,
      mapping_set_version: options.version,
      mapping_set_title: 'kaspersky-kg curated links (verified identifiers and verified distinctions)',
      license: 'https://creativecommons.org/licenses/by/4.0/',
      creator_label: 'kaspersky-kg developers',
      mapping_date: options.date,
      curie_map: CURIES,
      comment: 'Positive links only for identifiers the graph states as verified facts; negative links (owl:differentFrom) for verified distinctions. No OpenSanctions or OFAC identifier is included: none is verified (see docs/ftm.md).',
    },
    rows,
  );
  const ttl: string[] = [
    ...Object.entries({ ...CURIES, dcterms: PREFIXES.dcterms, xsd: PREFIXES.xsd, rdfs: PREFIXES.rdfs, void: 'http://rdfs.org/ns/void#' }).map(([p, iri]) => `@prefix ${p}: <${iri}> .`),
    '',
    `<${LINKS_BASE}links.ttl> a void:Linkset ;`,
    `    dcterms:title "kaspersky-kg curated links" ;`,
    `    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;`,
    `    dcterms:created "${options.date}"^^xsd:date ;`,
    `    dcterms:hasVersion "${options.version}" ;`,
    `    dcterms:source <${LINKS_BASE}links.sssom.tsv> .`,
    '',
  ];
  for (const l of links) ttl.push(`${turtleTerm(l.subject)} ${l.kind === 'exact' ? 'skos:exactMatch' : 'owl:differentFrom'} ${turtleTerm(l.object)} .`);
  const turtle = `${ttl.join('\n')}\n`;
  const graph = new Map<string, Record<string, unknown>>();
  for (const l of links) {
    const node = graph.get(l.subject) ?? { '@id': curie(l.subject), 'rdfs:label': l.subjectLabel };
    const key = l.kind === 'exact' ? 'skos:exactMatch' : 'owl:differentFrom';
    const list = (node[key] as { '@id': string }[] | undefined) ?? [];
    list.push({ '@id': curie(l.object) });
    node[key] = list;
    graph.set(l.subject, node);
  }
  const jsonld = `${JSON.stringify({ '@context': { ...CURIES, rdfs: PREFIXES.rdfs }, '@id': `${LINKS_BASE}links.jsonld`, '@graph': [...graph.values()] }, null, 2)}\n`;
  const jl: string[] = [];
  for (const l of links) {
    const a = ftmId.get(l.subject);
    const b = l.object.startsWith(PREFIXES.wd) ? l.object.slice(PREFIXES.wd.length) : ftmId.get(l.object);
    if (!a || !b) continue;
    const [target, source] = judgementPair(a, b);
    jl.push(JSON.stringify([target, source, l.kind === 'exact' ? 'positive' : 'negative', l.kind === 'exact' ? 1.0 : null, JUDGEMENT_USER, `${options.date}T00:00:00`]));
  }
  const judgements = jl.length ? `${jl.join('\n')}\n` : '';
  return { sssom, turtle, jsonld, judgements };
}
