/**
 * HTML building blocks of the static site: escaping, relative links between pages, the page shell
 * (navigation, stylesheet) and the rendering of RDF terms as links or literals. Pages are plain static
 * HTML/CSS/SVG: no framework, no external resources.
 * @module
 */
import { posix } from 'node:path';
import { CLAIM, ID, KG, ONTOLOGY, PREFIXES } from '../namespaces.js';

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A path segment list is "safe" when it maps to file names without escaping. */
const SAFE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** A short, stable hash of a string (FNV-1a, 32 bits, hex), for file names of unusual IRIs. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The site path (without extension) of a package IRI, mirroring the IRI: `id:person/x` → `id/person/x`,
 * `claim:C15` → `claim/C15`; `undefined` for IRIs that get no page of their own (kg: terms, external IRIs).
 */
export function pageBase(iri: string): string | undefined {
  for (const [ns, dir] of [[ID, 'id'], [CLAIM, 'claim']] as const) {
    if (!iri.startsWith(ns)) continue;
    const rest = iri.slice(ns.length);
    if (rest === '') return undefined;
    return SAFE_PATH.test(rest) ? `${dir}/${rest}` : `${dir}/_/${shortHash(iri)}`;
  }
  return undefined;
}

/**
 * Where a link to an IRI goes, as a site path (`id/person/x.html`, `ontology/index.html#Company`) or an
 * absolute external IRI; `undefined` when the IRI is neither ours with a page nor dereferenceable.
 */
export function hrefOf(iri: string, pages: ReadonlySet<string>): string | undefined {
  const base = pageBase(iri);
  if (base !== undefined) return pages.has(iri) ? `${base}.html` : undefined;
  if (iri === ID) return 'id/index.html';
  if (iri.startsWith(KG)) return `ontology/index.html#${encodeURIComponent(iri.slice(KG.length))}`;
  if (iri === ONTOLOGY || iri.startsWith(`${ONTOLOGY}/`)) return 'ontology/index.html';
  if (/^https?:\/\//.test(iri)) return iri;
  return undefined;
}

/** The relative URL from the page at `from` (a site path) to `to` (a site path or an absolute URL). */
export function rel(from: string, to: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(to)) return to;
  const key = `${from}\u0000${to}`;
  let r = relCache.get(key);
  if (r === undefined) {
    const [path, hash] = to.split('#', 2) as [string, string | undefined];
    const dir = posix.dirname(from);
    const up = dir === '.' ? '' : '../'.repeat(dir.split('/').length);
    const p = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : `${up}${path}`;
    r = hash === undefined ? p : `${p}#${hash}`;
    if (relCache.size > 200_000) relCache.clear();
    relCache.set(key, r);
  }
  return r;
}
const relCache = new Map<string, string>();

const PREFIX_LIST = Object.entries(PREFIXES).sort((a, b) => b[1].length - a[1].length);

/** A compact name for an IRI: `kg:Company`, `id:person/x`, `schema:Corporation`, else the IRI. */
export function curie(iri: string, extra: Readonly<Record<string, string>> = {}): string {
  for (const [p, ns] of [...Object.entries(extra), ...PREFIX_LIST]) if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
  return iri;
}

/** The navigation entries of every page: label and site path. */
const NAV: readonly (readonly [string, string])[] = [
  ['Home', 'index.html'],
  ['Entities', 'id/index.html'],
  ['Timeline', 'timeline.html'],
  ['Parties & actions', 'graph.html'],
  ['Ontology', 'ontology/index.html'],
  ['SPARQL', 'sparql.html'],
];

/** Options of {@link page}. */
export interface PageOptions {
  /** The page's site path (`id/person/x.html`), for relative links. */
  path: string;
  /** The `<title>` (the site name is appended). */
  title: string;
  /** The body HTML (inside `<main>`). */
  body: string;
  /** Extra HTML for `<head>` (JSON-LD script, alternates). */
  head?: string;
  /** Extra HTML at the end of `<body>` (the SPARQL page's script). */
  tail?: string;
}

/** The site's name, shown in the header and page titles. */
const SITE_NAME = 'kaspersky-kg';

