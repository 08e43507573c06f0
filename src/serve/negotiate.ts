/**
 * Content negotiation and request classification for the SPARQL endpoint: which query form a text is
 * (SELECT, ASK, CONSTRUCT, DESCRIBE, or an UPDATE to refuse), and which result format to answer with, from
 * the `Accept` header or a `format` parameter (as YASGUI, SPARQLWrapper and curl send them).
 * @module
 */

export { queryForm, type QueryForm } from '../query/form.js';
import type { QueryForm } from '../query/form.js';

/** A result format: the media type sent and the name Oxigraph knows it by. */
export interface ResultFormat {
  /** The response `Content-Type` (with charset for text types). */
  readonly contentType: string;
  /** The media type passed to Oxigraph's `results_format`. */
  readonly engine: string;
  /** Whether the format is for solutions/booleans (`results`) or graphs (`graph`). */
  readonly kind: 'results' | 'graph';
}

const R = (mediaType: string, engine = mediaType): ResultFormat => ({ contentType: `${mediaType}; charset=utf-8`, engine, kind: 'results' });
const G = (mediaType: string, engine = mediaType): ResultFormat => ({ contentType: `${mediaType}; charset=utf-8`, engine, kind: 'graph' });

/**
 * Result formats for SELECT and ASK, by the media types clients ask for (first = default; canonical types
 * before aliases, which are answered under the alias the client asked for).
 */
export const RESULTS_FORMATS: ReadonlyMap<string, ResultFormat> = new Map([
  ['application/sparql-results+json', R('application/sparql-results+json')],
  ['application/sparql-results+xml', R('application/sparql-results+xml')],
  ['text/csv', R('text/csv')],
  ['text/tab-separated-values', R('text/tab-separated-values')],
  ['application/json', R('application/json', 'application/sparql-results+json')],
  ['application/xml', R('application/xml', 'application/sparql-results+xml')],
  ['text/xml', R('text/xml', 'application/sparql-results+xml')],
]);

/** Result formats for CONSTRUCT and DESCRIBE (first = default). JSON-LD is expanded JSON-LD. */
export const GRAPH_FORMATS: ReadonlyMap<string, ResultFormat> = new Map([
  ['text/turtle', G('text/turtle')],
  ['application/n-triples', G('application/n-triples')],
  ['application/ld+json', G('application/ld+json')],
  ['application/rdf+xml', G('application/rdf+xml')],
  ['application/x-turtle', G('application/x-turtle', 'text/turtle')],
  ['text/plain', G('text/plain', 'application/n-triples')],
  ['application/json', G('application/json', 'application/ld+json')],
]);

/**
 * Short names accepted in the `format`, `output` and `results` parameters (`?format=csv`), each with the
 * format it means for SELECT/ASK and for CONSTRUCT/DESCRIBE. The names are those YASGUI, SPARQLWrapper
 * (`xml`, `json`, `turtle`, `n3`, `rdf`, `rdf+xml`, `csv`, `tsv`, `json-ld`) and curl users send.
 */
const FORMAT_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  json: ['application/sparql-results+json', 'application/ld+json'],
  xml: ['application/sparql-results+xml', 'application/rdf+xml'],
  csv: ['text/csv', 'text/turtle'],
  tsv: ['text/tab-separated-values', 'text/turtle'],
  turtle: ['application/sparql-results+json', 'text/turtle'],
  ttl: ['application/sparql-results+json', 'text/turtle'],
  n3: ['application/sparql-results+json', 'text/turtle'],
  ntriples: ['application/sparql-results+json', 'application/n-triples'],
  nt: ['application/sparql-results+json', 'application/n-triples'],
  jsonld: ['application/sparql-results+json', 'application/ld+json'],
  'json-ld': ['application/sparql-results+json', 'application/ld+json'],
  rdf: ['application/sparql-results+xml', 'application/rdf+xml'],
  rdfxml: ['application/sparql-results+xml', 'application/rdf+xml'],
  'rdf+xml': ['application/sparql-results+xml', 'application/rdf+xml'],
};

