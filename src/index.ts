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
export { openGraph, KasperskyGraph, type RemoteOptions, type EmbeddedOptions } from './graph.js';
export type { QueryTarget, Solution } from './query/target.js';
export { QueryError } from './query/target.js';
export { QueryLimitError, type QueryLimits } from './query/isolated.js';
export { QueryTextError } from './query/guard.js';
export { ParameterError, termToSparql, valuesBlock, bindQuery, iriParam, stringParam, dateParam, type Bindings } from './query/terms.js';
export { defineHelper, runHelper, type Helper, type ParamsOf, type ResultOf, type Row } from './helpers/define.js';
export type { HelperMethods } from './helpers/methods.js';
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

// Remote endpoints: the error every remote failure is, and the target itself (for `new KasperskyGraph(target)`).
export { RemoteQueryError, RemoteTarget, ACCEPT_RESULTS, ACCEPT_GRAPH, type RemoteErrorCode, type RemoteTargetOptions } from './query/remote.js';
// Validation (SHACL shapes and hygiene queries, as `kaspersky-kg validate` runs them), loaded on first use.
export type { ValidationReport, ValidateOptions, ShaclViolation, HygieneFailure, InputWarning, TextProblem } from './validate/index.js';
/**
 * Validates data files (default: the package's data) against the SHACL shapes and the hygiene queries, as
 * `kaspersky-kg validate` does. The validator, the SPARQL engine and the SHACL engine load on first call.
 */
export async function validateData(options?: import('./validate/index.js').ValidateOptions): Promise<import('./validate/index.js').ValidationReport> {
  return (await import('./validate/index.js')).validateData(options);
}
// Exporters: every format of `kaspersky-kg export` (the N-Quads writer is `toNQuads` above). Each module
// is light; jsonld.js loads only for canonicalHash.
export { toJsonLd, toJsonLdObject, toExpandedJsonLd, toExpandedJsonLdObject, type JsonLdOptions } from './export/jsonld.js';
export { toEntityDocuments, toJsonLines, entityFileName, type EntityDocument } from './export/entities.js';
export { toTurtle, toTriG, type TurtleOptions } from './export/turtle.js';
export { toNTriples } from './export/lines.js';
export { toRdfXml } from './export/rdfxml.js';
export { toCsv, type CsvTables } from './export/csv.js';
export { toVoid } from './export/void.js';
export { canonicalNQuads, canonicalHash } from './export/canonical.js';
export { renderExport, renderFormat, EXPORT_FORMATS, type ExportFormat, type ExportFile, type RenderOptions } from './export/release.js';
export { writeExportFiles } from './export/write.js';
export { CONTEXT_IRI, CONTEXT_V1_IRI, staticDocumentLoader } from './export/context.js';
export { fromJsonLd, loadJsonLd, fromTurtle, fromTriG, fromNTriples, fromNQuads, importFile, IMPORT_EXTENSIONS, type ImportOptions, type ImportInput, type ImportWarning } from './export/import.js';
