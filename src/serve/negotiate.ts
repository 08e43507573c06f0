/**
 * Content negotiation and request classification for the SPARQL endpoint: which query form a text is
 * (SELECT, ASK, CONSTRUCT, DESCRIBE, or an UPDATE to refuse), and which result format to answer with, from
 * the `Accept` header or a `format` parameter (as YASGUI, SPARQLWrapper and curl send them).
 *
 * `Accept` follows RFC 9110 §12.5.1: a representation's quality is that of the most specific media range
 * matching it (`text/*, text/csv;q=0` refuses CSV); parameters before `q` restrict a range (every
 * representation here is sent with `charset=utf-8` and nothing else), parameters after `q` are
 * accept-extensions; elements are split outside quoted strings; a malformed element is skipped and the rest
 * honoured. Ties: the more specific range, then header order, then the server's order.
 * `test/serve-negotiate-conformance.test.ts` holds the cases, each reasoned from the RFC.
 *
 * Why hand-written rather than the `negotiator` package (measured, `bench/negotiate.ts`, negotiator 1.1.0,
 * Node 20): on the conformance cases negotiator is wrong four times where this module is right (it reads an
 * accept-extension after `q` as a media type parameter, matches the invalid range `*\/csv`, reads an empty
 * `q` as 1, and ranks `q=2` above `q=1`), and it is slower on every header measured: 1.8× to 11× the time
 * per negotiation, geometric mean 4.5×–4.8× over two runs (it re-parses each offered type against each
 * range). Adopting it would have added a dependency (negotiator and content-type) for no gain. The
 * measurement also found this module's earlier parser wrong on ten of the cases (it took the best q of any
 * matching range instead of the most specific one's, ignored parameters and split inside quotes); that was
 * fixed here instead.
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

const RESULTS_TYPES: readonly string[] = [...RESULTS_FORMATS.keys()];

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

const GRAPH_TYPES: readonly string[] = [...GRAPH_FORMATS.keys()];

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
  /**
   * The media range's own parameters (names lower case, quoted values unquoted), present only when it has
   * some; `q` and the accept-extensions after it are not among them.
   */
  readonly params?: Readonly<Record<string, string>>;
}

const TCHAR = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const QVALUE = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The elements of a comma-separated header, split outside quoted strings (a comma in `"a,b"` stays). */
function splitElements(header: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x2c) {
      out.push(header.slice(start, i));
      start = i + 1;
    }
  }
  out.push(header.slice(start));
  return out;
}

/** Splits one element at `;` outside quoted strings. */
function splitParameters(element: string): string[] {
  if (!element.includes('"')) return element.split(';');
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < element.length; i++) {
    const c = element.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x3b) {
      out.push(element.slice(start, i));
      start = i + 1;
    }
  }
  out.push(element.slice(start));
  return out;
}

/** A parameter value: a token, or a quoted string unquoted; `undefined` when it is neither. */
function parameterValue(raw: string): string | undefined {
  if (TCHAR.test(raw)) return raw;
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(raw);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : undefined;
}

/** Parses one `Accept` element; `undefined` when it is malformed (RFC 9110 §12.5.1 grammar). */
function parseElement(element: string, index: number): AcceptEntry | undefined {
  const parts = splitParameters(element);
  const range = parts[0]!.trim();
  const slash = range.indexOf('/');
  if (slash < 0) return undefined;
  const type = range.slice(0, slash);
  const subtype = range.slice(slash + 1);
  if (!TCHAR.test(type) || !TCHAR.test(subtype) || (type === '*' && subtype !== '*')) return undefined;
  let q = 1;
  let params: Record<string, string> | undefined;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!.trim();
    if (p === '') continue; // an empty parameter (`text/csv;`) is tolerated, as browsers send it
    const eq = p.indexOf('=');
    const name = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? undefined : parameterValue(p.slice(eq + 1).trim());
    if (!TCHAR.test(name) || value === undefined) return undefined;
    if (name === 'q') {
      // The weight; what follows it are accept-extensions, not media type parameters.
      if (!QVALUE.test(value)) return undefined;
      q = Math.min(1, Number(value));
      break;
    }
    (params ??= {})[name] = value;
  }
  const entry = { type: `${type}/${subtype}`.toLowerCase(), q, index };
  return params ? { ...entry, params } : entry;
}

/**
 * Parses an `Accept` header (missing or blank → `*\/*`). Elements are split outside quoted strings;
 * malformed elements (no `type/subtype`, `*\/subtype`, a parameter without a value, a non-numeric `q`) are
 * skipped and the rest honoured; a `q` above 1 counts as 1. Parameters after `q` are accept-extensions and
 * are dropped (RFC 9110 §12.5.1).
 */