/** The request parameters that name a result format (SPARQLWrapper sends all three, some twice). */
export const FORMAT_PARAMETERS = ['format', 'output', 'results'] as const;

/** A `format`/`output`/`results` parameter the endpoint cannot honour: unknown (406), unsuitable (406) or conflicting (400). */
export class FormatParameterError extends Error {
  /** The HTTP status to answer with. */
  readonly status: 400 | 406;
  /** Creates the error. */
  constructor(status: 400 | 406, message: string) {
    super(message);
    this.name = 'FormatParameterError';
    this.status = status;
  }
}

/** Media types a SPARQL endpoint might be asked for that no table here holds (for a clearer message). */
function knownAnywhere(type: string): boolean {
  return RESULTS_FORMATS.has(type) || GRAPH_FORMATS.has(type);
}

/**
 * Reads one format parameter value for a form: a short name, a media type, or a comma-separated list of
 * media types (SPARQLWrapper repeats its Accept list there; the first one the table holds is taken).
 */
function formatOfValue(table: ReadonlyMap<string, ResultFormat>, value: string, formName: string): ResultFormat {
  const v = value.trim().toLowerCase();
  const named = FORMAT_NAMES[v];
  if (named) return table.get(named[table === GRAPH_FORMATS ? 1 : 0])!;
  const types = v.split(',').map((t) => t.split(';')[0]!.trim()).filter((t) => t !== '');
  for (const t of types) {
    const f = table.get(t);
    if (f) return f;
  }
  if (types.some(knownAnywhere)) throw new FormatParameterError(406, `format ${JSON.stringify(value)} cannot carry ${formName} results`);
  const names = Object.keys(FORMAT_NAMES).join(', ');
  throw new FormatParameterError(406, `unknown format ${JSON.stringify(value)}: use one of ${names}, or a media type (${[...table.keys()].join(', ')})`);
}

/**
 * The result format named by the `format`/`output`/`results` parameters, given as `[name, value]` pairs in
 * request order; `undefined` when none is given (empty values are ignored). Values that agree (`tsv` and
 * `text/tab-separated-values`) are one choice; throws a {@link FormatParameterError} for an unknown or
 * unsuitable format (406) and for values naming different formats (400).
 */
export function formatFromParameters(form: Exclude<QueryForm, 'UPDATE'> | undefined, params: readonly (readonly [string, string])[]): ResultFormat | undefined {
  const table = form === 'CONSTRUCT' || form === 'DESCRIBE' ? GRAPH_FORMATS : RESULTS_FORMATS;
  const formName = form ?? 'this query';
  let chosen: { f: ResultFormat; from: string } | undefined;
  for (const [name, value] of params) {
    if (!value.trim()) continue;
    const f = formatOfValue(table, value, formName);
    if (!chosen) chosen = { f, from: `${name}=${value}` };
    else if (chosen.f.engine !== f.engine) {
      throw new FormatParameterError(400, `conflicting format parameters: ${chosen.from} asks for ${chosen.f.engine}, ${name}=${value} for ${f.engine}`);
    }
  }
  return chosen?.f;
}

/** One entry of an `Accept` header. */
export interface AcceptEntry {
  /** `type/subtype`, lower case (wildcards kept). */
  readonly type: string;
  /** Quality, 0..1. */
  readonly q: number;
  /** Position in the header (ties keep header order). */
  readonly index: number;
}

/** Parses an `Accept` header (missing or empty → `*\/*`). Malformed entries are skipped. */
export function parseAccept(header: string | undefined): AcceptEntry[] {
  if (!header?.trim()) return [{ type: '*/*', q: 1, index: 0 }];
  const out: AcceptEntry[] = [];
  header.split(',').forEach((part, index) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    if (!type || !/^[\w.+*-]+\/[\w.+*-]+$/.test(type)) return;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) q = Math.max(0, Math.min(1, Number(m[1])));
    }
    if (!Number.isNaN(q)) out.push({ type: type.toLowerCase(), q, index });
  });
  return out;
}