/** A complete HTML page: doctype, head with stylesheet, navigation, main content, footer. */
export function page(o: PageOptions): string {
  const nav = NAV.map(([label, to]) => `<a href="${esc(rel(o.path, to))}"${to === o.path ? ' aria-current="page"' : ''}>${esc(label)}</a>`).join('\n      ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} — ${SITE_NAME}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(rel(o.path, 'style.css'))}">
${o.head ?? ''}</head>
<body>
<header class="site">
  <a class="brand" href="${esc(rel(o.path, 'index.html'))}">${SITE_NAME}</a>
  <nav>
      ${nav}
  </nav>
</header>
<main>
${o.body}
</main>
<footer class="site">Generated from the kaspersky-kg data package. Data: CC BY 4.0. The default graph (“facts”) holds only what sources establish; every statement is traceable to a claim and its source.</footer>
${o.tail ?? ''}</body>
</html>
`;
}

/** Serialises a value as JSON for a `<script>` element (no `</script>` or `<!--` can end it early). */
export function scriptJson(value: unknown, indent = 0): string {
  return JSON.stringify(value, null, indent).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The stylesheet of the site (one file, `style.css`). */
export const STYLE_CSS = `:root { --fg: #1d2430; --muted: #5b6575; --line: #d9dee7; --bg: #ffffff; --soft: #f4f6fa; --accent: #1f5fbf; --fact: #1b7f3b; --claim: #9a5b00; --contra: #b3261e; --partly: #a35200; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.site { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header.site .brand { font-weight: 700; color: var(--fg); }
header.site nav { display: flex; flex-wrap: wrap; gap: .9rem; }
header.site nav a[aria-current] { font-weight: 600; color: var(--fg); }
main { max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 2rem; }
footer.site { max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 2rem; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: .4rem 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.02rem; margin: 1.1rem 0 .3rem; }
code, pre, textarea { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
.iri { color: var(--muted); word-break: break-all; }
.muted { color: var(--muted); }
.tags span, .tag { display: inline-block; padding: 0 .45rem; margin: 0 .25rem .2rem 0; border-radius: 999px; background: var(--soft); border: 1px solid var(--line); font-size: 13px; }
.tag.fact { border-color: var(--fact); color: var(--fact); }
.tag.notfact { border-color: var(--claim); color: var(--claim); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.p { width: 14rem; color: var(--muted); }
.lang { color: var(--muted); font-size: 12px; margin-left: .2rem; }
.dt { color: var(--muted); font-size: 12px; margin-left: .2rem; }
ul.values { margin: 0; padding-left: 1.1rem; }
ul.values.single { list-style: none; padding-left: 0; }
.claim { border: 1px solid var(--line); border-left: 4px solid var(--claim); border-radius: 6px; padding: .5rem .8rem; margin: .6rem 0; }
.claim.fact { border-left-color: var(--fact); }
ul.evidence { list-style: none; padding-left: 0; margin: .3rem 0; }
ul.evidence li { margin: .3rem 0; }
ul.triples.denied li, p.denial { color: var(--claim); }
ul.denials > li { margin: .6rem 0; }
.tag.paraphrase { font-style: italic; }
.claim h3 { margin: 0 0 .2rem; }
blockquote { margin: .4rem 0; padding: .2rem .8rem; border-left: 3px solid var(--line); color: #2c3442; background: var(--soft); }
blockquote.sentence { font-style: italic; }
mark { background: #fff1a8; }
.triples { font-size: 13px; margin: .3rem 0 0; padding-left: 1.1rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .8rem 0; }
.card h3 { margin-top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: .2rem 1.2rem; }
.figure svg { max-width: 100%; height: auto; }
.figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; background: #fff; }
.downloads a { margin-right: .8rem; }
textarea#query { width: 100%; min-height: 16rem; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; }
.controls { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: .5rem 0; }
.controls select { max-width: 40rem; }
button { font: inherit; padding: .3rem 1rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
#status.error { color: #b00020; white-space: pre-wrap; }
pre.result { background: var(--soft); padding: .6rem; overflow-x: auto; border-radius: 6px; }
.stats { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.stats div { font-size: 1.4rem; font-weight: 600; }
.stats small { display: block; font-size: 12px; font-weight: 400; color: var(--muted); }
.tag.verif-contradicted, span.verif-contradicted { border-color: var(--contra); color: var(--contra); background: #fdecea; font-weight: 600; }
.tag.verif-partly, span.verif-partly { border-color: var(--partly); color: var(--partly); background: #fff1dc; font-weight: 600; }
.claim.verif-contradicted { border-left-color: var(--contra); background: #fff8f7; }
.claim.verif-partly { border-left-color: var(--partly); background: #fffaf2; }
ul.contested { list-style: none; padding-left: 0; }
li.contested { border-left: 4px solid var(--line); padding: .2rem 0 .2rem .7rem; margin: .8rem 0; }
li.contested.verif-contradicted { border-left-color: var(--contra); }
li.contested.verif-partly { border-left-color: var(--partly); }
tr.verif-contradicted td:first-child { border-left: 4px solid var(--contra); }
tr.verif-partly td:first-child { border-left: 4px solid var(--partly); }
ul.brief li { margin: .25rem 0; }
.lede { font-size: 1.05rem; }
figcaption, .caption { color: var(--muted); font-size: 13px; margin: .3rem 0 0; }
.tree ul { list-style: none; padding-left: 1.2rem; margin: 0; }
.tree > ul { padding-left: 0; }
`;

/** A coordinate for SVG output, rounded to one decimal (stable, compact). */
export function svgNum(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** An SVG item: a link (`<a href>`) when it has a target page, else a plain group, with the same attributes. */
export function svgItem(link: string | undefined, attrs: string, inner: string): string {
  return link ? `<a href="${esc(link)}" ${attrs}>${inner}</a>` : `<g ${attrs}>${inner}</g>`;
}
