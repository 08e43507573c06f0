/**
 * The SPARQL 1.1 Service Description of the endpoint (answered at `GET /sparql` without a query), written as
 * a CONSTRUCT query with an empty pattern, so that the query engine serialises it in whatever graph format
 * the client negotiates (Turtle, N-Triples, RDF/XML, JSON-LD).
 * @module
 */
import { ONTOLOGY_GRAPH } from '../namespaces.js';

/** The result formats the endpoint writes, as W3C format IRIs (`http://www.w3.org/ns/formats/`). */
export const SERVICE_RESULT_FORMATS: readonly string[] = [
  'SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'N-Triples', 'RDF_XML', 'JSON-LD',
];

/** The CONSTRUCT query whose answer is the service description of the endpoint at `endpoint` (an absolute IRI). */
export function serviceDescriptionQuery(endpoint: string): string {
  if (!/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(endpoint)) throw new TypeError(`not an endpoint IRI: ${endpoint}`);
  const formats = SERVICE_RESULT_FORMATS.map((f) => `<http://www.w3.org/ns/formats/${f}>`).join(', ');
  return `PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {
  _:service a sd:Service ;
    rdfs:label "kaspersky-kg SPARQL endpoint (read-only)" ;
    sd:endpoint <${endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat ${formats} ;
    sd:defaultDataset _:dataset .
  _:dataset a sd:Dataset ;
    sd:defaultGraph _:default ;
    sd:namedGraph _:ontology .
  _:default a sd:Graph ;
    rdfs:comment "The facts view (plain triples the sources establish) and the claims, described: propositions, evidence, sources." .
  _:ontology a sd:NamedGraph ;
    sd:name <${ONTOLOGY_GRAPH}> .
} WHERE {}`;
}
