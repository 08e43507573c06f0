/**
 * The files that let the SPARQL page answer queries in the browser with no server, from `file://` as from
 * any static host: Oxigraph's web build (the `oxigraph` package's `web.js`, turned from an ES module into a
 * classic script, since browsers load no module from `file://`), its WebAssembly and the dataset's N-Quads,
 * each gzip-compressed and carried as base64 in a classic script (`file://` pages cannot fetch). The page
 * adds them with `<script src>` when a query is first run, unpacks them with `DecompressionStream` and
 * loads the N-Quads into an in-memory store.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The site paths of the three scripts, in loading order. */
export const SPARQL_ASSET_PATHS = {
  engine: 'sparql/oxigraph.js',
  wasm: 'sparql/oxigraph-wasm.js',
  data: 'sparql/data.js',
} as const;

/** The folder of the installed `oxigraph` package. */
function oxigraphDir(): string {
  return dirname(createRequire(import.meta.url).resolve('oxigraph/package.json'));
}

/** The installed `oxigraph` package's version. */
export function oxigraphVersion(): string {
  return (JSON.parse(readFileSync(join(oxigraphDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Oxigraph's `web.js` as a classic script defining `self.oxigraph` (`Store`, term factories, and `init`,
 * which takes the WebAssembly bytes). Fails clearly if the package's layout is not the one this expects.
 */
export function engineScript(source: string = readFileSync(join(oxigraphDir(), 'web.js'), 'utf8')): string {
  const tail = /export\s*\{\s*initSync\s*,\s*__wbg_init as default\s*\};?\s*$/;
  const names = [...source.matchAll(/^export (?:class|function) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
  if (!tail.test(source) || !names.includes('Store') || !source.includes("new URL('web_bg.wasm', import.meta.url)")) {
    throw new Error(`the oxigraph package's web.js (version ${oxigraphVersion()}) does not have the layout the site expects (ES module exports, __wbg_init); the SPARQL page cannot embed it`);
  }
  const body = source
    .replace(/^export (class|function) /gm, '$1 ')
    .replace("new URL('web_bg.wasm', import.meta.url)", "(function () { throw new Error('the WebAssembly bytes must be given'); })()")
    .replace(tail, '');
  if (/\bimport\.meta\b|^\s*(import|export)\s/m.test(body)) throw new Error("the oxigraph package's web.js still has module syntax after conversion; the SPARQL page cannot embed it");
  return `/* Oxigraph ${oxigraphVersion()} (MIT OR Apache-2.0), https://github.com/oxigraph/oxigraph: its web.js as a classic script. */
(function () {
'use strict';
${body}
self.oxigraph = { ${names.map((n) => `${n}: ${n}`).join(', ')}, init: __wbg_init, initSync: initSync };
})();
`;
}

/** A classic script assigning base64 text of gzip-compressed bytes to `self[name]`. */
export function packedScript(name: string, bytes: Uint8Array | string, comment: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new TypeError(`not a script variable name: ${name}`);
  const gz = gzipSync(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, { level: 9 });
  return `/* ${comment.replace(/\*\//g, '* /')} (gzip, base64) */\nself.${name} = "${gz.toString('base64')}";\n`;
}

/** The three scripts (site path → content): the engine, its WebAssembly, and the dataset's N-Quads. */
export function sparqlAssets(nquads: string): Map<string, string> {
  const wasm = readFileSync(join(oxigraphDir(), 'web_bg.wasm'));
  return new Map([
    [SPARQL_ASSET_PATHS.engine, engineScript()],
    [SPARQL_ASSET_PATHS.wasm, packedScript('KKG_OXIGRAPH_WASM', wasm, `Oxigraph ${oxigraphVersion()} WebAssembly`)],
    [SPARQL_ASSET_PATHS.data, packedScript('KKG_DATA_NQ', nquads, 'the kaspersky-kg dataset as N-Quads (the same as kaspersky-kg.nq)')],
  ]);
}
