/**
 * Value canonicalisation of what SPARQL servers answer, for parity with the embedded Oxigraph store:
 * literals (lower-case language tags, plain `xsd:string`, canonical booleans, integers, decimals, doubles
 * and time fractions), blank node labels, SPARQL JSON result terms, and one text-level repair
 * (RDF::Endpoint's doubly encoded UTF-8). Every normalisation is a quirk observed on a real server (Virtuoso 7.2.5, RDF::Endpoint
 * 0.11) and is documented where it is done. Parsing the result formats is `answers.ts`'s job; HTTP is
 * `remote-http.ts`'s.
 * @module
 */
import { DataFactory, type Term } from 'n3';
import { XSD } from '../namespaces.js';

const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
// ---------------------------------------------------------------------------------------------------
// Result terms: JSON results and N-Triples, normalised for parity with the embedded Oxigraph store.
// ---------------------------------------------------------------------------------------------------

const INTEGER_TYPES = new Set(
  [
    'integer', 'long', 'int', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger',
    'negativeInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte',
  ].map((t) => XSD + t),
);

function canonicalInteger(lex: string): string | undefined {
  const m = /^\s*([+-]?)0*(\d+)\s*$/.exec(lex);
  if (!m) return undefined;
  const digits = m[2]!;
  return m[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

function canonicalDecimal(lex: string): string | undefined {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(lex);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const int = m[2]!.replace(/^0+/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return m[1] === '-' && body !== '0' ? `-${body}` : body;
}

/** Writes a finite number with the shortest round-trip digits and no exponent (Oxigraph's format). */
function plainNumber(n: number): string {
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${m[1]}${digits}${'0'.repeat(point - digits.length)}`;
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function canonicalFloating(lex: string, single: boolean): string | undefined {
  const t = lex.trim();
  if (t === 'INF' || t === '+INF' || t === 'Infinity') return 'INF';
  if (t === '-INF' || t === '-Infinity') return '-INF';
  if (t === 'NaN') return 'NaN';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  let n = Number(t);
  if (!single) return plainNumber(n);
  n = Math.fround(n);
  if (!Number.isFinite(n)) return n > 0 ? 'INF' : '-INF';
  // The shortest decimal that reads back as the same single-precision value.
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(n.toPrecision(p));
    if (Math.fround(candidate) === n) return plainNumber(Object.is(n, -0) ? -0 : candidate);
  }
  return plainNumber(n);
}

/** Drops trailing zeros of fractional seconds and writes a zero offset as `Z`. */
function canonicalTime(lex: string): string {
  return lex
    .replace(/(\d\d:\d\d:\d\d)\.(\d*?)0+(?=$|Z|[+-]\d\d:\d\d$)/, (_, hms: string, frac: string) => (frac ? `${hms}.${frac}` : hms))
    .replace(/[+-]00:00$/, 'Z');
}

/**
 * Builds an n3 literal from a server's lexical form, language tag and datatype, normalised so that
 * values compare equal to what the embedded Oxigraph 0.5 store returns for the same data:
 *
 * - **Language tags are lower-cased.** Virtuoso stores `de-AT` as `de-at` and Oxigraph lower-cases too;
 *   other servers keep the case. Tags are case-insensitive (BCP 47), so nothing is lost.
 * - **`xsd:string` becomes a plain literal.** Virtuoso keeps an explicit `"x"^^xsd:string` typed
 *   (`typed-literal` in JSON); in RDF 1.1 it is the same term as `"x"`.
 * - **`xsd:boolean` `1`/`0` → `true`/`false`.** Virtuoso stores booleans canonically as `"1"`/`"0"` and
 *   writes them so in JSON results (but as `true`/`false` in N-Triples); Oxigraph writes `true`/`false`.
 *   Note: Virtuoso returns boolean *expressions* (`true`, `?a = ?b`) as `"1"^^xsd:integer`, which a
 *   client cannot tell from the integer 1. Project such values with `IF(..., "yes", "no")` instead.
 * - **Integers are canonical and derived integer types become `xsd:integer`.** `"+007"` → `"7"`. Oxigraph
 *   0.5 stores `xsd:int`, `xsd:long`, `xsd:nonNegativeInteger`… as `xsd:integer`; Virtuoso keeps them.
 * - **Decimals are canonical:** `"007.50"` → `"7.5"`, `"5.0"` → `"5"` (both engines agree on stored data).
 * - **Doubles and floats are written as Oxigraph does:** shortest round-trip digits, no exponent
 *   (`"1500.0"` and `"1.5e3"` → `"1500"`, `"1e+20"` → `"100000000000000000000"`, `"-0.0"` → `"-0"`).
 *   Caution: Virtuoso 7.2.5 writes doubles and floats with only **6 significant digits** in every
 *   result format (`123456789.0e0` comes back as `"1.23457e+08"`); that precision is lost before
 *   it reaches the client. Keep such values as `xsd:decimal`, or project `STR(?x)`, which keeps 15 digits.
 * - **`xsd:dateTime`/`xsd:time` fractional seconds lose trailing zeros** (`10:00:00.500Z` → `10:00:00.5Z`,
 *   Virtuoso pads to milliseconds; Oxigraph does not) and a zero offset is written `Z`.
 *
 * Lexical forms that are not valid for their datatype are left as they are, like Oxigraph does.
 */
export function literalFromServer(value: string, language?: string, datatype?: string): Term {
  if (language) return DataFactory.literal(value, language.toLowerCase());
  if (!datatype || datatype === XSD + 'string' || datatype === RDF_LANG_STRING) return DataFactory.literal(value);
  let lex: string | undefined = value;
  let dt = datatype;
  if (dt === XSD + 'boolean') {
    const t = value.trim();
    lex = t === '1' || t === 'true' ? 'true' : t === '0' || t === 'false' ? 'false' : value;
  } else if (INTEGER_TYPES.has(dt)) {
    lex = canonicalInteger(value);
    if (lex !== undefined) dt = XSD + 'integer';
  } else if (dt === XSD + 'decimal') {
    lex = canonicalDecimal(value);
  } else if (dt === XSD + 'double' || dt === XSD + 'float') {
    lex = canonicalFloating(value, dt === XSD + 'float');
  } else if (dt === XSD + 'dateTime' || dt === XSD + 'time' || dt === XSD + 'dateTimeStamp') {
    lex = canonicalTime(value);
  }
  return DataFactory.literal(lex ?? value, DataFactory.namedNode(dt));
}

/**
 * A blank node from a server label. Virtuoso labels blank nodes `nodeID://b10000` in JSON and
 * `b10000` in N-Triples; both map to the same n3 blank node `b10000`. Labels are made safe for
 * N-Triples/Turtle output (only letters, digits, `_`, `-` and `.` are kept).
 */
export function blankNodeFromServer(label: string): Term {
  const name = label.replace(/^(?:_:|nodeID:\/\/)/, '').replace(/[^A-Za-z0-9_.-]/g, '_');
  return DataFactory.blankNode(name || 'b');
}

/** One term of a SPARQL 1.1 JSON result (plus the SPARQL 2007 draft's `typed-literal` Virtuoso sends). */
export interface JsonTerm {
  /** `uri`, `literal`, `typed-literal` or `bnode`. */
  type: string;
  /** The IRI, lexical form or blank node label. */
  value: string;
  /** The literal's language tag. */
  'xml:lang'?: string;
  /** The literal's datatype IRI. */
  datatype?: string;
}

/** Converts one JSON result term to an n3 term (see {@link literalFromServer} for the normalisations). */
export function termFromJson(t: JsonTerm): Term {
  if (t === null || typeof t !== 'object' || typeof t.value !== 'string') throw new TypeError('a result term needs a string "value"');
  switch (t.type) {
    case 'uri':
      return DataFactory.namedNode(t.value);
    case 'bnode':
      return blankNodeFromServer(t.value);
    case 'literal':
    case 'typed-literal': {
      const lang = t['xml:lang'] ?? (t as { lang?: string }).lang;
      return literalFromServer(t.value, typeof lang === 'string' && lang !== '' ? lang : undefined, t.datatype);
    }
    default:
      throw new TypeError(`unsupported result term type ${JSON.stringify(t.type)}`);
  }
}

/**
 * RDF::Endpoint 0.11 (Perl, `Server: RDF::Endpoint/0.11`) writes SPARQL XML results UTF-8-encoded twice
 * (its results writer already returns bytes, which it encodes again): `’` arrives as `â\u0080\u0099`.
 * For that server's XML answers only, the text is decoded once more when every character fits in a byte and
 * the bytes are valid UTF-8; anything else is left as it is.
 */
export function repairDoubleUtf8(text: string, headers: Headers): string {
  if (!/\bRDF::Endpoint\/0\.(?:\d|1[01])\b/.test(headers.get('server') ?? '')) return text;
  if (!/xml/.test(headers.get('content-type') ?? '')) return text;
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}
