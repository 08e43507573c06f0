/**
 * Importers for the formats the package exports: Turtle, TriG, N-Triples, N-Quads (n3) and JSON-LD
 * (Oxigraph's JSON-LD 1.1 parser, with the package context served from the package). Every error names
 * the file and the line (and column where known); bytes must be UTF-8. Nothing is ever fetched: a JSON-LD
 * document that refers to any remote context other than the package's own is refused, naming the IRI.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DataFactory, type Quad } from 'n3';
import { decodeUtf8, lineColumn, parseRdf, RdfSyntaxError, type SourceFormat } from '../data/parse.js';
import { fromNQuads as readNQuads } from '../data/nquads.js';
import { checkJsonLd, jsonDepthProblem, jsonPointerOffset, MAX_JSON_DEPTH, type JsonLdFinding } from '../rdf/jsonld-check.js';
import { termProblem } from '../rdf/wellformed.js';

export { decodeUtf8, lineColumn } from '../data/parse.js';
import { fromOxigraph } from '../query/oxigraph-terms.js';
import { CONTEXT_IRI, CONTEXT_V1_IRI, contextV1DocumentText, packageContext, RemoteDocumentRefusedError } from './context.js';

type Oxigraph = typeof import('oxigraph');
let ox: Oxigraph | undefined;
/** Oxigraph, loaded on first use (synchronously; it is a CommonJS module). */
function oxigraph(): Oxigraph {
  ox ??= createRequire(import.meta.url)('oxigraph') as Oxigraph;
  return ox;
}

/** Options of the importers. */
export interface ImportOptions {
  /** The file name used in error messages (default: the format name). */
  file?: string;
  /** Base IRI for relative IRIs (default: none; a relative IRI is an error in every format). */
  base?: string;
  /**
   * JSON-LD: make every warning (something the JSON-LD algorithm drops: a key that maps to no IRI, a
   * free-floating scalar, …) an error. Default false.
   */
  strict?: boolean;
  /**
   * JSON-LD: receives each warning (what is dropped, with its JSON pointer). Default: each is emitted as a
   * Node.js process warning (printed on stderr), so that nothing is dropped without a word.
   */
  onWarning?: (warning: ImportWarning) => void;
}

/** Something a reader dropped because the format's own algorithm drops it (JSON-LD expansion). */
export interface ImportWarning {
  /** The file (or label) read. */
  file: string;
  /** JSON pointer (RFC 6901) of what is dropped. */
  pointer: string;
  /** 1-based line and column of that place in the text. */
  line: number | undefined;
  column: number | undefined;
  /** What is dropped and why. */
  message: string;
  /** The whole warning on one line: `file:line: column c: at /pointer: message`. */
  text: string;
}

/** Input of the importers: text, or bytes that must be UTF-8. */
export type ImportInput = string | Uint8Array;

function rdf(input: ImportInput, options: ImportOptions, format: SourceFormat): Quad[] {
  const file = options.file ?? format;
  const text = decodeUtf8(input, file);
  return parseRdf(text, file, format, options.base === undefined ? {} : { base: options.base });
}

/** Parses Turtle (errors: {@link RdfSyntaxError} with file and line). */
export function fromTurtle(input: ImportInput, options: ImportOptions = {}): Quad[] {
  return rdf(input, options, 'Turtle');
}
/** Parses TriG (errors: {@link RdfSyntaxError} with file and line). */
export function fromTriG(input: ImportInput, options: ImportOptions = {}): Quad[] {
  return rdf(input, options, 'TriG');
}
/** Parses N-Triples (errors: {@link RdfSyntaxError} with file and line). */
export function fromNTriples(input: ImportInput, options: ImportOptions = {}): Quad[] {
  return rdf(input, { ...options, base: undefined }, 'N-Triples');
}
/**
 * Parses N-Quads with the package's one N-Quads reader (`data/nquads.ts`; errors: {@link RdfSyntaxError}
 * with file and line). A label string may stand for `options`.
 */
export function fromNQuads(input: ImportInput, options: ImportOptions | string = {}): Quad[] {
  const file = (typeof options === 'string' ? options : options.file) ?? 'N-Quads';
  return readNQuads(decodeUtf8(input, file), file);
}

// ---------------------------------------------------------------------------------------------- JSON-LD

const CONTEXT_KEY = /"@(context|import)"\s*:\s*/g;
const PACKAGE_CONTEXT_STRING = JSON.stringify(CONTEXT_IRI);

