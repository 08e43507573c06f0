/**
 * THE invariant of the published model (issue 10): nothing the release or the npm package contains holds a
 * triple of a non-licensed claim as a plain triple, in any graph. Every distribution — N-Quads, TriG,
 * compacted and expanded JSON-LD, the per-entity documents (JSON Lines and entities/**), Turtle, N-Triples,
 * RDF/XML, and every RDF file the npm package ships (dist/data/*.nq, data/links/*, ontology/*) — is loaded
 * as the union of all its graphs by real clients: Python rdflib `ConjunctiveGraph`, PyLD `to_rdf` (JSON-LD),
 * Oxigraph with its union-default-graph option, and Virtuoso queried without `default-graph-uri`.
 *
 * The expectation is computed from the compiled dataset (dist/data/kaspersky-kg.nq) and checked against the
 * ontology's own definitions (kg:licensesFact on modalities and verifications), not copied from any output:
 * the forbidden triples are those of the propositions that an unlicensed claim states or that any claim
 * denies, minus those a licensed claim states. The facts (propositions stated by licensed claims) must be
 * present in every whole-dataset file, so a client that reads nothing cannot pass.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ox from 'oxigraph';
import { DataFactory, Parser, type Quad } from 'n3';
import { fromNQuads, nquadLine } from '../src/data/dataset.js';
import { compiledDatasetFile, packageRoot } from '../src/data/paths.js';
import { kg } from '../src/generated/vocab.js';
import { CONTEXT_IRI, CONTEXT_V1_IRI, contextFile, contextV1File } from '../src/export/context.js';
import { renderExport, writeExportFiles } from '../src/export/index.js';
import { ONTOLOGY_GRAPH, PREFIXES } from '../src/namespaces.js';
import { PYTHON, removeDir, runPythonClient, tempDir } from './fixtures/export-support.js';
import { loadNQuads, startVirtuoso, type VirtuosoHandle } from './support/virtuoso.js';

const RDF = PREFIXES.rdf;
const RDF_TYPE = `${RDF}type`;

// ------------------------------------------------------------------ the expectation, from the compiled dataset

if (!existsSync(compiledDatasetFile)) throw new Error(`${compiledDatasetFile} is missing: run "npm run build" first`);
const dataset: Quad[] = fromNQuads(readFileSync(compiledDatasetFile, 'utf8'), compiledDatasetFile);

interface Claim {
  iri: string;
  key: string;
  modality?: string;
  verification?: string;
  licensed?: boolean;
  states: string[];
  denies: string[];
}
const claims = new Map<string, Claim>();
const props = new Map<string, { s?: Quad['subject']; p?: Quad['predicate']; o?: Quad['object'] }>();
const licensing = new Set<string>();
const notLicensing = new Set<string>();
const claimOf = (iri: string): Claim => {
  let c = claims.get(iri);
  if (!c) claims.set(iri, (c = { iri, key: iri.replace(/^.*\//, ''), states: [], denies: [] }));
  return c;
};
for (const q of dataset) {
  const s = q.subject.value;
  const p = q.predicate.value;
  const o = q.object;
  if (q.graph.termType === 'NamedNode' && q.graph.value === ONTOLOGY_GRAPH) {
    if (p === kg.licensesFact) (o.value === 'true' ? licensing : notLicensing).add(s);
    continue;
  }
  if (p === RDF_TYPE && o.value === kg.Claim) claimOf(s);
  else if (p === kg.claimKey) claimOf(s).key = o.value;
  else if (p === kg.modality) claimOf(s).modality = o.value;
  else if (p === kg.verification) claimOf(s).verification = o.value;
  else if (p === kg.licensed) claimOf(s).licensed = o.value === 'true';
  else if (p === kg.states) claimOf(s).states.push(o.value);
  else if (p === kg.denies) claimOf(s).denies.push(o.value);
  else if (p === `${RDF}subject` || p === `${RDF}predicate` || p === `${RDF}object`) {
    const r = props.get(s) ?? {};
    if (p === `${RDF}subject`) r.s = o as Quad['subject'];
    else if (p === `${RDF}predicate`) r.p = o as Quad['predicate'];
    else r.o = o;
    props.set(s, r);
  }
}
const local = (iri: string | undefined) => (iri ?? '?').replace(/^.*#/, '');
const describe_ = (c: Claim) => `${c.key} (${local(c.modality)}/${local(c.verification)}${c.denies.length ? ', denies' : ''})`;
/** "s p o" in N-Triples syntax (also valid in a SPARQL VALUES row). */
const tripleText = (pk: string): string => {
  const r = props.get(pk);
  if (!r?.s || !r.p || !r.o) throw new Error(`proposition ${pk} lacks rdf:subject/predicate/object`);
  return nquadLine(DataFactory.quad(r.s, r.p, r.o)).slice(0, -2);
};
const licensedTriples = new Set<string>();
for (const c of claims.values()) if (c.licensed === true) for (const p of c.states) licensedTriples.add(tripleText(p));
/** Claims whose propositions must not be plain: unlicensed ones, and every denial. */
const checked = [...claims.values()].filter((c) => c.licensed !== true || c.denies.length > 0).sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
/** Forbidden triple → the claims that state or deny it without licence. */
const forbidden = new Map<string, string[]>();
for (const c of checked) {
  for (const p of [...(c.licensed === true ? [] : c.states), ...c.denies]) {
    const t = tripleText(p);
    if (licensedTriples.has(t)) continue;
    forbidden.set(t, [...(forbidden.get(t) ?? []), c.key]);
  }
}
const facts = [...licensedTriples].filter((t) => !forbidden.has(t));
const checkedNames = checked.map(describe_).join(', ');
const whoSays = (line: string): string => {
  const key = line.replace(/\s*\.?$/, '');
  return `${key}  <- ${(forbidden.get(key) ?? ['?']).join(', ')}`;
};

