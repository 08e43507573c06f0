/**
 * Serving the static site: from memory (a generated site) or from a folder (`kaspersky-kg site --out DIR`),
 * with safe path resolution (nothing outside the site is ever read), media types by extension, and content
 * negotiation for extension-less entity paths: `/id/person/x` answers with the HTML page, the JSON-LD or the
 * Turtle file by the `Accept` header, like the `…/id/…` IRIs themselves.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { choosePageVariant } from './negotiate.js';

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

/** The answer for a static request. */
export type StaticAnswer =
  | { status: 200; body: Buffer; type: string; vary?: string }
  | { status: 301; location: string }
  | { status: 400 | 404; message: string };

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
  if (file) return { status: 200, body: file, type: MEDIA_TYPES[extOf(rel)] ?? 'application/octet-stream' };
  if (!extOf(rel)) {
    // A folder without its slash: redirect, so that the page's relative links resolve.
    if (site.read(`${rel}/index.html`)) return { status: 301, location: `${urlPath}/` };
    // An entity path: negotiate among its representations.
    const available = ['.html', '.jsonld', '.ttl'].filter((e) => site.read(`${rel}${e}`));
    if (available.length) {
      const ext = choosePageVariant(accept, available) ?? '.html';
      return { status: 200, body: site.read(`${rel}${ext}`)!, type: MEDIA_TYPES[ext]!, vary: 'Accept' };
    }
  }
  return { status: 404, message: `not found: ${path}` };
}
