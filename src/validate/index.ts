/**
 * Validation of the package's data (or of other files following the same model): SHACL shapes,
 * hygiene SPARQL checks, ill-typed literals with file and line, and syntax errors with file and line.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Quad } from 'n3';
import { decodeUtf8, literalProblems, parseRdf, parseRdfFile, RdfSyntaxError, type SourceFormat, type TextProblem } from '../data/parse.js';
import { assembleDataset, compiledDatasetParts, toNQuads, type DatasetParts } from '../data/dataset.js';
import { compileClaims, licensingConcepts } from '../data/materialise.js';
import { compiledDatasetFile, dataFiles, ontologyFiles, shapesFile } from '../data/paths.js';
import { EmbeddedTarget, loadOxigraph } from '../query/embedded.js';
import { lineColumn } from '../data/parse.js';
import { literalProblem } from '../rdf/wellformed.js';
import { mergedGraph, validateShacl, type ShaclViolation } from './shacl.js';
import { runHygiene, type HygieneFailure } from './hygiene.js';

export type { ShaclViolation } from './shacl.js';
export type { HygieneFailure } from './hygiene.js';
export type { TextProblem } from '../data/parse.js';

/** A warning about an input file: something its format's own algorithm drops, or a file with no triple. */
export interface InputWarning {
  /** The file. */
  file: string;
  /** The whole warning on one line (`file:line: column c: at /pointer: message`). */
  text: string;
}

/** The outcome of {@link validateData}. */
export interface ValidationReport {
  /** True when there is no SHACL violation, no hygiene failure and no ill-typed literal. */
  conforms: boolean;
  /** SHACL violations (shapes in `ontology/shapes.ttl`). */
  shacl: ShaclViolation[];
  /** Hygiene failures (`queries/hygiene/*.rq`). */
  hygiene: HygieneFailure[];
  /** Ill-typed literals (`"2024-13-45"^^xsd:date`, a non-numeric `xsd:integer`, …) with file and line. */
  literals: TextProblem[];
  /** Warnings about the input files (what JSON-LD drops, an empty file); errors instead with `strict`. */
  warnings: InputWarning[];
}

/**
 * Options of {@link validateData}: which files to check (defaults: the package's own authoring files, or,
 * in an installed package that has none, its compiled dataset).
 */
export interface ValidateOptions {
  /** Data files (TriG, Turtle, N-Triples, N-Quads or JSON-LD, by extension). */
  data?: readonly string[];
  /** Ontology files. */
  ontology?: readonly string[];
  /** Shapes file. */
  shapes?: string;
  /** Make every input warning (data a format drops, an empty file) an error that stops validation. */
  strict?: boolean;
  /** Receives a line per phase (parsing each file, SHACL, each hygiene check) as it starts. */
  onProgress?: (message: string) => void;
}

const FORMATS: Readonly<Record<string, SourceFormat | 'JSON-LD'>> = {
  '.ttl': 'Turtle', '.trig': 'TriG', '.nt': 'N-Triples', '.nq': 'N-Quads', '.jsonld': 'JSON-LD', '.json': 'JSON-LD',
};