function matches(pattern: string, type: string): number {
  if (pattern === type) return 3;
  if (pattern === '*/*') return 1;
  if (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))) return 2;
  return 0;
}

/**
 * Picks the result format for a query form: the format parameters when given (a string, or `[name, value]`
 * pairs as {@link formatFromParameters} reads them; they override `Accept`), else the `Accept` header;
 * `undefined` when the client accepts none (→ 406). Throws a {@link FormatParameterError} for a format
 * parameter it cannot honour (never falls back silently).
 */
export function chooseFormat(
  form: Exclude<QueryForm, 'UPDATE'> | undefined,
  accept: string | undefined,
  formatParam?: string | readonly (readonly [string, string])[],
): ResultFormat | undefined {
  const table = form === 'CONSTRUCT' || form === 'DESCRIBE' ? GRAPH_FORMATS : RESULTS_FORMATS;
  if (formatParam !== undefined) {
    const f = formatFromParameters(form, typeof formatParam === 'string' ? [['format', formatParam]] : formatParam);
    if (f) return f;
  }
  const entries = parseAccept(accept);
  let best: { f: ResultFormat; q: number; spec: number; index: number; order: number } | undefined;
  let order = 0;
  for (const [type, f] of table) {
    for (const e of entries) {
      const spec = matches(e.type, type);
      if (!spec || e.q <= 0) continue;
      const cand = { f, q: e.q, spec, index: e.index, order };
      if (
        !best ||
        cand.q > best.q ||
        (cand.q === best.q && cand.spec > best.spec) ||
        (cand.q === best.q && cand.spec === best.spec && (cand.spec === 3 ? cand.index < best.index : cand.order < best.order))
      )
        best = cand;
    }
    order++;
  }
  return best?.f;
}

/** The other kind's default format (used when the form could not be read before running the query). */
export function alternateFormat(f: ResultFormat): ResultFormat {
  return f.kind === 'results' ? GRAPH_FORMATS.get('text/turtle')! : RESULTS_FORMATS.get('application/sparql-results+json')!;
}

/** The media type of each representation of a page, by file extension. */
export const PAGE_VARIANT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.ttl': 'text/turtle',
  '.jsonld': 'application/ld+json',
  '.nt': 'application/n-triples',
  '.rdf': 'application/rdf+xml',
};

/** Other media types that name a representation (`application/json` for JSON-LD, `application/x-turtle` for Turtle, XHTML for the page). */
const PAGE_VARIANT_ALIASES: Readonly<Record<string, string>> = {
  'application/json': '.jsonld',
  'application/x-turtle': '.ttl',
  'application/xhtml+xml': '.html',
};

/**
 * Picks a representation of a page among `.html`, `.ttl`, `.jsonld`, `.nt` and `.rdf` (those `available`,
 * in the order given: the first wins ties, so HTML for a browser's `*\/*`) by the `Accept` header;
 * undefined when none is acceptable (→ 406).
 */
export function choosePageVariant(accept: string | undefined, available: readonly string[]): string | undefined {
  const entries = parseAccept(accept);
  let best: { ext: string; q: number; spec: number; order: number } | undefined;
  available.forEach((ext, order) => {
    const type = PAGE_VARIANT_TYPES[ext];
    if (!type) return;
    for (const e of entries) {
      const spec = matches(e.type, type) || (PAGE_VARIANT_ALIASES[e.type] === ext ? 3 : 0);
      if (!spec || e.q <= 0) continue;
      if (!best || e.q > best.q || (e.q === best.q && (spec > best.spec || (spec === best.spec && order < best.order)))) best = { ext, q: e.q, spec, order };
    }
  });
  return best?.ext;
}
