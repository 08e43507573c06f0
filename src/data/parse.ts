/**
 * Parsing of the package's RDF sources (Turtle and TriG) with n3, with errors that say which file and line.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Quad } from 'n3';

// n3's parser is loaded on first use, not when the package is imported.
const requireFromHere = createRequire(import.meta.url);
let ParserClass: typeof import('n3').Parser | undefined;

/** An RDF syntax error located in a file: `file:line: message`. */
export class RdfSyntaxError extends Error {
  /** The file that failed to parse. */
  readonly file: string;
  /** The 1-based line of the error, when the parser reports one. */
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, detail: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'RdfSyntaxError';
    this.file = file;
    this.line = line;
  }
}

/** The RDF syntaxes the package reads from its own files. */
export type SourceFormat = 'Turtle' | 'TriG' | 'N-Triples' | 'N-Quads';

/** Picks the syntax from a file name (`.ttl`, `.trig`, `.nt`, `.nq`). */
export function formatOf(file: string): SourceFormat {
  if (file.endsWith('.trig')) return 'TriG';
  if (file.endsWith('.nq')) return 'N-Quads';
  if (file.endsWith('.nt')) return 'N-Triples';
  if (file.endsWith('.ttl')) return 'Turtle';
  throw new Error(`${file}: unknown RDF file extension (expected .ttl, .trig, .nt or .nq)`);
}

/**
 * Parses RDF text; a syntax error is rethrown as {@link RdfSyntaxError} naming `label` and the line.
 * Blank nodes keep their document labels prefixed by `blankPrefix` so that two files never share one.
 */
export function parseRdf(text: string, label: string, format: SourceFormat = formatOf(label)): Quad[] {
  ParserClass ??= (requireFromHere('n3') as typeof import('n3')).Parser;
  const parser = new ParserClass({ format, blankNodePrefix: '' });
  try {
    return parser.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const context = (error as { context?: { line?: number } }).context;
    const line = context?.line ?? Number(/line (\d+)/.exec(message)?.[1] ?? Number.NaN);
    throw new RdfSyntaxError(label, Number.isFinite(line) ? line : undefined, message);
  }
}

/** Reads and parses one RDF file (syntax from its extension). */
export function parseRdfFile(file: string): Quad[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
  if (text.includes('\uFFFD')) {
    const before = text.slice(0, text.indexOf('\uFFFD'));
    throw new RdfSyntaxError(file, before.split('\n').length, 'not valid UTF-8 (replacement character found)');
  }
  return parseRdf(text, file);
}