// ------------------------------------------------------------------ the distributions

interface Dist {
  /** Path shown in messages (release/… or package/…). */
  name: string;
  path: string;
  format: 'nquads' | 'trig' | 'turtle' | 'nt' | 'xml' | 'json-ld' | 'jsonl';
  /** Carries the whole dataset (or its whole default graph): every fact must be in it. */
  full: boolean;
}
const FORMAT: Record<string, Dist['format']> = { nq: 'nquads', trig: 'trig', ttl: 'turtle', nt: 'nt', rdf: 'xml', jsonld: 'json-ld', jsonl: 'jsonl', owl: 'xml' };
const MIME: Record<Dist['format'], string> = {
  nquads: 'application/n-quads',
  trig: 'application/trig',
  turtle: 'text/turtle',
  nt: 'application/n-triples',
  xml: 'application/rdf+xml',
  'json-ld': 'application/ld+json',
  jsonl: 'application/ld+json',
};
const FULL_RELEASE = new Set(['kaspersky-kg.nq', 'kaspersky-kg.trig', 'kaspersky-kg.ttl', 'kaspersky-kg.nt', 'kaspersky-kg.rdf', 'kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld']);

function formatOf(path: string): Dist['format'] | undefined {
  return FORMAT[path.replace(/^.*\./, '')];
}

/** The files `npm pack` would put in the package (without running the build). */
function packageFiles(): string[] {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`npm pack --dry-run failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>;
  return out[0]!.files.map((f) => f.path);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const CONTEXTS: Record<string, string> = { [CONTEXT_IRI]: contextFile, [CONTEXT_V1_IRI]: contextV1File };

/** A JSON-LD document with the package contexts inlined (Oxigraph loads no remote context). */
function inlineContexts(text: string): string {
  const ctx = Object.fromEntries(Object.entries(CONTEXTS).map(([iri, f]) => [iri, (JSON.parse(readFileSync(f, 'utf8')) as { '@context': unknown })['@context']]));
  const walkJson = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walkJson);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === '@context') out[k] = Array.isArray(x) ? x.map((y) => (typeof y === 'string' && ctx[y] ? ctx[y] : walkJson(y))) : typeof x === 'string' && ctx[x] ? ctx[x] : walkJson(x);
        else out[k] = walkJson(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(walkJson(JSON.parse(text)));
}

/** A fresh Oxigraph store holding a distribution (every graph as parsed). */
function oxigraphStore(d: Dist): ox.Store {
  const store = new ox.Store();
  const text = readFileSync(d.path, 'utf8');
  if (d.format === 'jsonl') for (const line of text.split('\n').filter((l) => l.trim())) store.load(inlineContexts(line), { format: MIME[d.format] });
  else store.load(d.format === 'json-ld' ? inlineContexts(text) : text, { format: MIME[d.format], base_iri: `file://${d.path}` });
  return store;
}

