/**
 * Real third-party clients read the exports (Debian packages, driven through child_process):
 * - Python rdflib parses every RDF/JSON-LD export (isomorphic to the source) and answers the competency
 *   questions with the same answers as the package (Oxigraph);
 * - PyLD expands the JSON-LD offline with the local context, converts it to the same graph, refuses an
 *   unknown remote context, and computes the same RDFC-1.0 hash;
 * - raptor's rapper validates and counts the Turtle, N-Triples and RDF/XML (and TriG, N-Quads);
 * - Python's csv module and pandas load the CSV tables.
 * rdflib.js (npm) is exercised in export-rdf.test.ts.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, Parser, type Quad, type Term } from 'n3';
import { EmbeddedTarget, loadOxigraph } from '../src/query/embedded.js';
import { contextFile, modelView, renderExport, toNQuads, writeExportFiles } from '../src/export/index.js';
import { STATEMENT_COLUMNS } from '../src/export/csv.js';
import { assertIsomorphic, defaultGraph, PYTHON, removeDir, run, runPythonClient, subjects, tempDir } from './fixtures/export-support.js';
import { packageRoot } from '../src/data/paths.js';

const CQ_DIR = join(packageRoot, 'test', 'fixtures', 'export-cq');
const CQS = readdirSync(CQ_DIR).filter((f) => f.endsWith('.rq')).sort();

interface RoundTrip {
  [file: string]: { graphs: number; triples: number; isomorphic: boolean; problem: string | null };
}
type Row = Record<string, { t: string; v: string; l?: string; d?: string }>;

function rowOf(solution: Readonly<Record<string, Term>>): Row {
  const row: Row = {};
  for (const [k, t] of Object.entries(solution)) {
    if (t.termType === 'NamedNode') row[k] = { t: 'iri', v: t.value };
    else if (t.termType === 'BlankNode') row[k] = { t: 'bnode', v: t.value };
    else if (t.termType === 'Literal') row[k] = t.language ? { t: 'literal', v: t.value, l: t.language.toLowerCase() } : { t: 'literal', v: t.value, d: t.datatype.value };
  }
  return row;
}
const sortKeys = (r: Row): string => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))])));

/** PyLD (Debian python3-pyld) reads an N-Quads file: its graph back as N-Quads, and its URDNA2015 (= RDFC-1.0) hash. */
const PYLD_NQUADS = `
import hashlib, json, sys
from pyld import jsonld
text = open(sys.argv[1], encoding="utf-8").read()
doc = jsonld.from_rdf(text, {"format": "application/n-quads"})
back = jsonld.to_rdf(doc, {"format": "application/n-quads"})
canon = jsonld.normalize(text, {"algorithm": "URDNA2015", "inputFormat": "application/n-quads", "format": "application/n-quads"})
print(json.dumps({"nquads": back, "canonical_sha256": hashlib.sha256(canon.encode("utf-8")).hexdigest()}))
`;
function pyldNQuads(file: string): { nquads: string; canonical_sha256: string } {
  const r = run(PYTHON, ['-c', PYLD_NQUADS, file]);
  if (r.code !== 0) throw new Error(`PyLD could not read ${file} (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout) as { nquads: string; canonical_sha256: string };
}

describe('export: real third-party clients', function () {
  this.timeout(600_000);
  before(function () {
    const r = run(PYTHON, ['-c', 'import rdflib, pyld']);
    if (r.code !== 0) throw new Error(`Debian python3-rdflib / python3-pyld missing: run "bash scripts/ensure-system-deps.sh" (${r.stderr.trim()})`);
    if (run('rapper', ['--version']).code !== 0) throw new Error('rapper missing: run "bash scripts/ensure-system-deps.sh"');
  });

  for (const { name, quads } of subjects()) {
    describe(name, () => {
      let dir: string;
      let source: string;
      before(async () => {
        dir = tempDir();
        writeExportFiles(dir, await renderExport(quads, { formats: 'all', version: '0.0.0-test' }));
        source = join(dir, 'source.nq');
        writeFileSync(source, toNQuads(quads));
      });
      after(() => removeDir(dir));

      it('Python rdflib parses every format, and each is isomorphic to the source (quad formats: every graph; others: the default graph)', () => {
        const report = runPythonClient<RoundTrip>('rdflib_roundtrip.py', [dir, source, join(dir, 'context', 'v2.jsonld')]);
        const files = ['kaspersky-kg.ttl', 'kaspersky-kg.nt', 'kaspersky-kg.rdf', 'kaspersky-kg.nq', 'kaspersky-kg.trig', 'kaspersky-kg.jsonld', 'kaspersky-kg.expanded.jsonld', 'kaspersky-kg.entities.jsonl'];
        for (const f of files) {
          assert.ok(report[f], `rdflib report for ${f}`);
          assert.equal(report[f]!.problem, null, `${f}: ${report[f]!.problem}`);
          assert.ok(report[f]!.isomorphic, f);
        }
        assert.equal(report['kaspersky-kg.ttl']!.triples, defaultGraph(quads).length);
        assert.equal(report['kaspersky-kg.nq']!.triples, quads.length);
        assert.equal(report['kaspersky-kg.jsonld']!.triples, quads.length);
      });

      it(`Python rdflib answers the ${CQS.length} competency questions like the package (Oxigraph), from TriG, N-Quads and the plain-triple formats`, async () => {
        const target = new EmbeddedTarget(await loadOxigraph(toNQuads(quads)));
        const ours: Record<string, string[]> = {};
        for (const cq of CQS) ours[cq] = (await target.select(readFileSync(join(CQ_DIR, cq), 'utf8'))).map((s) => sortKeys(rowOf(s))).sort();
        // both datasets hold claims of every standing (contradicted, partly accurate, unlicensed), several sources,
        // dated facts, Russian labels and claims about id:kaspersky: every question has an answer to compare
        const unanswered = Object.entries(ours).filter(([, rows]) => rows.length === 0).map(([cq]) => cq);
        assert.deepEqual(unanswered, [], 'every competency question has an answer');
        const paths = CQS.map((f) => join(CQ_DIR, f));
        const defaultOnly = CQS.filter((f) => !/\bGRAPH\b/.test(readFileSync(join(CQ_DIR, f), 'utf8')));
        for (const [fmt, file, cqs] of [
          ['trig', 'kaspersky-kg.trig', CQS],
          ['nquads', 'kaspersky-kg.nq', CQS],
          ['turtle', 'kaspersky-kg.ttl', defaultOnly],
          ['xml', 'kaspersky-kg.rdf', defaultOnly],
        ] as const) {
          const theirs = runPythonClient<Record<string, Row[]>>('rdflib_cq.py', [fmt, join(dir, file), ...paths.filter((p) => cqs.some((c) => p.endsWith(c)))]);
          for (const cq of cqs) {
            assert.deepEqual(theirs[cq]!.map(sortKeys).sort(), ours[cq], `${cq} from ${file}`);
          }
        }
      });

      it('PyLD expands the compacted and per-entity JSON-LD offline with the local context, to the same graph, and refuses unknown contexts', () => {
        const parse = (nq: string): Quad[] => new Parser({ format: 'N-Quads' }).parse(nq);
        const whole = runPythonClient<{ nodes: number; nquads: string; refused: string | null; canonical_sha256: string }>('pyld_expand.py', [join(dir, 'kaspersky-kg.jsonld'), contextFile, '--canonical']);
        assertIsomorphic(parse(whole.nquads), quads, 'PyLD toRDF of kaspersky-kg.jsonld');
        assert.match(whole.refused ?? '', /unknown-context\.jsonld/);
        const hash = readFileSync(join(dir, 'kaspersky-kg.rdfc-1.0.sha256'), 'utf8').trim().split('\n').pop();
        assert.equal(whole.canonical_sha256, hash, 'PyLD URDNA2015 hash = the release RDFC-1.0 hash');
        const expanded = runPythonClient<{ nquads: string }>('pyld_expand.py', [join(dir, 'kaspersky-kg.expanded.jsonld'), contextFile]);
        assertIsomorphic(parse(expanded.nquads), quads, 'PyLD toRDF of kaspersky-kg.expanded.jsonld');
        const entityDir = join(dir, 'entities');
        const one = readdirSync(entityDir, { recursive: true }).map(String).find((f) => f.endsWith('.jsonld'))!;
        const entity = runPythonClient<{ nquads: string }>('pyld_expand.py', [join(entityDir, one), contextFile]);
        const got = parse(entity.nquads);
        assert.ok(got.length > 0);
        const all = new Set(quads.map((q) => `${q.subject.value}|${q.predicate.value}|${q.object.value}|${q.graph.value}`));
        for (const q of got) assert.ok(all.has(`${q.subject.value}|${q.predicate.value}|${q.object.value}|${q.graph.value}`), `PyLD entity quad in the source: ${q.subject.value} ${q.predicate.value}`);
      });

      it('PyLD parses the N-Quads export (blank nodes `_:b0`, `_:b1`, …) to the same graph and reproduces the RDFC-1.0 hash', () => {
        const got = pyldNQuads(join(dir, 'kaspersky-kg.nq'));
        assertIsomorphic(new Parser({ format: 'N-Quads' }).parse(got.nquads), quads, 'PyLD from_rdf of kaspersky-kg.nq');
        const hash = readFileSync(join(dir, 'kaspersky-kg.rdfc-1.0.sha256'), 'utf8').trim().split('\n').pop();
        assert.equal(got.canonical_sha256, hash, 'PyLD URDNA2015 hash of kaspersky-kg.nq = the release RDFC-1.0 hash');
      });

      it("raptor's rapper validates and counts the Turtle, N-Triples, RDF/XML, TriG and N-Quads", () => {
        const dflt = defaultGraph(quads).length;
        for (const [syntax, file, expected] of [
          ['turtle', 'kaspersky-kg.ttl', dflt],
          ['ntriples', 'kaspersky-kg.nt', dflt],
          ['rdfxml', 'kaspersky-kg.rdf', dflt],
          ['trig', 'kaspersky-kg.trig', quads.length],
          ['nquads', 'kaspersky-kg.nq', quads.length],
          ['turtle', 'void.ttl', undefined],
          ['turtle', 'ontology.ttl', undefined],
        ] as const) {
          const r = run('rapper', ['-i', syntax, '-c', join(dir, file)]);
          assert.equal(r.code, 0, `rapper ${file}: ${r.stderr}`);
          assert.ok(!/error|warning/i.test(r.stderr.replace(/Parsing returned \d+ triples/, '')), `rapper ${file} complained: ${r.stderr}`);
          const n = Number(/Parsing returned (\d+) triples/.exec(r.stderr)?.[1]);
          if (expected !== undefined) assert.equal(n, expected, `rapper count for ${file}`);
          else assert.ok(n > 0, file);
        }
      });

      it('the CSV tables load with Python csv and pandas: every edge endpoint is a node, labels intact; statements.csv holds every (proposition, claim) with stance, licence, source and quote', () => {
        const r = runPythonClient<{
          nodes: number;
          edges: number;
          node_columns: string[];
          edge_columns: string[];
          unique_ids: boolean;
          dangling_edges: number;
          labels: Record<string, string>;
          statement_columns: string[];
          statements: string[][];
          statement_claims_are_nodes: boolean;
          pandas: { nodes: number; edges: number; same_as_csv: boolean } | null;
        }>('csv_load.py', [dir]);
        assert.ok(r.nodes > 0 && r.edges > 0);
        assert.ok(r.unique_ids);
        assert.equal(r.dangling_edges, 0);
        for (const c of ['Id', 'Label', 'kind', 'types', 'date', 'claims', 'sources']) assert.ok(r.node_columns.includes(c), `nodes.csv has ${c}`);
        assert.deepEqual(r.edge_columns, ['Source', 'Target', 'Type', 'Label', 'predicate', 'claims', 'sources']);
        const labels = new Map<string, Set<string>>();
        for (const q of defaultGraph(quads)) {
          if (q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#label' && q.object.termType === 'Literal' && q.object.language === 'en') {
            const s = labels.get(q.subject.value) ?? new Set();
            s.add(q.object.value);
            labels.set(q.subject.value, s);
          }
        }
        for (const [iri, ls] of labels) assert.ok(ls.has(r.labels[iri]!), `label of ${iri} survives the CSV round trip`);
        // statements.csv: one row per (proposition, claim, source), from the dataset's kg:states / kg:denies.
        assert.deepEqual(r.statement_columns, [...STATEMENT_COLUMNS]);
        assert.ok(r.statement_claims_are_nodes, 'every statement claim is a row of nodes.csv');
        const view = modelView(quads);
        const pairs = new Set<string>();
        for (const c of view.claims) {
          const info = view.claimInfo(c)!;
          for (const [stance, list] of [['states', info.states], ['denies', info.denies]] as const) for (const p of list) pairs.add(`${view.propositions.get(p)!.subject.value} ${info.key} ${stance}`);
        }
        assert.deepEqual(new Set(r.statements.map((x) => `${x[0]} ${x[3]} ${x[4]}`)), pairs, 'every (proposition, claim) is a row, and nothing else');
        // A row is licensed only for a licensed claim's kg:states (denials and unlicensed claims never are facts).
        for (const x of r.statements) if (x[5] === 'true') assert.ok(view.claimInfo([...view.claims].find((c) => view.claimInfo(c)!.key === x[3])!)!.licensed, x.join(','));
        if (r.pandas) {
          assert.equal(r.pandas.nodes, r.nodes);
          assert.equal(r.pandas.edges, r.edges);
          assert.ok(r.pandas.same_as_csv, 'pandas reads the same cells as the csv module');
        }
      });
    });
  }

  it('PyLD parses the N-Quads of a graph whose blank nodes had labels it rejects (`_:n3-0`, `_:weird label!`), to the same graph', () => {
    const { namedNode: n, literal: l, quad: q, blankNode: b } = DataFactory;
    const g = n('https://w3id.org/kaspersky-kg/claim/B1');
    const withBlanks = [
      q(n('https://example.org/s'), n('https://example.org/p'), b('n3-0')),
      q(b('n3-0'), n('https://example.org/q'), l('inner')),
      q(b('weird label!'), n('https://example.org/r'), b('n3-0'), g),
      q(b('n3-1'), n('https://example.org/r'), l('in a blank graph'), b('n3-2')),
    ];
    const dir = tempDir();
    try {
      const file = join(dir, 'blanks.nq');
      writeFileSync(file, toNQuads(withBlanks));
      assertIsomorphic(new Parser({ format: 'N-Quads' }).parse(pyldNQuads(file).nquads), withBlanks, 'PyLD from_rdf of N-Quads with blank nodes');
    } finally {
      removeDir(dir);
    }
  });
});
