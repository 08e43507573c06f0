/**
 * Well-formedness of RDF terms, as plain functions: is a string an absolute IRI (RFC 3987), a well-formed
 * language tag (BCP 47 syntax), a lexical form in its XSD datatype's lexical space? Each returns a short
 * description of the problem, or `undefined` when the value is fine. The readers refuse bad IRIs and
 * language tags; `validate` reports ill-typed literals.
 * @module
 */

// RFC 3987: ASCII characters an IRI may hold (unreserved, reserved, '%'), and the non-ASCII ranges
// (ucschar everywhere; iprivate only in the query part).
const IRI_ASCII = /^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const AUTHORITY = /^(?:[^@/?#]*@)?[^@:/?#]*(?::[0-9]*)?$/;

function isUcschar(cp: number): boolean {
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if ((cp >= 0xf900 && cp <= 0xfdcf) || (cp >= 0xfdf0 && cp <= 0xffef)) return true;
  if (cp >= 0x10000 && cp <= 0xeffff) return (cp & 0xffff) <= 0xfffd && !(cp >= 0xe0000 && cp <= 0xe0fff);
  return false;
}
function isIprivate(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0xffffd) || (cp >= 0x100000 && cp <= 0x10fffd);
}

/** `U+0020`-style name of a code point. */
export function codePointName(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `value` is not an absolute IRI (RFC 3987 syntax; IP-literal hosts in brackets are not accepted), or
 * `undefined` when it is one. A relative reference (no scheme) is "a relative IRI". `maxLength` bounds the
 * length (parameters use 4096; data has no bound).
 */
export function iriProblem(value: string, maxLength = Number.POSITIVE_INFINITY): string | undefined {
  if (value === '') return 'an empty IRI';
  if (!SCHEME.test(value)) return `a relative IRI ${preview(value)} (no scheme and no base to resolve it against)`;
  if (value.length > maxLength) return `an IRI longer than ${maxLength} characters`;
  let inQuery = false;
  let fragments = 0;
  let i = 0;
  for (const c of value) {
    const cp = c.codePointAt(0)!;
    if (c === '#') fragments++;
    if (c === '?' && fragments === 0) inQuery = true;
    const ok = cp < 0x80 ? IRI_ASCII.test(c) : isUcschar(cp) || (inQuery && fragments === 0 && isIprivate(cp));
    if (!ok) return `character ${codePointName(cp)} is not allowed in an IRI (${preview(value)})`;
    if (c === '%' && !/^%[0-9A-Fa-f]{2}/.test(value.slice(i, i + 3))) return `'%' must start a %HH escape (${preview(value)})`;
    i += c.length;
  }
  if (fragments > 1) return `an IRI has at most one '#' (${preview(value)})`;
  const rest = value.slice(value.indexOf(':') + 1);
  if (rest.startsWith('//')) {
    const authority = /^\/\/([^/?#]*)/.exec(rest)![1]!;
    if (!AUTHORITY.test(authority)) return `invalid authority ${JSON.stringify(authority)} in ${preview(value)}`;
  }
  return undefined;
}

/** A value quoted for a message, cut to 80 characters. */
export function preview(value: string, max = 80): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** Why `tag` is not a well-formed language tag (BCP 47 syntax as RDF 1.1 reads it), or `undefined`. */
export function languageProblem(tag: string): string | undefined {
  return LANGUAGE_TAG.test(tag) ? undefined : `invalid language tag ${preview(tag, 40)} (expected letters, then '-'-separated groups of 1 to 8 letters or digits, e.g. en or en-US)`;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint | undefined, bigint | undefined]>> = {
  integer: [undefined, undefined],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
  unsignedLong: [0n, 2n ** 64n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
};
const TZ = '(Z|[+-](\\d{2}):(\\d{2}))?';
const YEAR = '(-?(?:[1-9]\\d{4,}|\\d{4}))';
const DATE = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})${TZ}$`);
const DATE_TIME = new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?${TZ}$`);
const TIME = new RegExp(`^(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?${TZ}$`);
const G_YEAR = new RegExp(`^${YEAR}${TZ}$`);
const G_YEAR_MONTH = new RegExp(`^${YEAR}-(\\d{2})${TZ}$`);
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DOUBLE = /^(?:[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|INF)|NaN)$/;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
function tzOk(sign: string | undefined, h: string | undefined, m: string | undefined): boolean {
  if (!sign || sign === 'Z') return true;
  const hh = Number(h), mm = Number(m);
  return mm <= 59 && (hh < 14 || (hh === 14 && mm === 0));
}
function timeOk(h: string, m: string, s: string, lexical: string): boolean {
  const hh = Number(h), mm = Number(m), ss = Number(s);
  if (hh === 24) return mm === 0 && ss === 0 && !/\.\d*[1-9]/.test(lexical.slice(lexical.indexOf(`${h}:${m}:${s}`)));
  return hh <= 23 && mm <= 59 && ss <= 59;
}

/**
 * Why `lexical` is not in the lexical space of the XSD datatype `datatype` (boolean, the integer types,
 * decimal, double, float, date, dateTime, time, gYear, gYearMonth), or `undefined` (also for datatypes
 * this function does not know).
 */
export function literalProblem(lexical: string, datatype: string): string | undefined {
  if (!datatype.startsWith(XSD)) return undefined;
  const local = datatype.slice(XSD.length);
  const bad = (what = ''): string => `${preview(lexical, 60)} is not a valid xsd:${local}${what}`;
  const range = INTEGER_RANGES[local];
  if (range) {
    if (!/^[+-]?\d+$/.test(lexical)) return bad(' (expected an optional sign and digits)');
    const v = BigInt(lexical);
    if ((range[0] !== undefined && v < range[0]) || (range[1] !== undefined && v > range[1])) return bad(' (out of range)');
    return undefined;
  }
  switch (local) {
    case 'boolean':
      return /^(?:true|false|1|0)$/.test(lexical) ? undefined : bad(' (expected true, false, 1 or 0)');
    case 'decimal':
      return DECIMAL.test(lexical) ? undefined : bad(' (expected digits with an optional sign and decimal point)');
    case 'double':
    case 'float':
      return DOUBLE.test(lexical) ? undefined : bad();
    case 'date': {
      const m = DATE.exec(lexical);
      if (!m) return bad(' (expected YYYY-MM-DD)');
      const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || !tzOk(m[4], m[5], m[6])) return bad(' (no such calendar date)');
      return undefined;
    }
    case 'dateTime': {
      const m = DATE_TIME.exec(lexical);
      if (!m) return bad(' (expected YYYY-MM-DDThh:mm:ss)');
      const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
      if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || !timeOk(m[4]!, m[5]!, m[6]!, lexical) || !tzOk(m[7], m[8], m[9])) return bad(' (no such date or time)');
      return undefined;
    }
    case 'time': {
      const m = TIME.exec(lexical);
      if (!m || !timeOk(m[1]!, m[2]!, m[3]!, lexical) || !tzOk(m[4], m[5], m[6])) return bad(' (expected hh:mm:ss)');
      return undefined;
    }
    case 'gYear': {
      const m = G_YEAR.exec(lexical);
      return m && tzOk(m[2], m[3], m[4]) ? undefined : bad(' (expected YYYY)');
    }
    case 'gYearMonth': {
      const m = G_YEAR_MONTH.exec(lexical);
      return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && tzOk(m[3], m[4], m[5]) ? undefined : bad(' (expected YYYY-MM)');
    }
    default:
      return undefined;
  }
}

/** The parts of an RDF/JS term the checks read. */
export interface CheckedTerm {
  termType: string;
  value: string;
  language?: string;
  datatype?: { value: string };
}

/**
 * Why a term cannot be written in RDF (a relative or malformed IRI, a malformed language tag or datatype
 * IRI), or `undefined`. Ill-typed literals are not refused here (RDF allows them; see {@link literalProblem}).
 */
export function termProblem(term: CheckedTerm): string | undefined {
  if (term.termType === 'NamedNode') return iriProblem(term.value);
  if (term.termType === 'Literal') {
    if (term.language) return languageProblem(term.language);
    if (term.datatype) {
      const p = iriProblem(term.datatype.value);
      return p ? `datatype: ${p}` : undefined;
    }
  }
  return undefined;
}
