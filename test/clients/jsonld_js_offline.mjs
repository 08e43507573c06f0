/**
 * Reads every JSON-LD file of an export or release folder with jsonld.js as a user would: `jsonld.toRDF(doc)`
 * with the default (Node) document loader, no options (the test runs it with no network, `unshare -rn`).
 *
 * Usage: node test/clients/jsonld_js_offline.mjs DIR   (run from the package root, so that `jsonld` resolves)
 * Checks with jsonld.js's own canonicalisation (RDFC-1.0 / URDNA2015): each whole-graph document
 * (kaspersky-kg.jsonld, kaspersky-kg.expanded.jsonld) canonicalises to the canonical N-Quads of
 * kaspersky-kg.nq; each entity document (entities/**.jsonld, each line of kaspersky-kg.entities.jsonl) gives
 * quads that are all among them (entity documents have no blank nodes); context files read without error.
 * Prints JSON {"files", "documents", "counts": {file: quads}, "problems": [...]}.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import jsonld from 'jsonld';

const root = process.argv[2];
const problems = [];
const counts = {};
let files = 0;
let documents = 0;
const lines = (nq) => nq.split('\n').filter((l) => l.length > 0);
const fail = (label, e) => problems.push(`${label}: ${String(e?.message ?? e).split('\n')[0].slice(0, 300)}`);

const reference = await jsonld.canonize(readFileSync(join(root, 'kaspersky-kg.nq'), 'utf8'), { algorithm: 'URDNA2015', inputFormat: 'application/n-quads', format: 'application/n-quads' });
const known = new Set(lines(reference));

for (const name of ['kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld']) {
  files++;
  documents++;
  try {
    const doc = JSON.parse(readFileSync(join(root, name), 'utf8'));
    const nq = await jsonld.toRDF(doc, { format: 'application/n-quads' });
    counts[name] = lines(nq).length;
    const canon = await jsonld.canonize(nq, { algorithm: 'URDNA2015', inputFormat: 'application/n-quads', format: 'application/n-quads' });
    if (canon !== reference) problems.push(`${name}: not the graph of kaspersky-kg.nq (${lines(canon).length} canonical quads, want ${known.size})`);
  } catch (e) {
    fail(name, e);
  }
}

async function entity(label, doc) {
  documents++;
  try {
    const nq = await jsonld.toRDF(doc, { format: 'application/n-quads' });
    const got = lines(nq);
    counts[label] = got.length;
    if (got.length === 0) problems.push(`${label}: no quad`);
    const extra = got.filter((l) => !known.has(l));
    if (extra.length) problems.push(`${label}: ${extra.length} quads not in kaspersky-kg.nq (e.g. ${extra[0]})`);
  } catch (e) {
    fail(label, e);
  }
}

const walk = (dir) => readdirSync(dir).sort().flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.jsonld') ? [join(dir, f)] : []));
for (const path of walk(join(root, 'entities'))) {
  files++;
  await entity(relative(root, path), JSON.parse(readFileSync(path, 'utf8')));
}
files++;
const jsonl = readFileSync(join(root, 'kaspersky-kg.entities.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0);
for (let i = 0; i < jsonl.length; i++) await entity(`kaspersky-kg.entities.jsonl:${i + 1}`, JSON.parse(jsonl[i]));
for (const f of readdirSync(join(root, 'context')).sort()) {
  files++;
  try {
    counts[`context/${f}`] = lines(await jsonld.toRDF(JSON.parse(readFileSync(join(root, 'context', f), 'utf8')), { format: 'application/n-quads' })).length;
  } catch (e) {
    fail(`context/${f}`, e);
  }
}
console.log(JSON.stringify({ files, documents, counts, problems }));
