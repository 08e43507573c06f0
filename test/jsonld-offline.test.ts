/**
 * Every JSON-LD file of `kaspersky-kg export --format all` and of the release (`scripts/build-release.ts`)
 * loads unchanged, with no network (a network namespace with loopback only, `unshare -rn`), in the tools
 * researchers use, with their default settings and loaders — and means the graph of the N-Quads export:
 * - Python rdflib 6.1 and PyLD (Debian python3-rdflib, python3-pyld; test/clients/jsonld_offline.py, checked
 *   with rdflib.compare.isomorphic);
 * - jsonld.js with its default Node document loader (test/clients/jsonld_js_offline.mjs, checked with
 *   jsonld.js's RDFC-1.0 canonicalisation);
 * - Apache Jena's JSON-LD 1.0 reader (Debian libapache-jena-java, `riot --syntax=jsonld10`) for the
 *   whole-graph documents (checked with jsonld.js canonicalisation);
 * - the package's own importer (fromJsonLd).
 * A control proves the isolation bites: a document that names its context by IRI fails in every tool.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Parser, Writer, type Quad } from 'n3';
import { CONTEXT_IRI, fromJsonLd, fromNQuads } from '../src/export/index.js';
import { packageRoot } from '../src/data/paths.js';
import { CAN_ISOLATE_NETWORK, CLI } from './support/hostile.js';
import jsonld from 'jsonld';
import { assertSubset, PYTHON, removeDir, tempDir } from './fixtures/export-support.js';

const jl = jsonld as unknown as { canonize(input: string, options: never): Promise<string> };

const JENA = join(packageRoot, 'test', 'clients', 'jena.sh');
const CANON = { algorithm: 'URDNA2015', inputFormat: 'application/n-quads', format: 'application/n-quads' } as never;

interface Report {
  files: number;
  documents: number;
  counts: Record<string, number | [number, number]>;
  problems: string[];
}

/** Runs a command with no network (loopback only) when the kernel allows; cwd is the package root. */
function offline(cmd: string, args: readonly string[], timeoutMs = 600_000): { code: number | null; stdout: string; stderr: string } {
  const [c, a] = CAN_ISOLATE_NETWORK ? ['unshare', ['-rn', cmd, ...args]] : [cmd, [...args]];
  const r = spawnSync(c, a, { cwd: packageRoot, encoding: 'utf8', maxBuffer: 1 << 28, timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function report(cmd: string, args: readonly string[], what: string): Report {
  const r = offline(cmd, args);
  assert.equal(r.code, 0, `${what} exited ${r.code}:\n${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Report;
}

/** The JSON-LD files of a folder, relative paths (entity documents, whole-graph documents, contexts). */
function jsonLdFiles(dir: string): string[] {
  const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : /\.(jsonld|jsonl)$/.test(f) ? [join(d, f)] : []));
  return walk(dir).map((p) => relative(dir, p));
}

const nquadsText = (quads: readonly Quad[]): string => new Writer({ format: 'N-Quads' }).quadsToString(quads as Quad[]);

describe('JSON-LD exports load offline in rdflib, PyLD, jsonld.js, Jena (JSON-LD 1.0) and the package importer', function () {
  this.timeout(900_000);
  const dirs: Record<string, string> = {};

  before(function () {
    assert.ok(existsSync(CLI), `the built CLI is missing (${CLI}): run npm run build`);
    const py = spawnSync(PYTHON, ['-c', 'import rdflib, pyld'], { encoding: 'utf8' });
    assert.equal(py.status, 0, `Debian python3-rdflib / python3-pyld missing: run "bash scripts/ensure-system-deps.sh" (${py.stderr.trim()})`);
    const root = tempDir('kkg-offline-');
    dirs.root = root;
    // Both written with no network, as a user offline would.
    const ex = offline(process.execPath, [CLI, 'export', '--format', 'all', '--out', join(root, 'export')]);
    assert.equal(ex.code, 0, `export failed:\n${ex.stderr}`);
    dirs.export = join(root, 'export');
    const rel = offline(process.execPath, ['--import', 'tsx', join(packageRoot, 'scripts', 'build-release.ts'), join(root, 'release')]);
    assert.equal(rel.code, 0, `build-release failed:\n${rel.stderr}`);
    dirs.release = join(root, 'release');
  });
  after(() => removeDir(dirs.root));

  it('the network is really cut: a document naming its context by IRI fails in rdflib, PyLD and jsonld.js', function () {
    if (!CAN_ISOLATE_NETWORK) this.skip();
    const doc = JSON.stringify({ '@context': CONTEXT_IRI, '@id': 'id:x', label: { en: 'x' } });
    const rdflib = offline(PYTHON, ['-c', `import rdflib; rdflib.ConjunctiveGraph().parse(data=${JSON.stringify(doc)}, format="json-ld")`]);
    assert.notEqual(rdflib.code, 0, 'rdflib loaded a remote context with no network');
    const pyld = offline(PYTHON, ['-c', `import json; from pyld import jsonld; jsonld.to_rdf(json.loads(${JSON.stringify(doc)}))`]);
    assert.notEqual(pyld.code, 0, 'PyLD loaded a remote context with no network');
    const js = offline(process.execPath, ['--input-type=module', '-e', `import jsonld from 'jsonld'; await jsonld.toRDF(${doc});`]);
    assert.notEqual(js.code, 0, 'jsonld.js loaded a remote context with no network');
    assert.match(js.stderr, /Dereferencing a URL|loading document failed|ENOTFOUND|EAI_AGAIN/);
  });

  for (const which of ['export', 'release'] as const) {
    describe(which === 'export' ? 'kaspersky-kg export --format all' : 'the release (scripts/build-release.ts)', () => {
      let rdflibPyld: Report;
      let jsonldJs: Report;

      it('lists the JSON-LD files: the whole-graph documents, one document per entity (files and JSON Lines), the contexts', () => {
        const files = jsonLdFiles(dirs[which]!);
        assert.ok(files.includes('kaspersky-kg.jsonld') && files.includes('kaspersky-kg.expanded.jsonld') && files.includes('kaspersky-kg.entities.jsonl'));
        assert.ok(files.includes('context/v2.jsonld') && files.includes('context/v1.jsonld'));
        const entities = files.filter((f) => f.startsWith('entities/'));
        const lines = readFileSync(join(dirs[which]!, 'kaspersky-kg.entities.jsonl'), 'utf8').trimEnd().split('\n');
        assert.equal(entities.length, lines.length, 'one entity file per line of the JSON Lines');
        // No document names a remote context.
        for (const f of files.filter((x) => !x.startsWith('context/'))) assert.ok(!readFileSync(join(dirs[which]!, f), 'utf8').includes(CONTEXT_IRI), `${f} names the context IRI`);
      });

      it('Python rdflib (ConjunctiveGraph().parse, format json-ld) and PyLD (jsonld.to_rdf, default loader) read every file offline: isomorphic to the N-Quads', () => {
        rdflibPyld = report(PYTHON, [join(packageRoot, 'test', 'clients', 'jsonld_offline.py'), dirs[which]!], 'jsonld_offline.py');
        assert.deepEqual(rdflibPyld.problems, []);
        const files = jsonLdFiles(dirs[which]!);
        assert.equal(rdflibPyld.files, files.length, 'every JSON-LD file was read');
        const nq = readFileSync(join(dirs[which]!, 'kaspersky-kg.nq'), 'utf8').trimEnd().split('\n').length;
        assert.deepEqual(rdflibPyld.counts['kaspersky-kg.jsonld'], [nq, nq]);
      });

      it('jsonld.js (toRDF, default Node document loader) reads every file offline: the whole graph canonicalises to the N-Quads, entity documents are among them', () => {
        jsonldJs = report(process.execPath, [join(packageRoot, 'test', 'clients', 'jsonld_js_offline.mjs'), dirs[which]!], 'jsonld_js_offline.mjs');
        assert.deepEqual(jsonldJs.problems, []);
        assert.equal(jsonldJs.files, rdflibPyld.files);
        assert.equal(jsonldJs.documents, rdflibPyld.documents);
        // The three tools read the same number of quads from every document.
        for (const [doc, n] of Object.entries(jsonldJs.counts)) assert.deepEqual(rdflibPyld.counts[doc], [n, n], `${doc}: rdflib, PyLD, jsonld.js`);
      });

      it('the package importer (fromJsonLd) reads every file: the whole graph as the N-Quads, each entity document as jsonld.js does', async () => {
        const dir = dirs[which]!;
        const reference = await jl.canonize(readFileSync(join(dir, 'kaspersky-kg.nq'), 'utf8'), CANON);
        const whole = fromNQuads(readFileSync(join(dir, 'kaspersky-kg.nq'), 'utf8'));
        for (const f of ['kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld']) {
          const quads = fromJsonLd(readFileSync(join(dir, f), 'utf8'), { file: f });
          assert.equal(await jl.canonize(nquadsText(quads), CANON), reference, `${f} via fromJsonLd`);
        }
        for (const f of jsonLdFiles(dir).filter((x) => x.startsWith('entities/'))) {
          const quads = fromJsonLd(readFileSync(join(dir, f), 'utf8'), { file: f });
          // A proposition embedded under two claims is parsed twice: count distinct quads.
          assert.equal(new Set(nquadsText(quads).split('\n').filter(Boolean)).size, jsonldJs.counts[f], `${f}: fromJsonLd and jsonld.js`);
          assertSubset(quads, whole, f);
        }
      });

      it('Jena riot --syntax=jsonld10 (JSON-LD 1.0, Debian libapache-jena-java) reads the whole-graph documents offline: canonicalises to the N-Quads', async () => {
        assert.ok(existsSync('/usr/share/java/jena-cmds.jar'), 'Debian libapache-jena-java missing: run "bash scripts/ensure-system-deps.sh"');
        const dir = dirs[which]!;
        const reference = await jl.canonize(readFileSync(join(dir, 'kaspersky-kg.nq'), 'utf8'), CANON);
        for (const f of ['kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld']) {
          const r = offline('bash', [JENA, 'riot', '--syntax=jsonld10', '--output=nquads', join(dir, f)]);
          assert.equal(r.code, 0, `riot ${f}:\n${r.stderr.slice(-2000)}`);
          new Parser({ format: 'N-Quads' }).parse(r.stdout); // well-formed N-Quads
          assert.equal(await jl.canonize(r.stdout, CANON), reference, `${f} via Jena riot --syntax=jsonld10`);
        }
      });
    });
  }
});