/** End offset (exclusive) of the JSON value starting at `i` (string, array, object or scalar). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  if (c === '[' || c === '{') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text[j];
      if (d === '"') j = skipValue(text, j) - 1;
      else if (d === '[' || d === '{') depth++;
      else if (d === ']' || d === '}') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  const m = /^[^,\]}\s]*/.exec(text.slice(i, i + 64));
  return i + (m ? m[0].length : 0);
}

/**
 * Replaces every reference to the package context IRI in a `@context` value by the context itself (text
 * splices, so the document is not re-serialised). `@import` of the package IRI needs the slow path.
 */
function inlinePackageContext(text: string): { text: string; needsTree: boolean } {
  if (!text.includes(CONTEXT_IRI)) return { text, needsTree: false };
  const inline = JSON.stringify(packageContext());
  const parts: string[] = [];
  let last = 0;
  let needsTree = false;
  CONTEXT_KEY.lastIndex = 0;
  for (let m = CONTEXT_KEY.exec(text); m; m = CONTEXT_KEY.exec(text)) {
    // A key token starts with an unescaped quote.
    let bs = 0;
    for (let k = m.index - 1; k >= 0 && text[k] === '\\'; k--) bs++;
    if (bs % 2 === 1) continue;
    const start = m.index + m[0].length;
    const end = skipValue(text, start);
    const value = text.slice(start, end);
    if (!value.includes(CONTEXT_IRI)) continue;
    if (m[1] === 'import') {
      needsTree = true;
      continue;
    }
    if (value === PACKAGE_CONTEXT_STRING) {
      parts.push(text.slice(last, start), inline);
      last = end;
    } else if (value.startsWith('[')) {
      let j = start + 1;
      for (;;) {
        while (/\s|,/.test(text[j] ?? '')) j++;
        if (j >= end - 1) break;
        const e = skipValue(text, j);
        if (text.slice(j, e) === PACKAGE_CONTEXT_STRING) {
          parts.push(text.slice(last, j), inline);
          last = e;
        }
        j = e;
      }
    }
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), needsTree };
}

/** Slow path: resolves the package contexts (v2, and the frozen v1; also under `@import`) in the parsed document tree. */
function inlineInTree(doc: unknown): unknown {
  const contexts = new Map<unknown, unknown>([
    [CONTEXT_IRI, packageContext()],
    [CONTEXT_V1_IRI, (JSON.parse(contextV1DocumentText()) as { '@context': unknown })['@context']],
  ]);
  const walk = (v: unknown, inContext: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, inContext));
    if (typeof v === 'string') return inContext && contexts.has(v) ? contexts.get(v) : v;
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === '@import' && contexts.has(x) && inContext) Object.assign(out, contexts.get(x), { ...out });
      else out[k] = walk(x, k === '@context');
    }
    return out;
  };
  return walk(doc, false);
}

/** Every remote document a JSON-LD document refers to (`@context` strings and `@import`s), in document order. */
export function remoteReferences(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, inContext: boolean): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, inContext));
    else if (typeof v === 'string') {
      if (inContext) out.push(v);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (k === '@import' && typeof x === 'string') out.push(x);
        else walk(x, k === '@context');
      }
    }
  };
  walk(doc, false);
  return out;
}

/** Turns an Oxigraph JSON-LD failure into a located, explicit error. */
function jsonLdError(original: string, error: unknown, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  let doc: unknown;
  try {
    doc = JSON.parse(original);
  } catch (e) {
    const m = (e as Error).message;
    const pos = /end of JSON input/.test(m) ? original.length : Number(/position (\d+)/.exec(m)?.[1] ?? Number.NaN);
    const at = Number.isFinite(pos) ? lineColumn(original, pos) : /line (\d+) column (\d+)/.exec(message);
    if (at && !Array.isArray(at)) return new RdfSyntaxError(file, at.line, `column ${at.column}: invalid JSON: ${(e as Error).message}`);
    if (at) return new RdfSyntaxError(file, Number(at[1]), `column ${at[2]}: invalid JSON: ${message}`);
    return new RdfSyntaxError(file, undefined, `invalid JSON: ${(e as Error).message}`);
  }
  if (/LoadDocumentCallback|remote context/i.test(message)) {
    const remote = remoteReferences(doc).find((iri) => iri !== CONTEXT_IRI && iri !== CONTEXT_V1_IRI);
    if (remote !== undefined) {
      const idx = original.indexOf(JSON.stringify(remote));
      return new RemoteDocumentRefusedError(remote, idx >= 0 ? `${file}:${lineColumn(original, idx).line}` : file);
    }
  }
  const loc = /line (\d+) column (\d+)/.exec(message);
  return new RdfSyntaxError(file, loc ? Number(loc[1]) : undefined, `${loc ? `column ${loc[2]}: ` : ''}invalid JSON-LD: ${message}`);
}

