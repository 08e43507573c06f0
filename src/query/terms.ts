/**
 * RDF terms as query parameters: validation and SPARQL serialisation. Caller strings never reach query
 * text except through these functions, which either escape them as literals or reject them as IRIs.
 * @module
 */
import type { Term, NamedNode, Literal } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { withPackagePrefixes } from './prefixes.js';
import { iriProblem, preview } from '../rdf/wellformed.js';
import { escapeSparqlLiteral } from '../rdf/escape.js';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** A parameter that cannot be bound: wrong type, empty, or an IRI with characters IRIs may not hold. */
export class ParameterError extends TypeError {
  /** The parameter's name. */
  readonly parameter: string;
  constructor(parameter: string, detail: string) {
    const first = `invalid parameter ${String(parameter).slice(0, 80)}: ${detail}`.split('\n')[0]!;
    super(first.length > 300 ? `${first.slice(0, 299)}…` : first);
    this.name = 'ParameterError';
    this.parameter = parameter;
  }
}

// IRIREF excludes these (SPARQL 1.1 grammar [139]) and we also refuse all whitespace/controls.
const IRI_FORBIDDEN = /[\u0000-\u0020<>"{}|^`\\\u007f-\u009f\u2028\u2029]/u;

/** What a hostile value is, in a few words, for a message (never the whole value). */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Checks that `value` is an absolute IRI (RFC 3987 syntax; IP-literal hosts in brackets are not accepted)
 * safe to write as `<value>`; returns it as a NamedNode. Anything else is a {@link ParameterError} naming
 * `name`: not a string, empty, relative, longer than 4096 characters, or with a character IRIs may not hold.
 */
export function iriParam(name: string, value: unknown): NamedNode {
  if (typeof value !== 'string') throw new ParameterError(name, `expected an IRI string, got ${kindOf(value)}`);
  if (value.trim() === '') throw new ParameterError(name, 'expected an IRI, got an empty string');
  if (!SCHEME.test(value)) throw new ParameterError(name, `expected an absolute IRI (scheme:...), got ${preview(value)}`);
  const forbidden = IRI_FORBIDDEN.exec(value);
  if (forbidden) throw new ParameterError(name, `character U+${forbidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in an IRI`);
  const problem = iriProblem(value, 4096);
  if (problem) throw new ParameterError(name, problem);
  return DataFactory.namedNode(value);
}

/** Checks that `value` is a string (any content) and returns it as a plain literal. */
export function stringParam(name: string, value: unknown, maxLength = 10_000): Literal {
  if (typeof value !== 'string') throw new ParameterError(name, `expected a string, got ${kindOf(value)}`);
  if (value.length > maxLength) throw new ParameterError(name, `longer than ${maxLength} characters`);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    throw new ParameterError(name, 'contains a lone surrogate (not valid Unicode)');
  }
  return DataFactory.literal(value);
}

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
/** Checks an ISO date prefix (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) and returns it as an `xsd:date` of its first day. */
export function dateParam(name: string, value: unknown, end = false): Literal {
  if (typeof value !== 'string') throw new ParameterError(name, `expected an ISO date string, got ${kindOf(value)}`);
  const m = ISO_DATE.exec(value);
  if (!m) throw new ParameterError(name, `expected YYYY, YYYY-MM or YYYY-MM-DD, got ${preview(value, 40)}`);
  const y = Number(m[1]), mo = m[2] ? Number(m[2]) : end ? 12 : 1;
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : end ? lastDay : 1;
  if (mo < 1 || mo > 12 || d < 1 || d > lastDay) throw new ParameterError(name, `${preview(value, 40)} is not a calendar date`);
  const iso = `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return DataFactory.literal(iso, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date'));
}


/**
 * Writes a term in SPARQL syntax: `<iri>`, or a fully escaped literal with its language or datatype. A
 * value that is no RDF term, a relative or malformed IRI, a malformed language tag, or a blank node is a
 * {@link ParameterError} naming `name` (default `term`).
 */
export function termToSparql(term: Term, name = 'term'): string {
  if (!term || typeof term !== 'object' || typeof (term as { termType?: unknown }).termType !== 'string') {
    throw new ParameterError(name, `expected an RDF term (NamedNode or Literal), got ${kindOf(term)}`);
  }
  const raw = (term as { value?: unknown }).value;
  if (typeof raw !== 'string') throw new ParameterError(name, `the term's value is ${kindOf(raw)}, not a string`);
  switch (term.termType) {
    case 'NamedNode': {
      if (IRI_FORBIDDEN.test(term.value)) throw new ParameterError(name, `IRI ${preview(term.value)} has characters IRIs may not hold`);
      const problem = iriProblem(term.value);
      if (problem) throw new ParameterError(name, problem);
      return `<${term.value}>`;
    }
    case 'Literal': {
      const lex = `"${escapeSparqlLiteral(term.value)}"`;
      if (term.language) {
        if (typeof term.language !== 'string' || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(term.language)) throw new ParameterError(name, `bad language tag ${preview(String(term.language), 40)}`);
        return `${lex}@${term.language}`;
      }
      const dt = term.datatype?.value;
      if (typeof dt !== 'string') throw new ParameterError(name, 'a literal without a datatype IRI');
      return dt === 'http://www.w3.org/2001/XMLSchema#string' ? lex : `${lex}^^${termToSparql(DataFactory.namedNode(dt), name)}`;
    }
    default:
      throw new ParameterError(name, `a ${String(term.termType).slice(0, 20)} cannot be bound as a parameter`);
  }
}

/** Bindings of query variables to RDF terms; a variable bound to an array takes each value in turn. */
export type Bindings = Readonly<Record<string, Term | readonly Term[]>>;

const VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds a SPARQL `VALUES` block from bindings (one row per combination of array values). */
export function valuesBlock(bindings: Bindings): string {
  if (!bindings || typeof bindings !== 'object' || Array.isArray(bindings)) throw new ParameterError('bindings', `expected an object of variable names to RDF terms, got ${kindOf(bindings)}`);
  const names = Object.keys(bindings);
  if (names.length === 0) return '';
  for (const n of names) if (!VAR.test(n)) throw new ParameterError(n, 'variable names are letters, digits and _');
  let rows: Term[][] = [[]];
  for (const n of names) {
    const v = bindings[n]!;
    const list = Array.isArray(v) ? (v as readonly Term[]) : [v as Term];
    if (list.length === 0) throw new ParameterError(n, 'an empty list of values binds nothing (the query would match nothing)');
    rows = rows.flatMap((r) => list.map((t) => [...r, t]));
  }
  const body = rows.map((r) => `(${r.map((t, i) => termToSparql(t, names[i])).join(' ')})`).join(' ');
  return `VALUES (${names.map((n) => `?${n}`).join(' ')}) { ${body} }`;
}

/**
 * Prepares a query text for a target: adds the package prefixes it uses without declaring them, then
 * binds the parameters (see {@link bindQuery}). Both targets run every query through this.
 */
export function prepareQuery(query: string, bindings: Bindings | undefined): string {
  if (typeof query !== 'string') throw new ParameterError('query', `expected SPARQL text, got ${kindOf(query)}`);
  if (bindings !== undefined && bindings !== null && (typeof bindings !== 'object' || Array.isArray(bindings))) throw new ParameterError('bindings', `expected an object of variable names to RDF terms, got ${kindOf(bindings)}`);
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
