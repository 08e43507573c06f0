/**
 * The competency questions answered when the site is built: each query run by Oxigraph (the engine the
 * endpoint and the SPARQL page use) over the dataset's N-Quads, with the package's prefixes added as the
 * CLI adds them, and its answer rendered as an HTML table — so the SPARQL page shows every answer without
 * JavaScript and without a server.
 * @module
 */
import { withPackagePrefixes } from '../query/prefixes.js';
import { PREFIXES } from '../namespaces.js';
import { curie, esc, hrefOf } from './html.js';

/** A term of the SPARQL 1.1 JSON results format. */
export interface JsonTerm {
  readonly type: 'uri' | 'literal' | 'bnode' | 'typed-literal' | 'triple';
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

/** One question's answer. */
export type Answer =
  | { readonly kind: 'select'; readonly vars: readonly string[]; readonly rows: readonly Readonly<Record<string, JsonTerm>>[] }
  | { readonly kind: 'ask'; readonly boolean: boolean }
  | { readonly kind: 'graph'; readonly turtle: string }
  | { readonly kind: 'error'; readonly message: string };

/** A minimal view of an Oxigraph store (the Node build), as far as answering needs. */
interface OxStore {
  query(query: string, options: { results_format: string }): unknown;
}

/** Runs a query on an Oxigraph store as the endpoint would (SPARQL JSON results, or Turtle for graphs). */
export function answerQuery(store: OxStore, query: string): Answer {
  const q = withPackagePrefixes(query);
  try {
    let text: string;
    try {
      text = String(store.query(q, { results_format: 'application/sparql-results+json' }));
    } catch (error) {
      if (!/Not supported (?:RDF|SPARQL query results) format/i.test((error as Error).message)) throw error;
      return { kind: 'graph', turtle: String(store.query(q, { results_format: 'text/turtle' })) };
    }
    const json = JSON.parse(text) as { boolean?: boolean; head: { vars?: string[] }; results?: { bindings: Record<string, JsonTerm>[] } };
    if (typeof json.boolean === 'boolean') return { kind: 'ask', boolean: json.boolean };
    return { kind: 'select', vars: json.head.vars ?? [], rows: json.results?.bindings ?? [] };
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
}

/** Answers every question over the N-Quads with an in-memory Oxigraph store. */
export async function answerQuestions<Q extends { name: string; query: string }>(nquads: string, questions: readonly Q[]): Promise<Map<string, Answer>> {
  const ox = await import('oxigraph');
  const store = new ox.Store();
  store.load(nquads, { format: 'application/n-quads' });
  return new Map(questions.map((q) => [q.name, answerQuery(store as unknown as OxStore, q.query)]));
}

const XSD = PREFIXES.xsd!;

/** A result cell: package IRIs link to their pages (from the site root), every IRI is shown compact with the full IRI as title. */
export function termCell(t: JsonTerm | undefined, v: string, pages: ReadonlySet<string>): string {
  if (!t) return `<td data-var="${esc(v)}"></td>`;
  const data = ` data-var="${esc(v)}" data-type="${esc(t.type)}" data-value="${esc(t.value)}"`;
  if (t.type === 'uri') {
    const h = hrefOf(t.value, pages);
    const text = esc(curie(t.value));
    return `<td${data}>${h ? `<a href="${esc(h)}" title="${esc(t.value)}"${/^https?:/.test(h) ? ' rel="external"' : ''}>${text}</a>` : `<span title="${esc(t.value)}">${text}</span>`}</td>`;
  }
  if (t.type === 'bnode') return `<td${data}>_:${esc(t.value)}</td>`;
  const extra = t['xml:lang'] ? `@${t['xml:lang']}` : t.datatype && t.datatype !== `${XSD}string` ? curie(t.datatype) : '';
  return `<td${data}>${esc(t.value)}${extra ? `<span class="dt">${esc(extra)}</span>` : ''}</td>`;
}

/** An answer as HTML: a table for SELECT, yes/no for ASK, Turtle for graphs, the message for an error. */
export function answerHtml(a: Answer, pages: ReadonlySet<string>): string {
  if (a.kind === 'ask') return `<p class="answer ask" data-boolean="${a.boolean}">Answer: <strong>${a.boolean ? 'yes' : 'no'}</strong></p>`;
  if (a.kind === 'graph') return `<pre class="answer result">${esc(a.turtle)}</pre>`;
  if (a.kind === 'error') return `<p class="answer error">The query failed: ${esc(a.message.split('\n')[0]!)}</p>`;
  const head = `<tr>${a.vars.map((v) => `<th>${esc(v)}</th>`).join('')}</tr>`;
  const rows = a.rows.map((r) => `<tr>${a.vars.map((v) => termCell(r[v], v, pages)).join('')}</tr>`);
  return `<p class="muted">${a.rows.length} row${a.rows.length === 1 ? '' : 's'}</p><table class="answer"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}