/** A JSON-LD finding as one line: `file:line: column c: at /pointer: message`. */
function findingAt(original: string, file: string, f: JsonLdFinding): { line: number | undefined; column: number | undefined; detail: string } {
  const lastIsKey = /^key |^term /.test(f.message);
  const offset = jsonPointerOffset(original, f.pointer, lastIsKey);
  const at = offset >= 0 ? lineColumn(original, offset) : undefined;
  const where = f.pointer === '' ? 'the document' : f.pointer;
  return { line: at?.line, column: at?.column, detail: `${at ? `column ${at.column}: ` : ''}at ${where}: ${f.message}` };
}

/** Refuses a document with errors, reports (or, strict, refuses) what JSON-LD would drop. */
function judgeJsonLd(original: string, doc: unknown, file: string, options: ImportOptions): void {
  const findings = checkJsonLd(doc, options.base ? { base: options.base } : {});
  const errors = findings.filter((f) => f.level === 'error');
  const warnings = findings.filter((f) => f.level === 'warning');
  const first = errors[0] ?? (options.strict ? warnings[0] : undefined);
  if (first) {
    const { line, detail } = findingAt(original, file, first);
    const more = (options.strict ? findings.length : errors.length) - 1;
    throw new RdfSyntaxError(file, line, `${detail}${errors.length === 0 ? ' (strict mode: dropped data is an error)' : ''}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`);
  }
  for (const w of warnings) {
    const { line, column, detail } = findingAt(original, file, w);
    const text = `${file}${line === undefined ? '' : `:${line}`}: ${detail}`;
    const warning: ImportWarning = { file, pointer: w.pointer, line, column, message: w.message, text };
    if (options.onWarning) options.onWarning(warning);
    else process.emitWarning(text, { code: 'KASPERSKY_KG_JSONLD_DROPPED', type: 'ImportWarning' });
  }
}

/**
 * Prepares JSON-LD text for Oxigraph: decoded, nesting depth bounded, parsed, judged (see
 * {@link checkJsonLd}), the package context inlined.
 */
function prepareJsonLd(input: ImportInput, options: ImportOptions): { original: string; text: string } {
  const file = options.file ?? 'JSON-LD';
  const original = decodeUtf8(input, file);
  const tooDeep = (): never => {
    const at = lineColumn(original, jsonDepthProblem(original));
    throw new RdfSyntaxError(file, at.line, `column ${at.column}: arrays and objects nested deeper than ${MAX_JSON_DEPTH} levels; refused`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(original);
  } catch (error) {
    // Too deep first (nothing recursive sees such text), then Oxigraph's JSON error has the line and column that V8's may lack.
    if (jsonDepthProblem(original) >= 0) tooDeep();
    try {
      oxigraph().parse(original, { format: 'application/ld+json' });
    } catch (located) {
      throw jsonLdError(original, located, file);
    }
    throw jsonLdError(original, error, file);
  }
  // One bounded walk of the tree (V8's JSON.parse is not recursive): nesting depth and remote references.
  const scan = scanTree(doc);
  if (scan.deep) tooDeep();
  let { text, needsTree } = inlinePackageContext(original);
  let tree: unknown;
  // Documents written with the frozen first context (v1) still import: resolved in the tree.
  if (needsTree || scan.v1) {
    tree = inlineInTree(doc);
    text = JSON.stringify(tree);
  } else if (text !== original) tree = JSON.parse(text);
  else tree = doc;
  // A document that names another remote context is refused by the parser, naming it: judge the rest only then.
  if (!scan.foreign) judgeJsonLd(original, tree, file, options);
  return { original, text };
}

/**
 * One walk over a parsed JSON document, stopping below {@link MAX_JSON_DEPTH} levels: whether it nests
 * deeper (`deep`), refers to a remote document other than the package contexts (`foreign`: a `@context`
 * string or an `@import`, as {@link remoteReferences} finds them), or to the frozen context v1 (`v1`).
 */
function scanTree(doc: unknown): { deep: boolean; foreign: boolean; v1: boolean } {
  let deep = false;
  let foreign = false;
  let v1 = false;
  const reference = (iri: string): void => {
    if (iri === CONTEXT_V1_IRI) v1 = true;
    else if (iri !== CONTEXT_IRI) foreign = true;
  };
  const walk = (v: unknown, inContext: boolean, depth: number): void => {
    if (typeof v !== 'object' || v === null) {
      if (inContext && typeof v === 'string') reference(v);
      return;
    }
    if (depth >= MAX_JSON_DEPTH) {
      deep = true;
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && !deep; i++) {
        const x = v[i];
        if (typeof x === 'object' && x !== null) walk(x, inContext, depth + 1);
        else if (inContext && typeof x === 'string') reference(x);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (k === '@import' && typeof x === 'string') reference(x);
      else if (typeof x === 'object' && x !== null) walk(x, k === '@context', depth + 1);
      else if (k === '@context' && typeof x === 'string') reference(x);
      if (deep) return;
    }
  };
  walk(doc, false, 0);
  return { deep, foreign, v1 };
}

/** Refuses quads whose terms cannot be written in RDF (a safety net behind {@link judgeJsonLd}). */
function checkTerms(quads: readonly { subject: { termType: string; value: string }; predicate: { termType: string; value: string }; object: { termType: string; value: string }; graph: { termType: string; value: string } }[], file: string): void {
  const seen = new Set<string>();
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      if (t.termType !== 'NamedNode' && t.termType !== 'Literal') continue;
      const key = t.termType === 'Literal' ? `${(t as { language?: string }).language}^${(t as { datatype?: { value: string } }).datatype?.value}` : t.value;
      if (seen.has(key)) continue;
      seen.add(key);
      const problem = termProblem(t as never);
      if (problem) throw new RdfSyntaxError(file, undefined, problem);
    }
  }
}

