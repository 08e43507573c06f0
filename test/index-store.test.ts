/**
 * The point-lookup index (`src/index-store/`) and the SPARQL helpers it stands in for are one: every
 * indexed helper runs through both paths on many inputs (every IRI of the dataset, every name and parts
 * of it, arbitrary strings) and the answers must be deepEqual. Where the index declines (it must for
 * ties the engine orders, terms the engine rewrites), the graph falls back to SPARQL; the tests check
 * that it declines exactly there, and nowhere on the package's own data.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { DataFactory, Parser } from 'n3';
import * as H from '../src/helpers/queries.js';
import { EmbeddedGraph, KasperskyGraph, embeddedTarget, openGraph, openGraphFromNQuads } from '../src/graph.js';
import { datasetNQuads } from '../src/data/dataset.js';
import { compiledDatasetFile, packageRoot } from '../src/data/paths.js';
import type { EmbeddedTarget } from '../src/query/embedded.js';
import type { Solution } from '../src/query/target.js';
import { buildPointIndex } from '../src/index-store/build.js';
import { IMPLEMENTED_FINGERPRINTS, PointIndex } from '../src/index-store/store.js';
import { compareCodePoints, fingerprint, type IndexedHelperName } from '../src/index-store/format.js';
import { openPackageIndex, packageIndexFile } from '../src/index-store/load.js';
import { TsvSelectTarget, parseTsv } from '../src/query/tsv-select.js';
import { prepareQuery } from '../src/query/terms.js';
import { EmbeddedTarget as OxigraphTarget, loadOxigraph } from '../src/query/embedded.js';
import { competencyQuestions } from '../src/data/competency.js';
import { generateGraph, ontologyGraphLines } from '../bench/gen-graph.js';

const ID = 'https://w3id.org/kaspersky-kg/id/';
const KG = 'https://w3id.org/kaspersky-kg/ontology#';
const CLAIM = 'https://w3id.org/kaspersky-kg/claim/';

/** Every IRI of an N-Quads text (subjects, predicates, objects, graph names), sorted, plus some absent ones. */
function allIris(nquads: string): string[] {
  const iris = new Set<string>([`${ID}no-such-entity`, 'http://example.org/absent', `${ID}person/`]);
  for (const q of new Parser({ format: 'N-Quads' }).parse(nquads)) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) if (t.termType === 'NamedNode') iris.add(t.value);
  }
  return [...iris].sort(compareCodePoints);
}

/** Names worth searching for: each name, a prefix, an inner part, a case and accent variant, a non-match. */
function searchInputs(names: readonly string[]): string[] {
  const out = new Set<string>(['', ' ', '--', 'zzzz-no-match', 'a', 'e', 'ov', 'kaspersky', 'KASPERSKY LAB', 'Касперский', 'lab inc']);
  for (const n of names) {
    out.add(n);
    out.add(n.slice(0, 4));
    out.add(n.slice(Math.floor(n.length / 3), Math.floor(n.length / 3) + 5));
    out.add(n.toUpperCase());
    out.add(n.split(/\s+/).pop() ?? n);
    out.add(n.normalize('NFD').replace(/\p{M}/gu, ''));
  }
  return [...out];
}

interface Tally {
  answered: number;
  declined: string[];
}

/**
 * Compares, over every IRI, the index's `entity` and `externalIds` answers with the SPARQL path's, and
 * over many names the index's `findEntities` with the helper's SPARQL rows mapped by the helper.
 */
