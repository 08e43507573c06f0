/**
 * The release: reproducible (two builds give byte-identical files), complete (every format, VoID/DCAT
 * description computed from the data and the files, RDFC-1.0 hash, SHA256SUMS), written atomically; and
 * the `export` command.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, type Quad } from 'n3';
import { packageRoot } from '../src/data/paths.js';
import { ONTOLOGY_GRAPH } from '../src/namespaces.js';
import {
  canonicalHash,
  datasetIris,
  DATA_LICENSE,
  EXPORT_FORMATS,
  EXPORT_HELP,
  fromNQuads,
  renderExport,
  runExportCommand,
  sha256,
  writeDirectoryAtomic,
  writeExportFiles,
} from '../src/export/index.js';
import { defaultGraph, FIXTURE, realDataAvailable, removeDir, run, subjects, tempDir } from './fixtures/export-support.js';

const VOID = 'http://rdfs.org/ns/void#';
const DCAT = 'http://www.w3.org/ns/dcat#';
const SPDX = 'http://spdx.org/rdf/terms#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map(String).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

function assertSameTree(a: string, b: string): void {
  const fa = listFiles(a);
  assert.deepEqual(fa, listFiles(b));
  for (const f of fa) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between the two builds`);
}

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

describe('export: release', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => (dir = tempDir()));
  after(() => removeDir(dir));

  for (const { name, quads } of subjects()) {
    describe(name, () => {
      let out: string;
      let files: Awaited<ReturnType<typeof renderExport>>;
      before(async () => {
        out = join(dir, name.replace(/\W+/g, '-'));
        files = await renderExport(quads, { formats: 'all', version: '9.8.7' });
        writeDirectoryAtomic(out, files);
      });

      it('holds every format, the description, the hash, a README and SHA256SUMS', () => {
        const have = new Set(listFiles(out));
        for (const f of ['kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld', 'kaspersky-kg.entities.jsonl', 'context/v1.jsonld', 'kaspersky-kg.ttl', 'ontology.ttl', 'kaspersky-kg.nt', 'kaspersky-kg.nq', 'kaspersky-kg.trig', 'kaspersky-kg.rdf', 'nodes.csv', 'edges.csv', 'void.ttl', 'kaspersky-kg.rdfc-1.0.sha256', 'README.md', 'SHA256SUMS']) {
          assert.ok(have.has(f), `release has ${f}`);
        }
        assert.ok([...have].some((f) => f.startsWith('entities/') && f.endsWith('.jsonld')));
        assert.equal(readFileSync(join(out, 'context', 'v1.jsonld'), 'utf8'), readFileSync(join(packageRoot, 'context', 'v1.jsonld'), 'utf8'));
      });

      it('is reproducible: rendering again (quads in another order) gives byte-identical files', async () => {
        const again = await renderExport([...quads].reverse(), { formats: 'all', version: '9.8.7' });
        assert.deepEqual(
          again.map((f) => [f.path, sha256(f.content)]),
          files.map((f) => [f.path, sha256(f.content)]),
        );
      });

      it('sha256sum -c SHA256SUMS accepts every file, and every file is listed', () => {
        const r = run('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: out });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        const listed = readFileSync(join(out, 'SHA256SUMS'), 'utf8').trimEnd().split('\n').map((l) => l.slice(66));
        assert.deepEqual(listed, listFiles(out).filter((f) => f !== 'SHA256SUMS'));
      });

      it('the RDFC-1.0 hash is the hash of the graph (recomputed from the N-Quads file)', async () => {
        const hash = readFileSync(join(out, 'kaspersky-kg.rdfc-1.0.sha256'), 'utf8').trim().split('\n').pop();
        assert.match(hash!, /^[0-9a-f]{64}$/);
        assert.equal(await canonicalHash(fromNQuads(readFileSync(join(out, 'kaspersky-kg.nq')), { file: 'kaspersky-kg.nq' })), hash);
      });

      it('void.ttl: VoID counts (triples, per class, per property) and one DCAT distribution per file, computed from the data and files', () => {
        const v = new Parser({ format: 'Turtle' }).parse(readFileSync(join(out, 'void.ttl'), 'utf8'));
        const ids = datasetIris('9.8.7');
        const one = (s: string, p: string): Quad['object'] => {
          const hits = v.filter((q) => q.subject.value === s && q.predicate.value === p);
          assert.equal(hits.length, 1, `${s} ${p}`);
          return hits[0]!.object;
        };
        const all = (s: string, p: string) => v.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
        assert.equal(one(ids.version, `${VOID}triples`).value, String(quads.length));
        assert.equal(one(ids.version, `${DCT}license`).value, DATA_LICENSE);
        assert.equal(one(ids.version, `${DCAT}version`).value, '9.8.7');
        assert.equal(one(`${ids.version}#rdfc-1.0-sha256`, `${SPDX}checksumValue`).value, readFileSync(join(out, 'kaspersky-kg.rdfc-1.0.sha256'), 'utf8').trim().split('\n').pop());
        // Default-graph subset: triples, class and property partitions as recounted here.
        const dflt = defaultGraph(quads);
        const sub = `${ids.version}/default-graph`;
        assert.equal(one(sub, `${VOID}triples`).value, String(dflt.length));
        const classes = new Map<string, Set<string>>();
        const props = new Map<string, number>();
        for (const q of dflt) {
          props.set(q.predicate.value, (props.get(q.predicate.value) ?? 0) + 1);
          if (q.predicate.value === RDF_TYPE) classes.set(q.object.value, (classes.get(q.object.value) ?? new Set()).add(q.subject.value));
        }
        const cps = all(sub, `${VOID}classPartition`);
        assert.equal(cps.length, classes.size);
        for (const cp of cps) assert.equal(one(cp, `${VOID}entities`).value, String(classes.get(one(cp, `${VOID}class`).value)!.size));
        const pps = all(sub, `${VOID}propertyPartition`);
        assert.equal(pps.length, props.size);
        for (const pp of pps) assert.equal(one(pp, `${VOID}triples`).value, String(props.get(one(pp, `${VOID}property`).value)));
        assert.equal(one(`${ids.version}/ontology-graph`, `${VOID}triples`).value, String(quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH).length));
        // Distributions: every file but void.ttl and SHA256SUMS, with the true size, SHA-256 and a media type.
        const dists = all(ids.version, `${DCAT}distribution`);
        const described = listFiles(out).filter((f) => f !== 'void.ttl' && f !== 'SHA256SUMS');
        assert.equal(dists.length, described.length);
        for (const d of dists) {
          const path = one(d, `${DCT}title`).value;
          const bytes = readFileSync(join(out, path));
          assert.equal(one(d, `${DCAT}byteSize`).value, String(bytes.length), `byte size of ${path}`);
          assert.equal(one(`${d}#sha256`, `${SPDX}checksumValue`).value, sha256(bytes), `sha256 of ${path}`);
          assert.ok(one(d, `${DCT}format`).value.includes('/'));
          if (!path.endsWith('.jsonl')) assert.match(one(d, `${DCAT}mediaType`).value, /^https:\/\/www\.iana\.org\/assignments\/media-types\//);
          assert.equal(one(d, `${DCAT}downloadURL`).value, `${ids.release}${path}`);
        }
        assert.ok(v.some((q) => q.subject.value === ids.version && q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`));
        assert.ok(v.some((q) => q.subject.value === ids.version && q.predicate.value === RDF_TYPE && q.object.value === `${VOID}Dataset`));
      });
    });
  }

  it('two runs of the export command give byte-identical folders', async () => {
    const a = join(dir, 'cli-a');
    const b = join(dir, 'cli-b');
    for (const o of [a, b]) assert.equal(await runExportCommand(['export', '--input', FIXTURE, '--out', o, '--release-version', '1.2.3'], capture().io), 0);
    assertSameTree(a, b);
  });

  it('npm run build:release twice gives byte-identical release folders (real data)', () => {
    assert.ok(realDataAvailable(), 'the data files (data/*.trig, always in the repository) are missing');
    const a = join(dir, 'release-a');
    const b = join(dir, 'release-b');
    for (const o of [a, b]) {
      const r = run(process.execPath, ['--import', 'tsx', join(packageRoot, 'scripts', 'build-release.ts'), o]);
      assert.equal(r.code, 0, r.stderr);
    }
    assertSameTree(a, b);
    assert.ok(existsSync(join(a, 'void.ttl')) && existsSync(join(a, 'SHA256SUMS')));
  });

  describe('the export command', () => {
    it('--help prints the usage and every format', async () => {
      const c = capture();
      assert.equal(await runExportCommand(['--help'], c.io), 0);
      assert.equal(c.out.join(''), EXPORT_HELP);
      for (const f of EXPORT_FORMATS) assert.ok(EXPORT_HELP.includes(f));
    });
    it('rejects unknown formats and arguments with exit code 2', async () => {
      const c = capture();
      assert.equal(await runExportCommand(['--format', 'yaml'], c.io), 2);
      assert.match(c.err.join(''), /unknown format "yaml"/);
      assert.equal(await runExportCommand(['--frobnicate'], capture().io), 2);
      assert.equal(await runExportCommand(['--out'], capture().io), 2);
    });
    it('writes only the requested formats', async () => {
      const o = join(dir, 'some');
      const c = capture();
      assert.equal(await runExportCommand(['--input', FIXTURE, '--format', 'turtle,csv', '--format=nquads', '--out', o], c.io), 0);
      assert.deepEqual(listFiles(o), ['edges.csv', 'kaspersky-kg.nq', 'kaspersky-kg.ttl', 'nodes.csv', 'statements.csv']);
      assert.match(c.out.join(''), /wrote 5 files/);
      // The fixture is an authoring file (claim graphs): it is compiled as the build does, so no claim graph is exported.
      const exported = new Parser({ format: 'N-Quads' }).parse(readFileSync(join(o, 'kaspersky-kg.nq'), 'utf8'));
      assert.deepEqual([...new Set(exported.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => q.graph.value))].filter((g) => g !== ONTOLOGY_GRAPH), []);
      assert.ok(exported.some((q) => q.predicate.value === 'https://w3id.org/kaspersky-kg/ontology#states'), 'claims state propositions');
      const v = join(dir, 'void-only');
      assert.equal(await runExportCommand(['--input', FIXTURE, '--format', 'void', '--out', v], capture().io), 0);
      assert.deepEqual(listFiles(v), ['void.ttl']);
      const j = join(dir, 'jsonl-only');
      assert.equal(await runExportCommand(['--input', FIXTURE, '--format', 'jsonl', '--out', j], capture().io), 0);
      assert.ok(listFiles(j).includes('context/v2.jsonld') && listFiles(j).includes('context/v1.jsonld') && listFiles(j).includes('kaspersky-kg.entities.jsonl'));
    });
    it('exports the package dataset by default', async () => {
      assert.ok(realDataAvailable(), 'the data files (data/*.trig, always in the repository) are missing');
      const o = join(dir, 'default');
      assert.equal(await runExportCommand(['--format', 'nquads', '--out', o], capture().io), 0);
      assert.ok(statSync(join(o, 'kaspersky-kg.nq')).size > 0);
    });
  });

  it('a release folder is swapped in whole: a failed write keeps the previous release and leaves no temporary folder', () => {
    const rel = join(dir, 'atomic', '1.0.0');
    writeDirectoryAtomic(rel, [{ path: 'a.txt', content: 'old' }]);
    assert.throws(() => writeDirectoryAtomic(rel, [{ path: 'b.txt', content: 'new' }, { path: '../../escape.txt', content: 'x' }]), /outside/);
    assert.deepEqual(listFiles(rel), ['a.txt']);
    assert.deepEqual(readdirSync(join(dir, 'atomic')), ['1.0.0']);
    writeDirectoryAtomic(rel, [{ path: 'b.txt', content: 'new' }]);
    assert.deepEqual(listFiles(rel), ['b.txt']);
    mkdirSync(join(dir, 'plain'), { recursive: true });
    writeFileSync(join(dir, 'plain', 'keep'), '1');
    writeExportFiles(join(dir, 'plain'), [{ path: 'sub/x.txt', content: 'x' }]);
    assert.deepEqual(listFiles(join(dir, 'plain')), ['keep', 'sub/x.txt']);
  });
});