/**
 * Loads a JSON-LD document into an Oxigraph store (the fast path: no JS quads are built). The package
 * context may be referenced by its IRI; any other remote context is refused ({@link RemoteDocumentRefusedError}).
 */
export function loadJsonLd(store: import('oxigraph').Store, input: ImportInput, options: ImportOptions = {}): void {
  const file = options.file ?? 'JSON-LD';
  const { original, text } = prepareJsonLd(input, options);
  try {
    store.load(text, { format: 'application/ld+json', ...(options.base ? { base_iri: options.base } : {}) });
  } catch (error) {
    throw jsonLdError(original, error, file);
  }
}

/**
 * Parses a JSON-LD document into RDF/JS quads (named graphs included). The package context may be
 * referenced by its IRI; any other remote context is refused with {@link RemoteDocumentRefusedError}
 * naming the IRI; syntax errors are {@link RdfSyntaxError}s with file, line and column.
 */
export function fromJsonLd(input: ImportInput, options: ImportOptions = {}): Quad[] {
  const file = options.file ?? 'JSON-LD';
  const { original, text } = prepareJsonLd(input, options);
  let parsed: import('oxigraph').Quad[];
  try {
    parsed = oxigraph().parse(text, { format: 'application/ld+json', ...(options.base ? { base_iri: options.base } : {}) });
  } catch (error) {
    throw jsonLdError(original, error, file);
  }
  checkTerms(parsed, file);
  return parsed.map((q) =>
    DataFactory.quad(
      fromOxigraph(q.subject) as Quad['subject'],
      fromOxigraph(q.predicate) as Quad['predicate'],
      fromOxigraph(q.object) as Quad['object'],
      fromOxigraph(q.graph) as Quad['graph'],
    ),
  );
}

/** The formats {@link importFile} reads, by file extension. */
export const IMPORT_EXTENSIONS: Readonly<Record<string, 'Turtle' | 'TriG' | 'N-Triples' | 'N-Quads' | 'JSON-LD'>> = {
  '.ttl': 'Turtle',
  '.trig': 'TriG',
  '.nt': 'N-Triples',
  '.nq': 'N-Quads',
  '.jsonld': 'JSON-LD',
  '.json': 'JSON-LD',
};

/** Reads and parses an RDF or JSON-LD file (format from its extension), with file:line errors. */
export function importFile(file: string, options: Omit<ImportOptions, 'file'> = {}): Quad[] {
  const ext = /\.[^./\\]+$/.exec(file)?.[0]?.toLowerCase() ?? '';
  const format = IMPORT_EXTENSIONS[ext];
  if (!format) throw new Error(`${file}: unknown file extension (expected one of ${Object.keys(IMPORT_EXTENSIONS).join(', ')})`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
  const o = { ...options, file };
  switch (format) {
    case 'Turtle':
      return fromTurtle(bytes, o);
    case 'TriG':
      return fromTriG(bytes, o);
    case 'N-Triples':
      return fromNTriples(bytes, o);
    case 'N-Quads':
      return fromNQuads(bytes, o);
    case 'JSON-LD':
      return fromJsonLd(bytes, o);
  }
}
