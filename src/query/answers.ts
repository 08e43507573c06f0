/**
 * Parsing what a SPARQL 1.1 server answers, in every format the Protocol allows: SPARQL Query Results in
 * JSON, XML, TSV and CSV for SELECT/ASK; Turtle, N-Triples, RDF/XML and JSON-LD (plus N-Quads and TriG) for
 * CONSTRUCT/DESCRIBE. Terms come out as n3 (RDF/JS) terms normalised by {@link literalFromServer} and
 * {@link blankNodeFromServer}, so that every format gives the same rows as the embedded store.
 * @module
 */
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import type { Solution } from './target.js';
import { unescapeLiteral } from '../rdf/escape.js';
import { blankNodeFromServer, literalFromServer, termFromJson, type JsonTerm } from './server-terms.js';
import { XSD } from '../namespaces.js';
import { readCsv } from '../io/csv.js';


/** A parsed SPARQL result: solutions of a SELECT or the answer of an ASK. */
export type ParsedResults =
  | { readonly kind: 'bindings'; readonly vars: readonly string[]; readonly rows: Solution[] }
  | { readonly kind: 'boolean'; readonly value: boolean };

/** The media type of a `Content-Type` header, lower case, without parameters. */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Media types of SPARQL results in JSON (the `application/json` alias is what RDF::Endpoint offers). */
const JSON_RESULTS = new Set(['application/sparql-results+json', 'application/json', 'text/json']);
/** Media types of SPARQL results in XML (`application/xml`, `text/xml`: aliases some servers answer with). */
const XML_RESULTS = new Set(['application/sparql-results+xml', 'application/xml', 'text/xml']);
/** Media types of SPARQL results in TSV. */
const TSV_RESULTS = new Set(['text/tab-separated-values', 'text/tsv']);
/** Media types of SPARQL results in CSV. */
const CSV_RESULTS = new Set(['text/csv']);

/** Whether a media type is one of the SPARQL result formats (JSON, XML, TSV, CSV). */
export function isResultsMediaType(type: string): boolean {
  const t = mediaType(type);
  return t === 'application/sparql-results+json' || t === 'application/sparql-results+xml' || TSV_RESULTS.has(t) || CSV_RESULTS.has(t);
}

/**
 * Parses a SELECT/ASK answer by its media type: JSON (also untyped), XML, TSV or CSV. `ask` says the query
 * was an ASK, which TSV and CSV have no standard form for: a lone `true`/`false` value (with or without a
 * header line, as Jena writes it) is then read as the answer. Throws a `TypeError` naming the media type
 * for anything else.
 */
export function parseResults(text: string, contentType: string, ask = false): ParsedResults {
  const type = mediaType(contentType);
  if (type === '' || JSON_RESULTS.has(type)) return parseResultsJson(text);
  if (XML_RESULTS.has(type)) return parseResultsXml(text);
  if (TSV_RESULTS.has(type) || CSV_RESULTS.has(type)) {
    if (ask) return booleanFromTable(text, type);
    return TSV_RESULTS.has(type) ? parseResultsTsv(text) : parseResultsCsv(text);
  }
  throw new TypeError(`unsupported media type ${type} for SPARQL results`);
}

/** Parses `application/sparql-results+json` text (throws a `TypeError` or `SyntaxError` when malformed). */
export function parseResultsJson(text: string): ParsedResults {
  const doc = JSON.parse(text) as { head?: { vars?: unknown }; boolean?: unknown; results?: { bindings?: unknown } };
  if (doc === null || typeof doc !== 'object') throw new TypeError('not a SPARQL JSON result');
  if (typeof doc.boolean === 'boolean') return { kind: 'boolean', value: doc.boolean };
  const bindings = doc.results?.bindings;
  if (!Array.isArray(bindings)) throw new TypeError('a SPARQL JSON result needs "boolean" or "results.bindings"');
  const vars = Array.isArray(doc.head?.vars) ? (doc.head.vars as unknown[]).filter((v): v is string => typeof v === 'string') : [];
  const rows = bindings.map((b: Record<string, JsonTerm>) => {
    const row: Record<string, Term> = {};
    for (const [name, term] of Object.entries(b ?? {})) row[name] = termFromJson(term);
    return row;
  });
  return { kind: 'bindings', vars, rows };
}