export function parseAccept(header: string | undefined): AcceptEntry[] {
  if (!header?.trim()) return [{ type: '*/*', q: 1, index: 0 }];
  const out: AcceptEntry[] = [];
  splitElements(header).forEach((element, index) => {
    if (element.trim() === '') return;
    const entry = parseElement(element, index);
    if (entry) out.push(entry);
  });
  return out;
}

/** A representation on offer: its media type split once, and the parameters it is sent with. */
interface Offer {
  readonly type: string;
  readonly major: string;
  /** `text/` for `text/csv`: what a `text/*` range starts with. */
  readonly majorSlash: string;
}

const offers = new Map<string, Offer>();
/** The offer of a media type (every representation here is sent with `charset=utf-8` and no other parameter). */
function offer(type: string): Offer {
  let o = offers.get(type);
  if (!o) {
    const slash = type.indexOf('/');
    o = { type, major: type.slice(0, slash), majorSlash: type.slice(0, slash + 1) };
    offers.set(type, o);
  }
  return o;
}

/**
 * How specifically a media range matches an offered type: 6 for the same `type/subtype`, 4 for `type/*`,
 * 0 for `*\/*`, plus 1 when the range has parameters and the offer carries them all; -1 for no match.
 * A range with a parameter the offer does not carry matches nothing (RFC 9110 §12.5.1: `text/plain;
 * format=flowed` is not `text/plain`); the offers carry `charset=utf-8` only, compared case-insensitively.
 */
function specificity(range: AcceptEntry, o: Offer): number {
  let s: number;
  if (range.type === o.type) s = 6;
  else if (range.type === '*/*') s = 0;
  else if (range.type.length === o.majorSlash.length + 1 && range.type.endsWith('/*') && range.type.startsWith(o.majorSlash)) s = 4;
  else return -1;
  const params = range.params;
  if (params) {
    for (const name in params) {
      if (name !== 'charset' || params[name]!.toLowerCase() !== 'utf-8') return -1;
    }
    s |= 1;
  }
  return s;
}

/** An offered type's standing: the quality, specificity and header position of its most specific range. */
interface Standing {
  q: number;
  s: number;
  index: number;
}

/**
 * The standing of an offered type: by RFC 9110 §12.5.1 its quality is that of the *most specific* range
 * matching it (`text/*, text/csv;q=0` refuses CSV, `*\/*;q=0.9, text/csv;q=0.5` ranks CSV at 0.5);
 * equally specific ranges (a type listed twice) give the higher quality, then the earlier one.
 * `undefined` when no range matches.
 */
function standing(entries: readonly AcceptEntry[], o: Offer): Standing | undefined {
  let best: Standing | undefined;
  for (const e of entries) {
    const s = specificity(e, o);
    if (s < 0) continue;
    if (!best || s > best.s || (s === best.s && (e.q > best.q || (e.q === best.q && e.index < best.index)))) best = { q: e.q, s, index: e.index };
  }
  return best;
}

/**
 * The preferred offer: highest quality (0 is "not acceptable"), then the more specific range, then the
 * earlier range in the header, then the server's order; -1 when none is acceptable.
 */
function preferred(entries: readonly AcceptEntry[], types: readonly string[]): number {
  let bestAt = -1;
  let best: Standing | undefined;
  types.forEach((type, i) => {
    const st = standing(entries, offer(type));
    if (!st || st.q <= 0) return;
    if (!best || st.q > best.q || (st.q === best.q && (st.s > best.s || (st.s === best.s && st.index < best.index)))) {
      best = st;
      bestAt = i;
    }
  });
  return bestAt;
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
  const types = table === GRAPH_FORMATS ? GRAPH_TYPES : RESULTS_TYPES;
  const at = preferred(parseAccept(accept), types);
  return at < 0 ? undefined : table.get(types[at]!);
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
  // The variants' own types in the order given, then their aliases (so that a wildcard picks a primary type).
  const types: string[] = [];
  const exts: string[] = [];
  for (const ext of available) {
    const type = PAGE_VARIANT_TYPES[ext];
    if (!type) continue;
    types.push(type);
    exts.push(ext);
  }
  for (const [alias, ext] of Object.entries(PAGE_VARIANT_ALIASES)) {
    if (!available.includes(ext)) continue;
    types.push(alias);
    exts.push(ext);
  }
  const at = preferred(parseAccept(accept), types);
  return at < 0 ? undefined : exts[at];
}
