/**
 * kaspersky-kg: a sourced knowledge graph of the 2017–2024 US actions against Kaspersky.
 *
 * ```ts
 * import { openGraph, id } from 'kaspersky-kg';
 * const kg = await openGraph();                       // embedded (Oxigraph), loaded lazily
 * const people = await kg.sanctionedPeople();         // typed rows
 * const remote = await openGraph({ endpoint: 'http://127.0.0.1:8890/sparql', graph: 'https://w3id.org/kaspersky-kg/graph/facts' });
 * ```
 * @module
 */
export { openGraph, KasperskyGraph, type RemoteOptions } from './graph.js';
export type { QueryTarget, Solution } from './query/target.js';
export { QueryError } from './query/target.js';
export { ParameterError, termToSparql, valuesBlock, bindQuery, iriParam, stringParam, dateParam, type Bindings } from './query/terms.js';
export { defineHelper, runHelper, type Helper } from './helpers/define.js';
export * as helpers from './helpers/queries.js';
export type * from './helpers/types.js';
export { kg, KG_NAMESPACE, termLabel, termKind } from './generated/vocab.js';
export type { KgClassName, KgObjectPropertyName, KgDatatypePropertyName, ModalityName, VerificationName, EventStatusName } from './generated/vocab.js';
export { BASE, KG, ID, CLAIM, ONTOLOGY, ONTOLOGY_GRAPH, FACTS_GRAPH, PREFIXES, SPARQL_PROLOGUE } from './namespaces.js';
export { RdfSyntaxError, parseRdf, parseRdfFile } from './data/parse.js';
export { buildDatasetParts, assembleDataset, datasetNQuads, toNQuads, type DatasetParts } from './data/dataset.js';
export { claimStandings, materialiseFacts, licensingConcepts, type ClaimStanding } from './data/materialise.js';

/** Builds an instance IRI of the package (`id('person/eugene-kaspersky')`). */
export function id(path: string): string {
  return `https://w3id.org/kaspersky-kg/id/${path}`;
}