// ---------------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------------

/** An element of a small XML tree: local name (prefix dropped, `xml:` kept), attributes, children, text. */
interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) throw new TypeError(`bad character reference ${whole}`);
      return String.fromCodePoint(code);
    }
    const v = XML_ENTITIES[ref];
    if (v === undefined) throw new TypeError(`unknown XML entity ${whole}`);
    return v;
  });
}

function localName(qname: string): string {
  if (qname.startsWith('xml:')) return qname;
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/**
 * Parses the XML the SPARQL results format uses (elements, attributes, text, CDATA, comments, processing
 * instructions, a DOCTYPE without internal subset) into a tree. Namespaces are not resolved: prefixes are
 * dropped, which is enough for the one vocabulary of the results format.
 */
function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const token = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/gy;
  let m: RegExpExecArray | null;
  while (token.lastIndex < text.length && (m = token.exec(text)) !== null) {
    const top = stack[stack.length - 1]!;
    // Comments, processing instructions and the DOCTYPE match no group and are skipped.
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (stack.length < 2 || top.name !== localName(m[2])) throw new TypeError(`unbalanced XML: </${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[localName(a[1]!)] = decodeXml(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: localName(m[3]), attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[5]) stack.push(el);
    } else if (m[6] !== undefined) top.text += decodeXml(m[6]);
    else if (m[7] !== undefined) throw new TypeError(`malformed XML near ${JSON.stringify(text.slice(m.index, m.index + 40))}`);
  }
  if (token.lastIndex < text.length) throw new TypeError('malformed XML');
  if (stack.length !== 1) throw new TypeError(`unclosed XML element <${stack[stack.length - 1]!.name}>`);
  return root;
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

function termFromXml(el: XmlElement): Term {
  switch (el.name) {
    case 'uri':
      return DataFactory.namedNode(el.text.trim());
    case 'bnode':
      return blankNodeFromServer(el.text.trim());
    case 'literal': {
      const lang = el.attrs['xml:lang'];
      return literalFromServer(el.text, lang ? lang : undefined, el.attrs.datatype);
    }
    default:
      throw new TypeError(`unsupported result term <${el.name}>`);
  }
}

/** Parses `application/sparql-results+xml` text (throws a `TypeError` when malformed). */
export function parseResultsXml(text: string): ParsedResults {
  const sparql = child(parseXml(text), 'sparql');
  if (!sparql) throw new TypeError('not a SPARQL XML result: no <sparql> element');
  const bool = child(sparql, 'boolean');
  if (bool) {
    const v = bool.text.trim();
    if (v !== 'true' && v !== 'false') throw new TypeError(`bad <boolean> value ${JSON.stringify(v)}`);
    return { kind: 'boolean', value: v === 'true' };
  }
  const results = child(sparql, 'results');
  if (!results) throw new TypeError('a SPARQL XML result needs <boolean> or <results>');
  const head = child(sparql, 'head');
  const vars = (head?.children ?? []).filter((c) => c.name === 'variable' && c.attrs.name).map((c) => c.attrs.name!);
  const rows = results.children
    .filter((r) => r.name === 'result')
    .map((r) => {
      const row: Record<string, Term> = {};
      for (const b of r.children) {
        if (b.name !== 'binding' || !b.attrs.name) continue;
        const term = b.children[0];
        if (!term) throw new TypeError(`empty <binding name="${b.attrs.name}">`);
        row[b.attrs.name] = termFromXml(term);
      }
      return row;
    });
  return { kind: 'bindings', vars, rows };
}

// ---------------------------------------------------------------------------------------------------
// TSV and CSV
// ---------------------------------------------------------------------------------------------------

function unescapeIri(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_, e: string) => String.fromCodePoint(parseInt(e.slice(1), 16)));
}

/**
 * Reads one TSV cell: an RDF term in Turtle/SPARQL syntax (`<iri>`, `_:label`, a quoted literal with an
 * optional `@lang` or `^^<datatype>`, or the abbreviated numbers and booleans). Returns `undefined` for an
 * empty cell (unbound).
 */
export function termFromTsv(cell: string): Term | undefined {
  const c = cell.trim();
  if (c === '') return undefined;
  if (c.startsWith('<') && c.endsWith('>')) return DataFactory.namedNode(unescapeIri(c.slice(1, -1)));
  if (c.startsWith('_:')) return blankNodeFromServer(c);
  const lit = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|"""[\s\S]*?"""|'''[\s\S]*?''')(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?$/.exec(c);
  if (lit) {
    const q = lit[1]!;
    const quote = q.startsWith('"""') || q.startsWith("'''") ? 3 : 1;
    return literalFromServer(unescapeLiteral(q.slice(quote, -quote)), lit[2], lit[3] === undefined ? undefined : unescapeIri(lit[3]));
  }
  if (/^[+-]?\d+$/.test(c)) return literalFromServer(c, undefined, `${XSD}integer`);
  if (/^[+-]?\d*\.\d+$/.test(c)) return literalFromServer(c, undefined, `${XSD}decimal`);
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(c)) return literalFromServer(c, undefined, `${XSD}double`);
  if (c === 'true' || c === 'false') return literalFromServer(c, undefined, `${XSD}boolean`);
  throw new TypeError(`not an RDF term in TSV: ${JSON.stringify(c.slice(0, 80))}`);
}

/** Parses `text/tab-separated-values` SPARQL results (header `?a\t?b`, one RDF term per cell). */
export function parseResultsTsv(text: string): ParsedResults {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines.shift();
  if (header === undefined) throw new TypeError('empty TSV result: no header line');
  const vars = header === '' ? [] : header.split('\t').map((v) => v.trim().replace(/^[?$]/, ''));
  const rows = lines.map((line, n) => {
    const cells = line.split('\t');
    if (cells.length !== vars.length && !(vars.length === 0 && line === '')) throw new TypeError(`TSV row ${n + 1} has ${cells.length} cells for ${vars.length} variables`);
    const row: Record<string, Term> = {};
    vars.forEach((v, i) => {
      const t = termFromTsv(cells[i] ?? '');
      if (t) row[v] = t;
    });
    return row;
  });
  return { kind: 'bindings', vars, rows };
}

/**
 * Reads one CSV cell. SPARQL CSV is lossy by design (no datatypes, no language tags, IRIs and literals look
 * alike), so this is a best effort: `_:x` is a blank node; a value that is an absolute IRI with `//` or a
 * `urn:`/`mailto:` scheme is an IRI; anything else is a plain literal; an empty cell is unbound.
 */
export function termFromCsv(cell: string): Term | undefined {
  if (cell === '') return undefined;
  if (/^_:[A-Za-z0-9_.-]+$/.test(cell)) return blankNodeFromServer(cell);
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|urn:|mailto:)[^\s<>"{}|\\^`]*$/i.test(cell)) return DataFactory.namedNode(cell);
  return DataFactory.literal(cell);
}

/** Parses `text/csv` SPARQL results (header of variable names; see {@link termFromCsv} for what is lost). */
export function parseResultsCsv(text: string): ParsedResults {
  const records = readCsv(text, { source: 'CSV result' });
  const header = records.shift();
  if (!header) throw new TypeError('empty CSV result: no header line');
  const vars = header.map((v) => v.trim().replace(/^[?$]/, ''));
  const rows = records.map((cells) => {
    const row: Record<string, Term> = {};
    vars.forEach((v, i) => {
      const t = termFromCsv(cells[i] ?? '');
      if (t) row[v] = t;
    });
    return row;
  });
  return { kind: 'bindings', vars, rows };
}

/** An ASK answer in TSV/CSV: the last non-empty line is `true` or `false` (any header line before it). */
function booleanFromTable(text: string, type: string): ParsedResults {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const last = lines[lines.length - 1]?.replace(/^"|"$/g, '').toLowerCase();
  if ((last === 'true' || last === '1') && lines.length <= 2) return { kind: 'boolean', value: true };
  if ((last === 'false' || last === '0') && lines.length <= 2) return { kind: 'boolean', value: false };
  throw new TypeError(`no ASK answer (true or false) in the ${type} result`);
}

// ---------------------------------------------------------------------------------------------------
// Graphs
// ---------------------------------------------------------------------------------------------------

function normaliseQuads(quads: Iterable<Quad>): Quad[] {
  const norm = <T extends Term>(t: T): T =>
    (t.termType === 'Literal'
      ? literalFromServer(t.value, t.language || undefined, t.datatype.value)
      : t.termType === 'BlankNode' ? blankNodeFromServer(t.value) : t) as T;
  const out: Quad[] = [];
  for (const q of quads) out.push(DataFactory.quad(norm(q.subject), DataFactory.namedNode(q.predicate.value), norm(q.object)));
  return out;
}

/**
 * Parses a CONSTRUCT/DESCRIBE answer with n3 by its media type (`application/n-triples`, `text/plain`,
 * `text/turtle`, `application/n-quads`, `application/trig`; anything else is tried as Turtle, a superset
 * of N-Triples). Returns default-graph quads with literals and blank nodes normalised as in SELECT results.
 */
export function parseGraphResponse(text: string, contentType: string): Quad[] {
  const type = mediaType(contentType);
  const format =
    type === 'application/n-triples' || type === 'text/plain' ? 'N-Triples'
    : type === 'application/n-quads' || type === 'text/x-nquads' ? 'N-Quads'
    : type === 'application/trig' ? 'TriG'
    : 'Turtle';
  // blankNodePrefix '': keep the server's labels (n3 would prefix them with b0_, b1_, ...).
  return normaliseQuads(new Parser({ format, blankNodePrefix: '' }).parse(text));
}

/** Graph media types read by Oxigraph's parsers rather than n3's. */
const OXIGRAPH_GRAPH_TYPES: Readonly<Record<string, string>> = {
  'application/rdf+xml': 'application/rdf+xml',
  'application/xml': 'application/rdf+xml',
  'text/xml': 'application/rdf+xml',
  'application/ld+json': 'application/ld+json',
  'application/json': 'application/ld+json',
};

/**
 * Parses a CONSTRUCT/DESCRIBE answer in any of the Protocol's graph formats: the n3 syntaxes as in
 * {@link parseGraphResponse}, RDF/XML and JSON-LD with Oxigraph's parsers (loaded on first use). JSON-LD
 * that needs a remote `@context` is refused: nothing is fetched. Throws a `TypeError` for other types.
 */
export async function parseGraphAnswer(text: string, contentType: string): Promise<Quad[]> {
  const type = mediaType(contentType);
  const oxFormat = OXIGRAPH_GRAPH_TYPES[type];
  if (oxFormat === undefined) {
    if (type.startsWith('text/html') || type === 'application/xhtml+xml' || (type !== '' && isResultsMediaType(type))) {
      throw new TypeError(`unsupported media type ${type} for a graph`);
    }
    return parseGraphResponse(text, contentType);
  }
  const ox = await import('oxigraph');
  const { fromOxigraph } = await import('./oxigraph-terms.js');
  const quads = ox.parse(text, { format: oxFormat }).map((q) =>
    DataFactory.quad(fromOxigraph(q.subject) as Quad['subject'], fromOxigraph(q.predicate) as Quad['predicate'], fromOxigraph(q.object) as Quad['object']),
  );
  return normaliseQuads(quads);
}
