/**
 * Serving the static site: from memory (a generated site) or from a folder (`kaspersky-kg site --out DIR`),
 * with safe path resolution (nothing outside the site is ever read), media types by extension, and Linked
 * Data content negotiation for extension-less paths, like the IRIs themselves: `/id/person/x`,
 * `/claim/C15` and `/ontology` (where `…/ontology#Term` is looked up) answer with the HTML page, Turtle,
 * JSON-LD, N-Triples or RDF/XML by the `Accept` header (`Vary: Accept`, a `Link` header naming every
 * alternate, `Content-Location` the file served), and 406 with the list of what is available when none is
 * acceptable. A page without a JSON-LD file (a claim, a source) gets one made from its Turtle file.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { Parser } from 'n3';
import { choosePageVariant, PAGE_VARIANT_TYPES } from './negotiate.js';
import { toJsonLd } from '../export/jsonld.js';

/** Media types by file extension. */
export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.ttl': 'text/turtle; charset=utf-8',
  '.nq': 'application/n-quads; charset=utf-8',
  '.nt': 'application/n-triples; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.cff': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where the site's files come from. */
export interface SiteSource {
  /** The file at a site path (`id/person/x.html`), or undefined. */
  read(path: string): Buffer | undefined;
}

/** A site held in memory (path → content). */
export function memorySite(files: ReadonlyMap<string, string | Uint8Array>): SiteSource {
  const cache = new Map<string, Buffer>();
  return {
    read(path) {
      let b = cache.get(path);
      if (b) return b;
      const c = files.get(path);
      if (c === undefined) return undefined;
      b = typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
      cache.set(path, b);
      return b;
    },
  };
}

/** A site in a folder; paths that would leave the folder are never read. */
export function folderSite(dir: string): SiteSource {
  const root = resolve(dir);
  return {
    read(path) {
      const abs = resolve(root, path);
      if (!abs.startsWith(root + sep)) return undefined;
      try {
        if (!statSync(abs).isFile()) return undefined;
        return readFileSync(abs);
      } catch {
        return undefined;
      }
    },
  };
}

/** The answer for a static request (`headers`: extra response headers, e.g. `Link` and `Content-Location`). */
export type StaticAnswer =
  | { status: 200; body: Buffer; type: string; vary?: string; headers?: Record<string, string> }
  | { status: 301; location: string; headers?: Record<string, string> }
  | { status: 303; location: string; headers?: Record<string, string> }
  | { status: 400 | 404 | 406; message: string; headers?: Record<string, string> };

/** The RDF representations a page may have beside its HTML, in the order offered. */
export const RDF_EXTENSIONS: readonly string[] = ['.ttl', '.jsonld', '.nt', '.rdf'];

const madeJsonLd = new WeakMap<SiteSource, Map<string, Buffer>>();

/** A page's JSON-LD: its file, else made from its Turtle file (compacted, context embedded); undefined for neither. */
function jsonLdOf(site: SiteSource, base: string): Buffer | undefined {
  const file = site.read(`${base}.jsonld`);
  if (file) return file;
  const ttl = site.read(`${base}.ttl`);
  if (!ttl) return undefined;
  let cache = madeJsonLd.get(site);
  if (!cache) madeJsonLd.set(site, (cache = new Map()));
  let made = cache.get(base);
  if (!made) {
    const quads = new Parser({ format: 'Turtle' }).parse(ttl.toString('utf8'));
    cache.set(base, (made = Buffer.from(toJsonLd(quads, { contextRef: 'embedded' }), 'utf8')));
  }
  return made;
}

/** The `Link` header naming a resource's representations (`<url>; rel="alternate"; type="…"`). */
export function linkHeader(variants: readonly { ext: string; href: string }[]): string {
  return variants.map((v) => `<${v.href}>; rel="alternate"; type="${PAGE_VARIANT_TYPES[v.ext]}"`).join(', ');
}

function extOf(p: string): string {
  const m = /\.[A-Za-z0-9]+$/.exec(p.slice(p.lastIndexOf('/') + 1));
  return m ? m[0].toLowerCase() : '';
}

/** Resolves a request path (URL-encoded, starting with `/`) to a file of the site. */
export function resolveStatic(site: SiteSource, urlPath: string, accept: string | undefined): StaticAnswer {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, message: 'malformed percent-encoding in the path' };
  }
  if (path.includes('\0') || path.includes('\\') || !path.startsWith('/')) return { status: 400, message: 'invalid path' };
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { status: 400, message: 'invalid path' };
  let rel = segments.join('/');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = site.read(rel);
  if (file) {
    // A page's HTML names its RDF alternates in a Link header too.
    const base = rel.endsWith('.html') ? rel.slice(0, -5) : undefined;
    const alts = base && !base.endsWith('/index') ? RDF_EXTENSIONS.filter((e) => site.read(`${base}${e}`)) : [];
    const headers = alts.length ? { link: linkHeader(alts.map((e) => ({ ext: e, href: `/${base}${e}` }))) } : undefined;
    return { status: 200, body: file, type: MEDIA_TYPES[extOf(rel)] ?? 'application/octet-stream', ...(headers ? { headers } : {}) };
  }
  // A page's JSON-LD made from its Turtle file (claims, sources: no JSON-LD file of their own).
  if (extOf(rel) === '.jsonld') {
    const made = jsonLdOf(site, rel.slice(0, -'.jsonld'.length));
    if (made) return { status: 200, body: made, type: MEDIA_TYPES['.jsonld']! };
  }
  if (!extOf(rel)) {
    const folder = site.read(`${rel}/index.html`) !== undefined;
    const html = folder || site.read(`${rel}.html`) !== undefined;
    const rdf = RDF_EXTENSIONS.filter((e) => site.read(`${rel}${e}`) || (e === '.jsonld' && site.read(`${rel}.ttl`)));
    // A folder without its slash and nothing else: redirect, so that the page's relative links resolve.
    if (folder && !rdf.length) return { status: 301, location: `${urlPath}/` };
    if (html || rdf.length) {
      // A resource: negotiate among its representations.
      const variants = [...(html ? [{ ext: '.html', href: folder ? `${urlPath}/` : `${urlPath}.html` }] : []), ...rdf.map((e) => ({ ext: e, href: `${urlPath}${e}` }))];
      const headers: Record<string, string> = { vary: 'Accept', link: linkHeader(variants) };
      const ext = choosePageVariant(accept, variants.map((v) => v.ext));
      if (!ext) {
        return { status: 406, message: `${path} is available as ${variants.map((v) => PAGE_VARIANT_TYPES[v.ext]).join(', ')}; none of them is acceptable (Accept: ${accept ?? ''})`, headers };
      }
      if (ext === '.html' && folder) return { status: 303, location: `${urlPath}/`, headers };
      const body = ext === '.jsonld' ? jsonLdOf(site, rel)! : site.read(`${rel}${ext}`)!;
      return { status: 200, body, type: MEDIA_TYPES[ext]!, vary: 'Accept', headers: { ...headers, 'content-location': `${urlPath}${ext}` } };
    }
  }
  return { status: 404, message: `not found: ${path}` };
}
