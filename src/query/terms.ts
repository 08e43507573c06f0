/**
 * RDF terms as query parameters: validation and SPARQL serialisation. Caller strings never reach query
 * text except through these functions, which either escape them as literals or reject them as IRIs.
 * @module
 */
import type { Term, NamedNode, Literal } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { withPackagePrefixes } from './prefixes.js';

/** A parameter that cannot be bound: wrong type, empty, or an IRI with characters IRIs may not hold. */
export class ParameterError extends TypeError {
  /** The parameter's name. */
  readonly parameter: string;
  constructor(parameter: string, detail: string) {
    super(`invalid parameter ${parameter}: ${detail}`);
    this.name = 'ParameterError';
    this.parameter = parameter;
  }
}

// IRIREF excludes these (SPARQL 1.1 grammar [139]) and we also refuse all whitespace/controls.
const IRI_FORBIDDEN = /[\u0000-\u0020<>"{}|^`\\\u007f-\u009f\u2028\u2029]/u;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

// RFC 3987: ASCII characters an IRI may hold (unreserved, reserved, '%'), and the non-ASCII ranges
// (ucschar everywhere; iprivate only in the query part).
const IRI_ASCII = /^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]$/;
function isUcschar(cp: number): boolean {
  if (cp >= 0xa0 && cp <= 0xd7ff) return true;
  if ((cp >= 0xf900 && cp <= 0xfdcf) || (cp >= 0xfdf0 && cp <= 0xffef)) return true;
  if (cp >= 0x10000 && cp <= 0xeffff) return (cp & 0xffff) <= 0xfffd && !(cp >= 0xe0000 && cp <= 0xe0fff);
  return false;
}
function isIprivate(cp: number): boolean {
  return (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0xffffd) || (cp >= 0x100000 && cp <= 0x10fffd);
}
const AUTHORITY = /^(?:[^@/?#]*@)?[^@:/?#]*(?::[0-9]*)?$/;

/**
 * Checks that `value` is an absolute IRI (RFC 3987 syntax; IP-literal hosts in brackets are not accepted)
 * safe to write as `<value>`; returns it as a NamedNode.
 */
export function iriParam(name: string, value: unknown): NamedNode {
  if (typeof value !== 'string') throw new ParameterError(name, `expected an IRI string, got ${typeof value}`);
  if (!SCHEME.test(value)) throw new ParameterError(name, 'expected an absolute IRI (scheme:...)');
  if (value.length > 4096) throw new ParameterError(name, 'IRI longer than 4096 characters');
  const bad = IRI_FORBIDDEN.exec(value);
  if (bad) throw new ParameterError(name, `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in an IRI`);
  let inQuery = false, fragments = 0;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!, cp = c.codePointAt(0)!;
    if (c === '#') fragments++;
    if (c === '?' && fragments === 0) inQuery = true;
    const ok = cp < 0x80 ? IRI_ASCII.test(c) : isUcschar(cp) || (inQuery && fragments === 0 && isIprivate(cp));
    if (!ok) throw new ParameterError(name, `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in an IRI`);
    if (c === '%' && !/^[0-9A-Fa-f]{2}$/.test((chars[i + 1] ?? '') + (chars[i + 2] ?? ''))) throw new ParameterError(name, "'%' must start a %HH escape");
  }
  if (fragments > 1) throw new ParameterError(name, "an IRI has at most one '#'");
  const rest = value.slice(value.indexOf(':') + 1);
  if (rest.startsWith('//')) {
    const authority = /^\/\/([^/?#]*)/.exec(rest)![1]!;
    if (!AUTHORITY.test(authority)) throw new ParameterError(name, `invalid authority ${JSON.stringify(authority)}`);
  }
  return DataFactory.namedNode(value);
}

/** Checks that `value` is a string (any content) and returns it as a plain literal. */
export function stringParam(name: string, value: unknown, maxLength = 10_000): Literal {
  if (typeof value !== 'string') throw new ParameterError(name, `expected a string, got ${typeof value}`);
  if (value.length > maxLength) throw new ParameterError(name, `longer than ${maxLength} characters`);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    throw new ParameterError(name, 'contains a lone surrogate (not valid Unicode)');
  }
  return DataFactory.literal(value);
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
/** Checks an ISO date prefix (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) and returns it as an `xsd:date` of its first day. */
export function dateParam(name: string, value: unknown, end = false): Literal {
  if (typeof value !== 'string') throw new ParameterError(name, `expected an ISO date string, got ${typeof value}`);
  const m = ISO_DATE.exec(value);
  if (!m) throw new ParameterError(name, 'expected YYYY, YYYY-MM or YYYY-MM-DD');
  const y = Number(m[1]), mo = m[2] ? Number(m[2]) : end ? 12 : 1;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : end ? lastDay : 1;
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay) throw new ParameterError(name, `${value} is not a calendar date`);
  const iso = `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return DataFactory.literal(iso, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date'));
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Writes a term in SPARQL syntax: `<iri>`, or a fully escaped literal with its language or datatype. */
export function termToSparql(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      if (IRI_FORBIDDEN.test(term.value)) throw new ParameterError('term', `IRI ${JSON.stringify(term.value)} has characters IRIs may not hold`);
      return `<${term.value}>`;
    case 'Literal': {
      const lex = `"${term.value.replace(/[\\"\n\r\t\b\f\u0000-\u001f\u007f\u2028\u2029]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
      if (term.language) {
        if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(term.language)) throw new ParameterError('term', `bad language tag ${JSON.stringify(term.language)}`);
        return `${lex}@${term.language}`;
      }
      const dt = term.datatype.value;
      return dt === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^${termToSparql(DataFactory.namedNode(dt))}`;
    }
    default:
      throw new ParameterError('term', `a ${term.termType} cannot be bound as a parameter`);
  }
}

/** Bindings of query variables to RDF terms; a variable bound to an array takes each value in turn. */
export type Bindings = Readonly<Record<string, Term | readonly Term[]>>;

const VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds a SPARQL `VALUES` block from bindings (one row per combination of array values). */
export function valuesBlock(bindings: Bindings): string {
  const names = Object.keys(bindings);
  if (names.length === 0) return '';
  for (const n of names) if (!VAR.test(n)) throw new ParameterError(n, 'variable names are letters, digits and _');
  let rows: Term[][] = [[]];
  for (const n of names) {
    const v = bindings[n]!;
    const list = Array.isArray(v) ? (v as readonly Term[]) : [v as Term];
    rows = rows.flatMap((r) => list.map((t) => [...r, t]));
  }
  const body = rows.map((r) => `(${r.map(termToSparql).join(' ')})`).join(' ');
  return `VALUES (${names.map((n) => `?${n}`).join(' ')}) { ${body} }`;
}

/**
 * Prepares a query text for a target: adds the package prefixes it uses without declaring them, then
 * binds the parameters (see {@link bindQuery}). Both targets run every query through this.
 */
export function prepareQuery(query: string, bindings: Bindings | undefined): string {
  return bindQuery(withPackagePrefixes(query), bindings);
}

/**
 * Binds parameters into a query: the VALUES block goes right after the first `WHERE {` (so it also
 * constrains aggregates), or at the end of the query when there is no such clause.
 */
export function bindQuery(query: string, bindings: Bindings | undefined): string {
  if (!bindings || Object.keys(bindings).length === 0) return query;
  const block = valuesBlock(bindings);
  const m = /\bWHERE\s*\{/i.exec(query);
  if (!m) return `${query}\n${block}`;
  const at = m.index + m[0].length;
  return `${query.slice(0, at)}\n  ${block}\n${query.slice(at)}`;
}
