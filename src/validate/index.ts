/**
 * Validation of the package's data (or of other files following the same model): SHACL shapes,
 * hygiene SPARQL checks, and syntax errors with file and line.
 * @module
 */
import { parseRdfFile } from '../data/parse.js';
import { assembleDataset, buildDatasetParts, compiledDatasetParts, toNQuads } from '../data/dataset.js';
import { compiledDatasetFile, dataFiles, ontologyFiles, shapesFile } from '../data/paths.js';
import { existsSync } from 'node:fs';
import { EmbeddedTarget, loadOxigraph } from '../query/embedded.js';
import { mergedGraph, validateShacl, type ShaclViolation } from './shacl.js';
import { runHygiene, type HygieneFailure } from './hygiene.js';

export type { ShaclViolation } from './shacl.js';
export type { HygieneFailure } from './hygiene.js';

/** The outcome of {@link validateData}. */
export interface ValidationReport {
  /** True when there is no SHACL violation and no hygiene failure. */
  conforms: boolean;
  /** SHACL violations (shapes in `ontology/shapes.ttl`). */
  shacl: ShaclViolation[];
  /** Hygiene failures (`queries/hygiene/*.rq`). */
  hygiene: HygieneFailure[];
}

/**
 * Options of {@link validateData}: which files to check (defaults: the package's own authoring files, or,
 * in an installed package that has none, its compiled dataset).
 */
export interface ValidateOptions {
  /** Data files (TriG/Turtle). */
  data?: readonly string[];
  /** Ontology files. */
  ontology?: readonly string[];
  /** Shapes file. */
  shapes?: string;
}

/**
 * Validates data files: parses them (a syntax error throws `RdfSyntaxError` with file and line), compiles
 * them into the published model, runs the SHACL shapes on the compiled data (ontology, claims, evidence,
 * propositions and facts view) and every hygiene query on the assembled dataset, and returns all problems found.
 */
export async function validateData(options: ValidateOptions = {}): Promise<ValidationReport> {
  const data = options.data ?? dataFiles;
  // An installed package ships the compiled dataset, not the authoring files: validate what it ships.
  const parts = data.length === 0 && !options.ontology && existsSync(compiledDatasetFile)
    ? compiledDatasetParts()
    : buildDatasetParts({ data, ontology: options.ontology ?? ontologyFiles });
  const shapes = parseRdfFile(options.shapes ?? shapesFile);
  const shacl = await validateShacl(shapes, mergedGraph(parts.ontology, parts.claims, parts.facts));
  const target = new EmbeddedTarget(await loadOxigraph(toNQuads(assembleDataset(parts))));
  const hygiene = await runHygiene(target);
  return { conforms: shacl.length === 0 && hygiene.length === 0, shacl, hygiene };
}

/** Formats a report for people: one line per problem. */
export function formatReport(report: ValidationReport): string {
  const lines = [
    ...report.shacl.map((v) => `SHACL ${v.severity}: ${v.focusNode}${v.path ? ` ${v.path}` : ''}${v.value !== undefined ? ` = ${JSON.stringify(v.value)}` : ''}: ${v.message}`),
    ...report.hygiene.map((h) => `hygiene ${h.check}: ${h.focus}: ${h.detail} (${h.description})`),
  ];
  return lines.length ? lines.join('\n') : 'valid: no SHACL violation, no hygiene failure';
}
