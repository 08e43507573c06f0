/**
 * Parsing of RDF text (Turtle, TriG, N-Triples, N-Quads) with n3, strictly: the bytes must be UTF-8, and a
 * term that cannot be written in RDF (a relative IRI with no base, a character IRIs may not hold, a
 * malformed language tag) is refused rather than kept or dropped. Every error says which file, line and
 * column.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Quad } from 'n3';
import { literalProblem, termProblem } from '../rdf/wellformed.js';
import { invalidUtf8Offset } from '../io/utf8.js';

// n3's parser is loaded on first use, not when the package is imported.
const requireFromHere = createRequire(import.meta.url);
let ParserClass: typeof import('n3').Parser | undefined;

/** Longest first line of an error message. */
const MAX_FIRST_LINE = 300;

/** An RDF syntax error located in a file: `file:line: message` (the first line at most 300 characters). */
export class RdfSyntaxError extends Error {
  /** The file that failed to parse. */
  readonly file: string;
  /** The 1-based line of the error, when the parser reports one. */
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, detail: string) {
    const head = `${file}${line === undefined ? '' : `:${line}`}: `;
    const [first = '', ...rest] = detail.split('\n');
    const room = Math.max(40, MAX_FIRST_LINE - head.length);
    const firstLine = head + (first.length > room ? `${first.slice(0, room - 1)}…` : first);
    super([firstLine.length > MAX_FIRST_LINE ? `${firstLine.slice(0, MAX_FIRST_LINE - 1)}…` : firstLine, ...rest].join('\n'));
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

/** The 1-based line and column of a character offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Decodes UTF-8 bytes strictly (a UTF-8 byte order mark is dropped). Invalid UTF-8, UTF-16 text and NUL
 * bytes are refused with an {@link RdfSyntaxError} giving the line, column and byte offset; text is never
 * decoded with replacement characters. A string is taken as already decoded (its BOM dropped).
 */
export function decodeUtf8(input: string | Uint8Array, file: string): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const b = input;
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    throw new RdfSyntaxError(file, 1, 'column 1 (byte 0): the text is UTF-16 (byte order mark); the package reads UTF-8 only');
  }
  const bad = invalidUtf8Offset(b);
  const nul = b.indexOf(0);
  const at = bad === -1 ? nul : nul === -1 ? bad : Math.min(bad, nul);
  if (at !== -1) {
    const before = new TextDecoder('utf-8').decode(b.subarray(0, at));
    const { line, column } = lineColumn(before, before.length);
    const what = b[at] === 0 ? 'a NUL byte (UTF-16 or binary data?)' : `byte 0x${b[at]!.toString(16).padStart(2, '0')}, which is not valid UTF-8`;
    throw new RdfSyntaxError(file, line, `column ${column} (byte ${at}): ${what}; the package reads UTF-8 only`);
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Options of {@link parseRdf}. */
export interface ParseOptions {
  /** Base IRI that relative IRIs resolve against (default: none, and a relative IRI is an error). */
  base?: string;
}

/** One problem found at a place in a text. */
export interface TextProblem {
  /** The file (label) of the text. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** What is wrong. */
  message: string;
}

/** An n3 token: `start` is the 0-based column on its line. */
type N3Token = { type: string; value: string; line: number; start?: number; prefix?: string };

function newParser(format: SourceFormat, options: ParseOptions): import('n3').Parser {
  ParserClass ??= (requireFromHere('n3') as typeof import('n3')).Parser;
  return new ParserClass({ format, blankNodePrefix: '', ...(options.base !== undefined ? { baseIRI: options.base } : {}) });
}

function syntaxError(error: unknown, text: string, label: string): RdfSyntaxError {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  const context = (error as { context?: { line?: number; token?: N3Token } }).context;
  const line = context?.line ?? Number(/line (\d+)/.exec(message)?.[1] ?? Number.NaN);
  const start = context?.token?.start;
  let column = typeof start === 'number' ? `column ${start + 1}: ` : '';
  // Lexer errors name the text they stopped at: find it on its line.
  const issue = /^Unexpected "(.*)" on line \d+\.$/.exec(message)?.[1];
  if (!column && issue && Number.isFinite(line)) {
    const lineText = text.split('\n')[line - 1] ?? '';
    const i = lineText.indexOf(issue);
    if (i >= 0) column = `column ${i + 1}: `;
  }
  return new RdfSyntaxError(label, Number.isFinite(line) ? line : undefined, `${column}${message}`);
}

/** Problems of a quad's terms: the first term that cannot be written in RDF, with the term's value. */
function quadTermProblem(q: Quad, seen: Set<string>): { value: string; problem: string } | undefined {
  for (const t of [q.subject, q.predicate, q.object, q.graph]) {
    if (t.termType !== 'NamedNode' && t.termType !== 'Literal') continue;
    const key = t.termType === 'Literal' ? `"${t.language}^${t.datatype.value}` : t.value;
    if (seen.has(key)) continue;
    const problem = typeof t.value === 'string' ? termProblem(t) : 'an empty relative IRI <> (no base to resolve it against)';
    if (problem) return { value: t.termType === 'Literal' ? (t.language || t.datatype.value) : String(t.value ?? ''), problem };
    seen.add(key);
  }
  return undefined;
}

/**
 * Parses again with token positions and returns where `check` first finds problems (at most `limit`).
 * Each problem is placed at the token whose value it names, or else at the token that ended the statement.
 */
function locate(text: string, label: string, format: SourceFormat, options: ParseOptions, check: (q: Quad) => { value: string; problem: string } | undefined, limit: number): TextProblem[] {
  const recent: N3Token[] = [];
  const found: TextProblem[] = [];
  const place = (value: string): N3Token | undefined => {
    for (let i = recent.length - 1; i >= 0; i--) {
      const t = recent[i]!;
      if (t.value === value || (t.value !== '' && (t.type === 'prefixed' || t.type === 'IRI' || t.type === 'typeIRI') && value.endsWith(t.value))) return t;
    }
    return recent[recent.length - 1];
  };
  ParserClass ??= (requireFromHere('n3') as typeof import('n3')).Parser;
  const { DataFactory } = requireFromHere('n3') as typeof import('n3');
  // The factory sees each quad as it is made, while the last tokens read are still at hand.
  const factory = {
    ...DataFactory,
    quad: (s: Quad['subject'], p: Quad['predicate'], o: Quad['object'], g?: Quad['graph']): Quad => {
      const q = DataFactory.quad(s, p, o, g);
      if (found.length < limit) {
        const problem = check(q);
        if (problem) {
          const t = place(problem.value);
          const at = { line: t?.line ?? 1, column: (t?.start ?? 0) + 1 };
          found.push({ file: label, line: at.line, column: at.column, message: problem.problem });
        }
      }
      return q;
    },
  };
  try {
    new ParserClass({ format, blankNodePrefix: '', factory, ...(options.base !== undefined ? { baseIRI: options.base } : {}) } as never).parse(text, {
      onToken: (t: N3Token) => {
        recent.push(t);
        if (recent.length > 64) recent.shift();
      },
    } as never);
  } catch {
    // The first parse succeeded; positions are best effort.
  }
  return found;
}

/**
 * Parses RDF text; a syntax error is rethrown as {@link RdfSyntaxError} naming `label`, the line and the
 * column, and so is a term that cannot be written in RDF (relative IRI with no base, a character IRIs may
 * not hold, a malformed language tag): nothing is kept or dropped silently. Blank nodes keep their labels.
 */
export function parseRdf(text: string, label: string, format: SourceFormat = formatOf(label), options: ParseOptions = {}): Quad[] {
  let quads: Quad[];
  try {
    quads = newParser(format, options).parse(text);
  } catch (error) {
    throw syntaxError(error, text, label);
  }
  const seen = new Set<string>();
  for (const q of quads) {
    const p = quadTermProblem(q, seen);
    if (!p) continue;
    const [at] = locate(text, label, format, options, (x) => quadTermProblem(x, new Set()), 1);
    throw new RdfSyntaxError(label, at?.line, `${at ? `column ${at.column}: ` : ''}${p.problem}`);
  }
  return quads;
}

/**
 * The ill-typed literals of a text (a lexical form outside its XSD datatype, e.g. `"2024-13-45"^^xsd:date`),
 * with file, line and column, at most `limit`. The text must parse (see {@link parseRdf}).
 */
export function literalProblems(text: string, label: string, quads: readonly Quad[], format: SourceFormat = formatOf(label), options: ParseOptions = {}, limit = 100): TextProblem[] {
  const check = (q: Quad): { value: string; problem: string } | undefined => {
    const o = q.object;
    if (o.termType !== 'Literal' || o.language) return undefined;
    const problem = literalProblem(o.value, o.datatype.value);
    return problem ? { value: o.value, problem } : undefined;
  };
  if (!quads.some((q) => check(q) !== undefined)) return [];
  return locate(text, label, format, options, check, limit);
}

/** Reads and parses one RDF file (syntax from its extension; bytes must be UTF-8). */
export function parseRdfFile(file: string, options: ParseOptions = {}): Quad[] {
  const format = formatOf(file);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
  return parseRdf(decodeUtf8(bytes, file), file, format, options);
}
