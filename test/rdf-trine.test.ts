/**
 * Perl RDF::Trine (Debian librdf-trine-perl, test/clients/trine_count.pl) parses the exported N-Quads,
 * N-Triples and Turtle (blank nodes labelled `_:b0`, …, which it accepts) and reads as many statements,
 * named graphs and blank-node statements as the dataset the package exported holds.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assembleDataset, buildDatasetParts } from '../src/data/dataset.js';
import { packageRoot } from '../src/data/paths.js';
import { CLI } from './support/hostile.js';
import { removeDir, tempDir } from './fixtures/export-support.js';
import type { Quad } from 'n3';

const SCRIPT = join(packageRoot, 'test', 'clients', 'trine_count.pl');

function trine(file: string, format: string): { statements: number; graphs: number; blank: number } {
  const r = spawnSync('perl', [SCRIPT, file, format], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
  assert.equal(r.status, 0, `RDF::Trine could not parse ${file}:\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as { statements: number; graphs: number; blank: number };
}

const key = (q: Quad): string => `${q.subject.termType}${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${'language' in q.object ? `@${q.object.language}^${q.object.datatype.value}` : ''} ${q.graph.value}`;

describe('Perl RDF::Trine parses the exported N-Quads, N-Triples and Turtle', function () {
  this.timeout(600_000);
  let dir: string;
  let quads: Quad[];

  before(function () {
    const perl = spawnSync('perl', ['-MRDF::Trine', '-e1'], { encoding: 'utf8' });
    assert.equal(perl.status, 0, 'Debian librdf-trine-perl missing: run "bash scripts/ensure-system-deps.sh"');
    assert.ok(existsSync(CLI), `the built CLI is missing (${CLI}): run npm run build`);
    dir = tempDir('kkg-trine-');
    const r = spawnSync(process.execPath, [CLI, 'export', '--format', 'nquads,ntriples,turtle', '--out', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    quads = [...new Map(assembleDataset(buildDatasetParts()).map((q) => [key(q), q])).values()];
  });
  after(() => removeDir(dir));

  it('N-Quads: every quad of the dataset, its named graphs, its blank-node statements', () => {
    const got = trine(join(dir, 'kaspersky-kg.nq'), 'nquads');
    assert.equal(got.statements, quads.length);
    assert.equal(got.graphs, new Set(quads.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => q.graph.value)).size);
    assert.equal(got.blank, quads.filter((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode').length);
    assert.ok(got.blank > 0, 'the dataset has blank nodes (the labels are what is tested)');
  });

  for (const [file, format] of [['kaspersky-kg.nt', 'ntriples'], ['kaspersky-kg.ttl', 'turtle']] as const) {
    it(`${file}: every triple of the default graph`, () => {
      const dflt = quads.filter((q) => q.graph.termType === 'DefaultGraph');
      const got = trine(join(dir, file), format);
      assert.equal(got.statements, dflt.length);
      assert.equal(got.graphs, 0);
      assert.equal(got.blank, dflt.filter((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode').length);
    });
  }
});
