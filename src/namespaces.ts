/**
 * The IRI bases of the package and of the vocabularies it uses. Term constants for `kg:` are generated
 * from the ontology into `generated/vocab.ts`; this file holds only the bases.
 * @module
 */

/** Base of every IRI the package mints. */
export const BASE = 'https://w3id.org/kaspersky-kg/';
/** The ontology namespace (`kg:`). */
export const KG = `${BASE}ontology#`;
/** Instance namespace (`id:`). */
export const ID = `${BASE}id/`;
/** Claim namespace (`claim:`); a claim IRI also names its graph. */
export const CLAIM = `${BASE}claim/`;
/** The named graph that holds the ontology and its alignments inside the dataset. */
export const ONTOLOGY_GRAPH = `${BASE}graph/ontology`;
/** The ontology IRI. */
export const ONTOLOGY = `${BASE}ontology`;

/** Prefixes used in queries, Turtle output and the JSON-LD context. */
export const PREFIXES = {
  kg: KG,
  id: ID,
  claim: CLAIM,
  proposition: `${BASE}proposition/`,
  event: `${ID}event/`,
  person: `${ID}person/`,
  role: `${ID}role/`,
  source: `${ID}source/`,
  legal: `${ID}legal/`,
  product: `${ID}product/`,
  group: `${ID}group/`,
  recommendation: `${ID}recommendation/`,
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  wd: 'http://www.wikidata.org/entity/',
} as const;

/** The SPARQL prologue declaring {@link PREFIXES}. */
export const SPARQL_PROLOGUE: string = Object.entries(PREFIXES)
  .map(([p, iri]) => `PREFIX ${p}: <${iri}>`)
  .join('\n');

export const RDF_TYPE = `${PREFIXES.rdf}type`;
export const RDFS_LABEL = `${PREFIXES.rdfs}label`;
export const XSD = PREFIXES.xsd;
/** `xsd:string`, the datatype of a plain literal. */
export const XSD_STRING = `${PREFIXES.xsd}string`;

/** The graph name under which the facts view (the dataset's default graph) is loaded into a remote store. */
export const FACTS_GRAPH = `${BASE}graph/facts`;

/** Proposition namespace: the reified triples that claims state or deny (`kg:Proposition`), named by a content hash. */
export const PROPOSITION = PREFIXES.proposition;
/** Evidence namespace: one node per (claim, source document), `evidence:<claim key>-<source>`. */
export const EVIDENCE = `${BASE}evidence/`;