/** Reads one data file: quads, ill-typed literals with their lines, warnings. */
async function readDataFile(file: string, options: ValidateOptions, warnings: InputWarning[]): Promise<{ quads: Quad[]; literals: TextProblem[] }> {
  const ext = /\.[^./\\]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
  const format = FORMATS[ext];
  if (!format) throw new Error(`${file}: unknown file extension ${JSON.stringify(ext)} (expected one of ${Object.keys(FORMATS).join(', ')})`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
  const text = decodeUtf8(bytes, file);
  let quads: Quad[];
  let literals: TextProblem[];
  if (format === 'JSON-LD') {
    const { fromJsonLd } = await import('../export/import.js');
    quads = fromJsonLd(text, { file, strict: options.strict ?? false, onWarning: (w) => warnings.push({ file, text: w.text }) });
    literals = [];
    for (const q of quads) {
      const o = q.object;
      const problem = o.termType === 'Literal' && !o.language ? literalProblem(o.value, o.datatype.value) : undefined;
      if (!problem) continue;
      const i = text.indexOf(JSON.stringify(o.value));
      const at = i >= 0 ? lineColumn(text, i) : { line: 1, column: 1 };
      literals.push({ file, line: at.line, column: at.column, message: problem });
    }
  } else {
    quads = parseRdf(text, file, format);
    literals = literalProblems(text, file, quads, format);
  }
  if (quads.length === 0) {
    const message = `${file}: holds no triple`;
    if (options.strict) throw new RdfSyntaxError(file, undefined, 'holds no triple (strict mode)');
    warnings.push({ file, text: message });
  }
  return { quads, literals };
}

/**
 * Validates data files: parses them (a syntax error throws `RdfSyntaxError` with file and line), compiles
 * them into the published model, runs the SHACL shapes on the compiled data (ontology, claims, evidence,
 * propositions and facts view) and every hygiene query on the assembled dataset, and returns all problems
 * found, ill-typed literals (with file and line) included.
 */
export async function validateData(options: ValidateOptions = {}): Promise<ValidationReport> {
  const progress = options.onProgress ?? (() => {});
  const data = options.data ?? dataFiles;
  const warnings: InputWarning[] = [];
  const literals: TextProblem[] = [];
  let parts: Pick<DatasetParts, 'ontology' | 'claims' | 'facts'>;
  // An installed package ships the compiled dataset, not the authoring files: validate what it ships.
  if (data.length === 0 && !options.ontology && existsSync(compiledDatasetFile)) {
    progress(`parsing ${compiledDatasetFile}`);
    parts = compiledDatasetParts();
  } else {
    const ontology = (options.ontology ?? ontologyFiles).filter(existsSync).flatMap((f) => parseRdfFile(f));
    const quads: Quad[] = [];
    for (const [i, file] of data.entries()) {
      progress(`parsing ${file} (${i + 1}/${data.length})`);
      const r = await readDataFile(file, options, warnings);
      for (const q of r.quads) quads.push(q);
      literals.push(...r.literals);
    }
    progress(`compiling claims and facts (${quads.length} triples)`);
    const { descriptions, facts } = compileClaims(quads, licensingConcepts(ontology));
    parts = { ontology, claims: descriptions, facts };
  }
  const shapes = parseRdfFile(options.shapes ?? shapesFile);
  progress('SHACL: checking the shapes');
  const shacl = await validateShacl(shapes, mergedGraph(parts.ontology, parts.claims, parts.facts));
  progress('hygiene: loading the dataset');
  const target = new EmbeddedTarget(await loadOxigraph(toNQuads(assembleDataset(parts))));
  // A line per batch of hygiene checks.
  const batch = 7;
  const hygiene = await runHygiene(target, undefined, (_check, i, n) => {
    if ((i - 1) % batch === 0) progress(`hygiene: checks ${i}-${Math.min(n, i + batch - 1)} of ${n}`);
  });
  return { conforms: shacl.length === 0 && hygiene.length === 0 && literals.length === 0, shacl, hygiene, literals, warnings };
}

/** Formats a report for people: one line per problem. */
export function formatReport(report: ValidationReport): string {
  const lines = [
    ...(report.literals ?? []).map((l) => `${l.file}:${l.line}: column ${l.column}: ill-typed literal: ${l.message}`),
    ...report.shacl.map((v) => `SHACL ${v.severity}: ${v.focusNode}${v.path ? ` ${v.path}` : ''}${v.value !== undefined ? ` = ${JSON.stringify(v.value)}` : ''}: ${v.message}`),
    ...report.hygiene.map((h) => `hygiene ${h.check}: ${h.focus}: ${h.detail} (${h.description})`),
  ];
  return lines.length ? lines.join('\n') : 'valid: no SHACL violation, no hygiene failure';
}