async function compareBothPaths(nquads: string, index: PointIndex, sparql: KasperskyGraph, target: EmbeddedTarget, names: readonly string[]): Promise<Record<IndexedHelperName, Tally>> {
  const tally: Record<IndexedHelperName, Tally> = { entity: { answered: 0, declined: [] }, externalIds: { answered: 0, declined: [] }, findEntities: { answered: 0, declined: [] } };
  for (const iri of allIris(nquads)) {
    const expected = await sparql.entity(iri);
    const got = index.entity({ iri });
    if (got) (assert.deepEqual(got.value, expected, `entity(${iri})`), tally.entity.answered++);
    else tally.entity.declined.push(iri);
    const expectedIds = await sparql.externalIds(iri);
    const gotIds = index.externalIds({ iri });
    if (gotIds) (assert.deepEqual(gotIds.value, expectedIds, `externalIds(${iri})`), tally.externalIds.answered++);
    else tally.externalIds.declined.push(iri);
  }
  // findEntities binds nothing: its SPARQL returns the same rows for every name, and the helper's mapper
  // does the matching. Running the SPARQL once and mapping its rows per input is exactly runHelper.
  const rows: Solution[] = await target.select(H.findEntities.sparql);
  const check = (params: { name: string; limit?: number }) => {
    // An empty or blank name is refused by both paths (issue 12: a blank parameter never means "anything").
    if (params.name.trim() === '') {
      assert.throws(() => index.findEntities(params), { name: 'ParameterError' });
      assert.throws(() => H.findEntities.bind(params), { name: 'ParameterError' });
      return;
    }
    const got = index.findEntities(params);
    if (!got) return void tally.findEntities.declined.push(JSON.stringify(params));
    assert.deepEqual(got.value, H.findEntities.map(rows, params), `findEntities(${JSON.stringify(params)})`);
    tally.findEntities.answered++;
  };
  for (const name of searchInputs(names)) for (const limit of [undefined, 1, 3, 50]) check(limit === undefined ? { name } : { name, limit });
  fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom(...names).chain((n) => fc.tuple(fc.nat(n.length), fc.nat(8)).map(([a, l]) => n.slice(a, a + l)))), fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }), (name, limit) => check(limit === undefined ? { name } : { name, limit })), { numRuns: 300 });
  // and a few through the real SPARQL path end to end
  for (const name of ['kaspersky', names[0] ?? 'x', names[names.length - 1] ?? 'y']) {
    const got = index.findEntities({ name });
    if (got) assert.deepEqual(got.value, await sparql.findEntities(name), `findEntities(${name}) end to end`);
  }
  return tally;
}

/** The label and alternative-name values of an N-Quads text. */
function namesOf(nquads: string): string[] {
  const out = new Set<string>();
  for (const q of new Parser({ format: 'N-Quads' }).parse(nquads)) {
    if (q.predicate.value.endsWith('#label') || q.predicate.value.endsWith('core#altLabel')) out.add(q.object.value);
  }
  return [...out].sort();
}