const valuesRows = (triples: readonly string[]) => triples.map((t) => `(${t})`).join('\n');

function unionQuery(store: ox.Store, triples: readonly string[]): string[] {
  if (!triples.length) return [];
  const rows = store.query(`SELECT ?s ?p ?o WHERE { VALUES (?s ?p ?o) { ${valuesRows(triples)} } ?s ?p ?o }`, { use_default_graph_as_union: true }) as Array<Map<string, ox.Term>>;
  const t = (x: ox.Term | undefined) => DataFactory.fromTerm(x as never) as never;
  return rows.map((r) => nquadLine(DataFactory.quad(t(r.get('s')), t(r.get('p')), t(r.get('o')))).slice(0, -2));
}

describe('the invariant: no distribution holds a triple of a non-licensed claim as a plain triple, in any graph', function () {
  this.timeout(1_200_000);
  let dir: string;
  let dists: Dist[] = [];

  before(async () => {
    dir = tempDir('kkg-invariant-');
    const release = join(dir, 'release');
    mkdirSync(release);
    writeExportFiles(release, await renderExport(dataset, { formats: 'all', version: '0.0.0-test' }));
    for (const f of walk(release)) {
      const rel = relative(release, f);
      const format = formatOf(f);
      if (!format || rel.startsWith('context/')) continue;
      dists.push({ name: `release/${rel}`, path: f, format, full: FULL_RELEASE.has(rel) });
    }
    for (const rel of packageFiles()) {
      const format = formatOf(rel);
      if (!format || rel.startsWith('context/')) continue;
      dists.push({ name: `package/${rel}`, path: join(packageRoot, rel), format, full: rel === 'dist/data/kaspersky-kg.nq' });
    }
    dists = dists.sort((a, b) => a.name.localeCompare(b.name));
    writeFileSync(join(dir, 'forbidden.nt'), [...forbidden.keys()].map((t) => `${t} .\n`).join(''));
    writeFileSync(join(dir, 'facts.nt'), facts.map((t) => `${t} .\n`).join(''));
  });
  after(() => removeDir(dir));

  it("kg:licensed agrees with the ontology's definitions: licensed iff modality and verification both license a fact (kg:licensesFact)", () => {
    assert.ok(claims.size > 0, 'the dataset has claims');
    for (const concept of ['Contradicted', 'PartlyAccurate', 'Unverified', 'Hedged', 'Expected', 'Attributed', 'Alleged', 'Planned', 'Reported', 'Interpretation', 'InferredFromSources']) {
      assert.ok(notLicensing.has(`${PREFIXES.kg}${concept}`), `the ontology says kg:${concept} licenses no fact`);
    }
    for (const concept of ['Asserted', 'Verified']) assert.ok(licensing.has(`${PREFIXES.kg}${concept}`), `the ontology says kg:${concept} licenses facts`);
    for (const c of claims.values()) {
      assert.notEqual(c.licensed, undefined, `${c.key} carries kg:licensed`);
      // A licensed denial is an established negative: what it denies is still never a fact (checked below).
      const expected = licensing.has(c.modality ?? '') && licensing.has(c.verification ?? '');
      assert.equal(c.licensed, expected, `${describe_(c)}: kg:licensed ${c.licensed}, the ontology's definitions say ${expected}`);
      assert.ok(c.states.length + c.denies.length > 0, `${c.key} states or denies something`);
    }
  });

  it(`checks ${checked.length} claims, C21 and C33 among them: ${checkedNames}`, () => {
    const keys = new Set(checked.map((c) => c.key));
    for (const k of ['C21', 'C33']) assert.ok(keys.has(k), `${k} is checked`);
    // C21 ("the sanctions bar US customers from transacting with Kaspersky"): OFAC's designation targeting id:kaspersky.
    const c21 = `<https://w3id.org/kaspersky-kg/id/event/ofac-designation-2024> <${kg.target}> <https://w3id.org/kaspersky-kg/id/kaspersky>`;
    assert.ok(forbidden.has(c21), `C21's triple is forbidden: ${c21}`);
    assert.ok(forbidden.size > 0 && facts.length > 0);
    // Every claim whose modality or verification licenses no fact, by the ontology, is checked.
    for (const c of claims.values()) {
      if (notLicensing.has(c.modality ?? '') || notLicensing.has(c.verification ?? '')) assert.ok(keys.has(c.key), `${describe_(c)} is checked`);
    }
  });

  it('the distributions to check: every RDF file of the release and of the npm package', () => {
    const names = dists.map((d) => d.name);
    for (const f of FULL_RELEASE) assert.ok(names.includes(`release/${f}`), f);
    for (const f of ['release/kaspersky-kg.entities.jsonl', 'package/dist/data/kaspersky-kg.nq']) assert.ok(names.includes(f), f);
    assert.ok(names.some((n) => n.startsWith('release/entities/')), 'per-entity documents');
    assert.ok(names.some((n) => n.startsWith('package/data/links/')), 'data/links/*');
  });

  it(`Python rdflib ConjunctiveGraph and PyLD to_rdf: no forbidden triple in the union of any file's graphs; every fact in each whole-dataset file`, () => {
    assert.equal(spawnSync(PYTHON, ['-c', 'import rdflib, pyld']).status, 0, 'Debian python3-rdflib and python3-pyld');
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ forbidden: join(dir, 'forbidden.nt'), facts: join(dir, 'facts.nt'), contexts: CONTEXTS, files: dists.map((d) => ({ path: d.path, format: d.format, full: d.full })) }));
    const report = runPythonClient<Record<string, Record<string, { error?: string; triples: number; found: string[]; facts_missing: number }>>>('union_check.py', [spec]);
    const problems: string[] = [];
    for (const d of dists) {
      const r = report[d.path];
      if (!r) {
        problems.push(`${d.name}: no report`);
        continue;
      }
      const clients = d.format === 'json-ld' || d.format === 'jsonl' ? ['rdflib', 'pyld'] : ['rdflib'];
      for (const client of clients) {
        const x = r[client];
        if (!x) problems.push(`${d.name} (${client}): no report`);
        else if (x.error) problems.push(`${d.name} (${client}): ${x.error}`);
        else {
          if (x.triples === 0) problems.push(`${d.name} (${client}): read no triple`);
          for (const t of x.found) problems.push(`${d.name} (${client}): plain ${whoSays(t)}`);
          if (d.full && x.facts_missing) problems.push(`${d.name} (${client}): ${x.facts_missing} facts missing`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('Oxigraph with its union default graph: no forbidden triple in any file; every fact in each whole-dataset file', () => {
    const problems: string[] = [];
    const forbiddenList = [...forbidden.keys()];
    for (const d of dists) {
      let store: ox.Store;
      try {
        store = oxigraphStore(d);
      } catch (error) {
        problems.push(`${d.name}: Oxigraph cannot load it: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (store.size === 0) problems.push(`${d.name}: read no quad`);
      for (const t of unionQuery(store, forbiddenList)) problems.push(`${d.name}: plain ${whoSays(t)}`);
      if (d.full) {
        const found = unionQuery(store, facts).length;
        if (found !== facts.length) problems.push(`${d.name}: ${facts.length - found} facts missing`);
      }
    }
    assert.deepEqual(problems, []);
  });

  describe('Virtuoso queried without default-graph-uri', function () {
    let server: VirtuosoHandle | undefined;
    const graphOf = new Map<string, Dist>();

    before(async function () {
      server = await startVirtuoso({ maxQuerySeconds: 300 });
      // Every distribution is loaded (as N-Quads: the release and package N-Quads as they are, the other
      // syntaxes as parsed by Oxigraph), each into its own graph; named graphs keep their names.
      const nqDir = join(dir, 'virtuoso');
      mkdirSync(nqDir);
      const entities = new ox.Store();
      let i = 0;
      for (const d of dists) {
        let file = d.path;
        if (d.name.startsWith('release/entities/')) {
          for (const q of oxigraphStore(d).match()) entities.add(q);
          continue;
        }
        if (d.format !== 'nquads') {
          file = join(nqDir, `${i}.nq`);
          writeFileSync(file, oxigraphStore(d).dump({ format: 'application/n-quads' }));
        }
        const g = `urn:kkg-invariant:${i++}`;
        graphOf.set(g, d);
        await loadNQuads(server, file, g);
      }
      const file = join(nqDir, 'entities.nq');
      writeFileSync(file, entities.dump({ format: 'application/n-quads' }));
      const g = `urn:kkg-invariant:${i++}`;
      graphOf.set(g, { name: 'release/entities/** (all entity documents)', path: file, format: 'nquads', full: false });
      await loadNQuads(server, file, g);
    });
    after(async () => {
      await server?.stop();
    });

    const select = async (query: string): Promise<Array<Record<string, { type: string; value: string }>>> => {
      const res = await fetch(server!.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
        body: new URLSearchParams({ query }).toString(),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`Virtuoso ${res.status}: ${text.slice(0, 500)}`);
      return (JSON.parse(text) as { results: { bindings: Array<Record<string, { type: string; value: string }>> } }).results.bindings;
    };

    /** A triple's key for matching Virtuoso's answers: subject, predicate, object value and language (datatypes aside, so a literal Virtuoso normalises still matches). */
    // Virtuoso rewrites the lexical form of xsd:duration ("P6M"): such objects match on the datatype alone (stricter for the forbidden check).
    const DURATION = `${PREFIXES.xsd}duration`;
    const keyOf = (s: string, p: string, o: { termType: string; value: string; language?: string; datatype?: { value: string } }) =>
      `${s} ${p} ${o.termType === 'NamedNode' ? `<${o.value}>` : o.datatype?.value === DURATION ? '^^duration' : `${JSON.stringify(o.value)}@${(o.language ?? '').toLowerCase()}`}`;
    /**
     * The triples of `triples` present in the union of all graphs. Virtuoso does not match language-tagged
     * literals given in VALUES, so VALUES binds subject and predicate only and the objects are compared here.
     */
    const present = async (triples: readonly string[], graph: boolean): Promise<Map<string, string[]>> => {
      const parsed = triples.map((t) => new Parser({ format: 'N-Triples' }).parse(`${t} .`)[0]!);
      const want = new Set(parsed.map((q) => keyOf(q.subject.value, q.predicate.value, q.object)));
      const pairs = [...new Set(parsed.map((q) => `(<${q.subject.value}> <${q.predicate.value}>)`))].join(' ');
      const rows = await select(`SELECT DISTINCT ${graph ? '?g ' : ''}?s ?p ?o WHERE { VALUES (?s ?p) { ${pairs} } ${graph ? 'GRAPH ?g { ?s ?p ?o }' : '?s ?p ?o'} }`);
      const out = new Map<string, string[]>();
      for (const r of rows) {
        const o = r.o!;
        const x = o as { 'xml:lang'?: string; datatype?: string };
        const k = keyOf(r.s!.value, r.p!.value, { termType: o.type === 'uri' ? 'NamedNode' : 'Literal', value: o.value, language: x['xml:lang'], datatype: x.datatype ? { value: x.datatype } : undefined });
        if (want.has(k)) out.set(k, [...(out.get(k) ?? []), r.g?.value ?? '']);
      }
      return out;
    };

    it('no forbidden triple in the union of all graphs; every fact is there (positive control)', async () => {
      const found = await present([...forbidden.keys()], false);
      const where = found.size ? await present([...forbidden.keys()], true) : new Map<string, string[]>();
      const problems = [...where].flatMap(([k, gs]) => gs.map((g) => `${graphOf.get(g)?.name ?? g}: plain ${k}`));
      assert.deepEqual({ found: [...found.keys()], problems }, { found: [], problems: [] });
      const facts_ = await present(facts, false);
      const distinct = new Set(facts.map((t) => new Parser({ format: 'N-Triples' }).parse(`${t} .`)[0]!).map((q) => keyOf(q.subject.value, q.predicate.value, q.object)));
      assert.deepEqual([...distinct].filter((k) => !facts_.has(k)), [], 'every fact is found in the union (the query can find triples)');
    });
  });
});
