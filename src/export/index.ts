/**
 * Exports for researchers, in memory: JSON-LD (compacted with the package context, expanded, per entity),
 * Turtle, TriG, N-Triples, N-Quads, RDF/XML, CSV, the VoID/DCAT description and the RDFC-1.0 hash; and the
 * matching importers (file:line errors, UTF-8 only, no network). `renderExport` gives every file of a
 * release; `writeDirectoryAtomic` / `writeExportFiles` put them on disk.
 * @module
 */
export { CONTEXT_IRI, CONTEXT_V1_IRI, ContextPruner, contextFile, contextV1File, embeddedContext, packageContext, staticDocumentLoader, RemoteDocumentRefusedError, type ContextDefinition, type RemoteDocument } from './context.js';
export { exportShapes, exportShapesText, subclassClosure } from './shapes.js';
export { Compactor, type PredicatePlan, type ValueShape } from './compactor.js';
export { toJsonLd, toJsonLdObject, toExpandedJsonLd, toExpandedJsonLdObject, compactGraphs, type JsonLdOptions, type JsonObject, type CompactedGraphs } from './jsonld.js';
export { toEntityDocuments, toJsonLines, entityFileName, type EntityDocument } from './entities.js';
export { toTurtle, toTriG, type TurtleOptions } from './turtle.js';
export { toNTriples, toNQuads } from './lines.js';
export { toRdfXml } from './rdfxml.js';
export { toCsv, statementRows, CSV_MULTI_SEPARATOR, STATEMENT_COLUMNS, type CsvTables } from './csv.js';
export { toVoid, describeDataset, datasetIris, DATA_LICENSE, VOID_PREFIXES, type VoidOptions, type DescribedFile } from './void.js';
export { canonicalNQuads, canonicalHash, sha256 } from './canonical.js';
export { modelView, type ModelView, type NodeKind, type ClaimInfo, type PropositionInfo, type EvidenceInfo } from '../model/view.js';
export { renderExport, renderFormat, modelCounts, checksumList, packageVersion, EXPORT_FORMATS, type ExportFormat, type ExportFile, type RenderOptions } from './release.js';
export { writeExportFiles, writeDirectoryAtomic, type OutputFile } from './write.js';
export { fromJsonLd, loadJsonLd, fromTurtle, fromTriG, fromNTriples, fromNQuads, importFile, decodeUtf8, remoteReferences, IMPORT_EXTENSIONS, type ImportOptions, type ImportInput } from './import.js';
export { runExportCommand, EXPORT_HELP, type CommandIo } from './cli.js';