describe('point-lookup index: the same answers as the helpers’ SPARQL', function () {
  this.timeout(300_000);

  it('is written against the current SPARQL of the helpers it answers', () => {
    for (const [name, helper] of [['entity', H.entity], ['externalIds', H.externalIds], ['findEntities', H.findEntities]] as const) {
      assert.equal(fingerprint(helper.sparql), IMPLEMENTED_FINGERPRINTS[name],
        `the SPARQL of ${name} changed: it now runs as SPARQL only. Review src/index-store/build.ts and store.ts against the new text, then update IMPLEMENTED_FINGERPRINTS.${name}`);
    }
  });

  describe('on the package data', () => {
    let nquads: string;
    let index: PointIndex;
    let target: EmbeddedTarget;
    let sparql: KasperskyGraph;
    before(async () => {
      nquads = datasetNQuads().text;
      index = new PointIndex(buildPointIndex(nquads));
      target = await embeddedTarget();
      sparql = new KasperskyGraph(target);
    });

    it('entity, externalIds and findEntities: deepEqual on every IRI and on many names, and never decline', async () => {
      assert.deepEqual([...index.helpers].sort(), ['entity', 'externalIds', 'findEntities']);
      const tally = await compareBothPaths(nquads, index, sparql, target, namesOf(nquads));
      for (const [helper, t] of Object.entries(tally)) assert.deepEqual(t.declined, [], `${helper} declined on the package data`);
      assert.ok(tally.entity.answered > 500 && tally.findEntities.answered > 1000, JSON.stringify({ entity: tally.entity.answered, findEntities: tally.findEntities.answered }));
    });

    it('an EmbeddedGraph answers the point lookups without creating the engine, and the rest through it', async () => {
      let created = 0;
      const kg = new EmbeddedGraph(() => (created++, embeddedTarget()), index);
      const iri = `${ID}person/anna-vladimirovna-kulashova`;
      assert.deepEqual(await kg.entity(iri), await sparql.entity(iri));
      assert.deepEqual(await kg.externalIds(`${ID}russia`), await sparql.externalIds(`${ID}russia`));
      assert.deepEqual(await kg.findEntities('Kulashova'), await sparql.findEntities('Kulashova'));
      assert.deepEqual(await kg.run(H.entity, { iri }), await sparql.entity(iri));
      assert.equal(created, 0, 'the engine was created for a point lookup');
      assert.deepEqual(await kg.claimsAbout(iri), await sparql.claimsAbout(iri));
      assert.equal(await kg.ask('ASK { ?s a kg:Person }'), true);
      assert.ok(created > 0);
    });

    it('rejects invalid parameters exactly as the SPARQL path does', async () => {
      const kg = new EmbeddedGraph(() => Promise.reject(new Error('engine used')), index);
      for (const bad of ['', 'not an iri', 'https://w3id.org/a b', 'https://x/<script>', 42, undefined] as unknown as string[]) {
        for (const call of [(g: KasperskyGraph) => g.entity(bad), (g: KasperskyGraph) => g.externalIds(bad)]) {
          const expected = await call(sparql).then(() => undefined, (e: Error) => e);
          assert.ok(expected instanceof Error);
          await assert.rejects(call(kg), (e: Error) => e.constructor === expected.constructor && e.message === expected.message);
        }
      }
      for (const [name, limit] of [[42, undefined], ['x', 0], ['x', 1.5], ['x'.repeat(501), undefined]] as [string, number | undefined][]) {
        const expected = await sparql.findEntities(name, limit).then(() => undefined, (e: Error) => e);
        assert.ok(expected instanceof Error);
        await assert.rejects(kg.findEntities(name, limit), (e: Error) => e.constructor === expected.constructor && e.message === expected.message);
      }
    });

    it('the shipped index is the index of the compiled dataset', function () {
      // both are written by `npm run build` (scripts/compile-data.ts, scripts/compile-index.ts), which the test setup runs when stale
      assert.ok(existsSync(packageIndexFile), `${packageIndexFile} is missing: run \`npm run build\``);
      const shipped = openPackageIndex();
      assert.ok(shipped, `${packageIndexFile} is stale: rebuild it with \`npx tsx scripts/compile-index.ts\``);
      const file = JSON.parse(readFileSync(packageIndexFile, 'utf8')) as ReturnType<typeof buildPointIndex>;
      const built = buildPointIndex(readFileSync(compiledDatasetFile, 'utf8'));
      // built under another Unicode version, the folded names may differ (the index refolds them when loaded)
      if (file.unicode !== built.unicode) for (const f of [file, built]) (f.unicode = ''), (f.search = []);
      assert.deepEqual(file, built);
    });

    it('openGraph() uses the index only when it describes the compiled dataset; remote graphs always use SPARQL', async () => {
      // the built package: the index describes the compiled dataset (its size and SHA-256), so openGraph() uses it
      const kg = await openGraph();
      assert.ok(kg instanceof EmbeddedGraph && kg.index !== undefined, 'the built package opens with its index');
      const described = JSON.parse(readFileSync(packageIndexFile, 'utf8')) as { dataset: { bytes: number; sha256: string } };
      const data = readFileSync(compiledDatasetFile);
      assert.equal(described.dataset.bytes, data.length);
      assert.equal(described.dataset.sha256, createHash('sha256').update(data).digest('hex'));
      // a copy of the package whose compiled dataset no longer matches its index (a line added; one byte
      // changed at the same size) opens without the index, as does one told not to use it
      const pkg = mkdtempSync(join(tmpdir(), 'kaspersky-kg-stale-index-'));
      try {
        for (const d of ['src', 'ontology']) cpSync(join(packageRoot, d), join(pkg, d), { recursive: true });
        cpSync(join(packageRoot, 'package.json'), join(pkg, 'package.json'));
        symlinkSync(join(packageRoot, 'node_modules'), join(pkg, 'node_modules'));
        mkdirSync(join(pkg, 'dist', 'data'), { recursive: true });
        cpSync(packageIndexFile, join(pkg, 'dist', 'data', basename(packageIndexFile)));
        const nq = join(pkg, 'dist', 'data', basename(compiledDatasetFile));
        const opened = (dataset: Buffer, env: Record<string, string> = {}) => {
          writeFileSync(nq, dataset);
          const code = `const { openGraph } = await import(${JSON.stringify(pathToFileURL(join(pkg, 'src', 'graph.ts')).href)}); const g = await openGraph(); console.log(g.index !== undefined ? 'index' : 'no index');`;
          const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: pkg, encoding: 'utf8', env: { ...process.env, ...env } });
          assert.equal(r.status, 0, r.stderr);
          return r.stdout.trim();
        };
        assert.equal(opened(data), 'index');
        assert.equal(opened(data, { KASPERSKY_KG_POINT_INDEX: '0' }), 'no index');
        assert.equal(opened(Buffer.concat([data, Buffer.from('\n')])), 'no index');
        const sameSize = Buffer.from(data);
        const at = sameSize.indexOf('"Kaspersky"');
        assert.ok(at > 0);
        sameSize[at + 1] = 'k'.charCodeAt(0); // "kaspersky": same size, other bytes
        assert.equal(opened(sameSize), 'no index');
      } finally {
        rmSync(pkg, { recursive: true, force: true });
      }
      const remote = await openGraph({ endpoint: 'http://127.0.0.1:9/sparql' });
      assert.ok(!(remote instanceof EmbeddedGraph));
      assert.equal(remote.target.kind, 'remote');
    });

    it('refolds the search names when the runtime’s Unicode version differs from the build’s', () => {
      const file = buildPointIndex(nquads);
      const other = new PointIndex({ ...file, unicode: 'another', search: file.search.map(([iri]) => [iri, 'stale']) });
      for (const name of ['kaspersky', 'Kulashova', 'Касперский', 'lab']) assert.deepEqual(other.findEntities({ name }), index.findEntities({ name }));
    });
  });

  describe('on a synthetic graph in the package’s model', () => {
    it('deepEqual on every IRI and on many names', async () => {
      const g = generateGraph({ triples: 4000, seed: 7, ontology: ontologyGraphLines(datasetNQuads().text) });
      const sparql = await openGraphFromNQuads(g.nquads, { index: false });
      const target = await sparql.sparqlTarget();
      const index = new PointIndex(buildPointIndex(g.nquads));
      const tally = await compareBothPaths(g.nquads, index, sparql, target, [...g.samples.names, ...namesOf(g.nquads).slice(0, 40)]);
      for (const [helper, t] of Object.entries(tally)) assert.deepEqual(t.declined, [], `${helper} declined`);
    });
  });

  describe('where the engine and the index could differ', () => {
    const T = (s: string) => `<${s}>`;
    const L = (v: string, lang?: string) => `"${v}"${lang ? `@${lang}` : ''}`;
    const lines = [
      [`${CLAIM}T1`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', T(`${KG}Claim`)],
      [`${CLAIM}T2`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', T(`${KG}Claim`)],
      [`${ID}a`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Alpha', 'en')],
      [`${ID}a`, 'http://www.w3.org/2004/02/skos/core#altLabel', L('Álpha Co', 'EN')],
      [`${ID}a`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', T(`${KG}Company`)],
      [`${ID}a`, 'http://www.w3.org/2002/07/owl#sameAs', T('http://www.wikidata.org/entity/Q1')],
      [`${ID}a`, 'http://www.w3.org/2004/02/skos/core#exactMatch', T('http://example.org/1')],
      // code-point order (SPARQL) vs UTF-16 order (JavaScript's <): a-3 < ｚ-2 < 𝔸-1
      [`${ID}a`, 'http://purl.org/dc/terms/identifier', L('𝔸-1')],
      [`${ID}a`, 'http://purl.org/dc/terms/identifier', L('ｚ-2')],
      [`${ID}a`, 'http://purl.org/dc/terms/identifier', L('a-3')],
      [`${ID}a`, `${KG}caseNumber`, L('C-1')],
      [`${ID}a`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Alpha Hedged', 'en'), `${CLAIM}T2`],
      [`${ID}a`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', T(`${KG}Organization`), `${CLAIM}T2`],
      [`${ID}a`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Hidden', 'en'), '-'],
      [`${ID}b`, 'http://www.w3.org/2000/01/rdf-schema#label', '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'],
      [`${ID}c`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', '_:blank'],
      [`${ID}d`, 'http://www.w3.org/2000/01/rdf-schema#label', L('x', 'en')],
      [`${ID}d`, 'http://www.w3.org/2004/02/skos/core#altLabel', L('enx')],
      [`${ID}e1`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Twin', 'en')],
      [`${ID}e2`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Twin', 'en')],
      [`${ID}f`, `${KG}rin`, L('RIN-1')],
      [`${ID}g`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Gamma', 'en'), `${CLAIM}T1`],
      ['http://elsewhere.example/h', 'http://www.w3.org/2000/01/rdf-schema#label', L('Outside', 'en')],
      [`${ID}i`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Кирилл Ёжиков', 'ru')],
      [`${ID}i`, 'http://www.w3.org/2004/02/skos/core#altLabel', L('Kirill Yozhikov')],
      [`${ID}j`, 'http://www.w3.org/2000/01/rdf-schema#label', L('Straße', 'de')],
      [`${ID}k`, 'http://purl.org/dc/terms/identifier', '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'],
    ];
    // A fourth element is the claim that states the triple (a proposition node, `kg:states`), or `-` for a
    // proposition no claim states (its triple must not count).
    const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
    const toNQuads = (ls: string[][]) => ls.flatMap(([s, p, o, claim], i) => {
      if (!claim) return [`${T(s!)} ${T(p!)} ${o} .`];
      const prop = T(`https://w3id.org/kaspersky-kg/proposition/t${i}`);
      return [`${prop} ${T(`${RDF}subject`)} ${T(s!)} .`, `${prop} ${T(`${RDF}predicate`)} ${T(p!)} .`, `${prop} ${T(`${RDF}object`)} ${o} .`,
        ...(claim === '-' ? [] : [`${T(claim)} ${T(`${KG}states`)} ${prop} .`])];
    }).join('\n') + '\n';
    const nquads = toNQuads(lines);

    it('declines exactly where the engine decides (ties, rewritten terms) and agrees everywhere else', async () => {
      const sparql = await openGraphFromNQuads(nquads, { index: false });
      const fast = await openGraphFromNQuads(nquads);
      const index = fast.index!;
      const declinedEntity: string[] = [], declinedIds: string[] = [];
      for (const iri of allIris(nquads)) {
        // (a blank node's label is engine-local: two engines loaded with id:c's type disagree on it)
        if (iri !== `${ID}c`) assert.deepEqual(await fast.entity(iri), await sparql.entity(iri), `entity(${iri})`);
        assert.deepEqual(await fast.externalIds(iri), await sparql.externalIds(iri), `externalIds(${iri})`);
        if (!index.entity({ iri })) declinedEntity.push(iri.slice(ID.length));
        if (!index.externalIds({ iri })) declinedIds.push(iri.slice(ID.length));
      }
      assert.deepEqual(declinedEntity, ['b', 'c', 'd', 'k']);
      assert.deepEqual(declinedIds, ['b', 'c', 'k']);
      assert.deepEqual((await fast.externalIds(`${ID}a`)).map((x) => x.value), ['a-3', 'ｚ-2', '𝔸-1', 'http://www.wikidata.org/entity/Q1', 'http://example.org/1', 'C-1']);
      assert.deepEqual((await fast.entity(`${ID}a`))!.names.map((n) => n.value), ['Alpha', 'Alpha Hedged', 'Álpha Co']);
      // "01"^^xsd:integer is a name of id:b: the engine returns it as "1", so every search is the engine's
      assert.equal(index.findEntities({ name: 'alpha' }), undefined);
      assert.deepEqual(await fast.findEntities('1'), await sparql.findEntities('1'));
    });

    it('findEntities declines where the engine orders names, answers ties by IRI, and agrees everywhere else', async () => {
      const text = toNQuads(lines.filter(([s]) => s !== `${ID}b`));
      const sparql = await openGraphFromNQuads(text, { index: false });
      const fast = await openGraphFromNQuads(text);
      const index = fast.index!;
      for (const name of ['alpha', 'ALPHA', 'álpha co', 'gamma', 'ежиков', 'Yozhikov', 'strasse', 'straße', 'outside', 'twin', 'x', '', 'a', 'i']) {
        for (const limit of [undefined, 1, 2, 5]) {
          if (name === '') {
            // refused by both paths alike
            await assert.rejects(fast.findEntities(name, limit), { name: 'ParameterError' });
            await assert.rejects(sparql.findEntities(name, limit), { name: 'ParameterError' });
            continue;
          }
          assert.deepEqual(await fast.findEntities(name, limit), await sparql.findEntities(name, limit), `findEntities(${name}, ${limit})`);
        }
      }
      // equal score and label: the mapper breaks the tie by IRI, so the index answers, across the limit too
      assert.deepEqual(index.findEntities({ name: 'twin' })?.value.map((m) => m.iri), [`${ID}e1`, `${ID}e2`]);
      assert.deepEqual(index.findEntities({ name: 'twin', limit: 1 })?.value.map((m) => m.iri), [`${ID}e1`]);
      assert.equal(index.findEntities({ name: 'x' }), undefined, 'names whose order the engine decides ("x"@en, "enx")');
      for (const name of ['alpha', 'gamma', 'ежиков', 'straße', 'outside', 'zzz']) assert.ok(index.findEntities({ name }), name);
    });
  });

  describe('the embedded SELECT through SPARQL TSV (query/tsv-select.ts)', () => {
    /** Both conversions on the same store: rows deepStrictEqual (n3 terms), errors alike. */
    async function sameSelect(store: Awaited<ReturnType<typeof loadOxigraph>>, query: string, bindings?: import('../src/query/terms.js').Bindings, viaTsv = true): Promise<number> {
      const plain = new OxigraphTarget(store), json = new TsvSelectTarget(store);
      const a = await plain.select(query, bindings).then((r) => ({ rows: r }), (e: Error) => ({ error: `${e.name}: ${e.message}` }));
      const b = await json.select(query, bindings).then((r) => ({ rows: r }), (e: Error) => ({ error: `${e.name}: ${e.message}` }));
      assert.deepStrictEqual(b, a, query.slice(0, 300));
      if ('rows' in a && viaTsv) assert.ok(parseTsv(store.query(prepareQuery(query, bindings), { results_format: 'tsv' }) as string), `the TSV path declined: ${query.slice(0, 200)}`);
      return 'rows' in a ? a.rows.length : -1;
    }

    it('gives the same rows on every helper and competency question of the package data', async () => {
      const target = await embeddedTarget();
      assert.ok(target instanceof TsvSelectTarget, 'the package engine uses the SPARQL TSV conversion');
      const store = target.store;
      const iri = `${ID}event/commerce-prohibition-2024`;
      const calls: [import('../src/helpers/define.js').Helper<any, unknown>, unknown][] = [
        [H.entity, { iri }], [H.findEntities, { name: 'kaspersky' }], [H.actionsAgainst, { party: `${ID}kaspersky` }], [H.actionsBy, { authority: `${ID}us-department-of-commerce` }],
        [H.timeline, {}], [H.timeline, { from: '2024-06', to: '2024-09' }], [H.sanctionedPeople, undefined], [H.customerImpacts, undefined], [H.regions, undefined],
        [H.claimsAbout, { iri }], [H.claims, undefined], [H.sourcesOf, { subject: iri, predicate: `${KG}actor`, object: `${ID}us-department-of-commerce` }],
        [H.contestedClaims, undefined], [H.externalIds, { iri: `${ID}russia` }], [H.graphStatistics, undefined],
      ];
      let rows = 0;
      for (const [helper, params] of calls) rows += await sameSelect(store, helper.sparql, helper.bind(params as never));
      for (const q of competencyQuestions()) if (/^\s*(#.*\n\s*)*(PREFIX[^\n]*\n\s*)*SELECT/i.test(q.query)) rows += await sameSelect(store, q.query);
      assert.ok(rows > 1000, `only ${rows} rows compared`);
    });

    it('gives the same terms and the same errors on blank nodes, typed, tagged and unbound values, and non-SELECT queries', async () => {
      const X = 'http://www.w3.org/2001/XMLSchema#';
      const typed = [['01', 'integer'], ['-5', 'integer'], ['+7', 'integer'], ['1.50', 'decimal'], ['-.5', 'decimal'], ['1.0E3', 'double'], ['1e-2', 'double'], ['INF', 'double'], ['NaN', 'double'],
        ['true', 'boolean'], ['0', 'boolean'], ['12', 'int'], ['x', 'integer'], ['2024-06', 'gYearMonth'], ['2024-06-20', 'date'], ['P1D', 'duration']];
      const store = await loadOxigraph([
        '<http://e/s> <http://e/p> _:b1 .', '_:b1 <http://e/p> "x"@EN .', '<http://e/s> <http://e/q> "plain" .', '<http://e/s> <http://e/q> ""@en .', '<http://e/s> <http://e/q> "" .',
        '<http://e/s> <http://e/q> "a\\"b\\\\c\\n\\r\\t\\u0001\u00e9𝔸\\u0009"^^<http://www.w3.org/2001/XMLSchema#string> .', '<http://e/s> <http://e/q> "t\\"q\\"@x"^^<http://e/custom> <http://e/g> .',
        '<http://e/s> <http://e/q> "tab\\there"@de-CH .', '<http://e/s> <http://e/é?a=1#f> <http://e/o> .',
        ...typed.map(([v, t], i) => `<http://e/n${i}> <http://e/v> "${v}"^^<${X}${t}> .`),
      ].join('\n'));
      await sameSelect(store, 'SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } OPTIONAL { ?o ?x ?y } }');
      await sameSelect(store, 'SELECT ?o (STRLEN(?o) AS ?n) (LANG(?o) AS ?l) WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }');
      await sameSelect(store, 'SELECT * WHERE { ?s <http://e/none> ?o }');
      await sameSelect(store, 'SELECT ?x WHERE { ?s ?p ?o }', { s: DataFactory.namedNode('http://e/s') });
      await sameSelect(store, 'SELECT ?x WHERE { OPTIONAL { ?x <http://e/none> ?y } }');
      await sameSelect(store, 'SELECT * WHERE { }', undefined, false); // no variables: TSV has no header to read, the usual path answers
      await sameSelect(store, 'SELECT ?n ?v (?v + 1 AS ?w) (STR(?v) AS ?s) (DATATYPE(?v) AS ?d) WHERE { ?n <http://e/v> ?v }');
      await sameSelect(store, 'SELECT (1.5 AS ?a) (2 AS ?b) (true AS ?c) (1e3 AS ?d) (-0.0 AS ?e) ("x"@en-GB AS ?f) WHERE {}');
      assert.equal(await sameSelect(store, 'ASK { ?s ?p ?o }'), -1);
      assert.equal(await sameSelect(store, 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'), -1);
      assert.equal(await sameSelect(store, 'SELECT ?s WHERE { ?s ?p }'), -1);
    });
  });

  describe('importing the package', () => {
    it('loads neither the SPARQL engine nor jsonld nor rdf-validate-shacl', () => {
      const dir = mkdtempSync(join(tmpdir(), 'kaspersky-kg-imports-'));
      const hooks = join(dir, 'hooks.mjs');
      writeFileSync(hooks, `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n`);
      const register = join(dir, 'register.mjs');
      writeFileSync(register, `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
      const entry = pathToFileURL(join(packageRoot, 'src', 'index.ts')).href;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, '--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], { cwd: packageRoot, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7));
      assert.ok(loaded.some((u) => u.includes('/src/graph.ts')), 'the hook saw the package load');
      for (const heavy of ['/node_modules/oxigraph/', '/node_modules/jsonld/', '/node_modules/rdf-validate-shacl/', '/src/query/embedded.ts', '/src/index-store/']) {
        assert.ok(!loaded.some((u) => u.includes(heavy)), `import 'kaspersky-kg' loaded ${heavy}`);
      }
    });
  });
});
