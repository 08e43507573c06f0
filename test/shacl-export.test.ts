/**
 * SHACL on the export as published, with the exact commands the README gives: Apache Jena's `shacl validate`
 * (Debian libapache-jena-java, run by test/clients/jena.sh) with the shipped `kaspersky-kg.shapes.ttl` on the
 * Turtle, the N-Quads and the JSON-LD export (through Jena's JSON-LD 1.0 reader) reports `sh:conforms true`
 * and no result; `ontology/shapes.ttl` alone on the same Turtle reports the false sh:class violations the
 * shipped file exists to avoid; a broken export (a claim whose modality is a company, an event whose actor is
 * a claim) gives exactly those violations. The package's own `kaspersky-kg validate FILE` agrees.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { packageRoot } from '../src/data/paths.js';
import { CAN_ISOLATE_NETWORK, CLI } from './support/hostile.js';
import { removeDir, tempDir } from './fixtures/export-support.js';

const JENA = join(packageRoot, 'test', 'clients', 'jena.sh');
const SH = 'http://www.w3.org/ns/shacl#';
const KG = 'https://w3id.org/kaspersky-kg/ontology#';

function offline(cmd: string, args: readonly string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const [c, a] = CAN_ISOLATE_NETWORK ? ['unshare', ['-rn', cmd, ...args]] : [cmd, [...args]];
  const r = spawnSync(c, a, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

interface ShaclReport {
  conforms: boolean;
  /** focus node, result path and constraint component of each result. */
  results: Array<{ focus: string; path: string; component: string }>;
}

/** `bash test/clients/jena.sh shacl validate --shapes SHAPES --data DATA`, its Turtle report read back. */
function jenaShacl(shapes: string, data: string, cwd: string): ShaclReport {
  const r = offline('bash', [JENA, 'shacl', 'validate', '--shapes', shapes, '--data', data], cwd);
  assert.equal(r.code, 0, `jena shacl on ${data}:\n${r.stderr.slice(-2000)}`);
  const quads = new Parser({ format: 'Turtle' }).parse(r.stdout);
  const conforms = quads.find((q) => q.predicate.value === `${SH}conforms`);
  assert.ok(conforms, `no sh:conforms in the report:\n${r.stdout.slice(0, 1000)}`);
  const of = (s: string, p: string) => quads.find((q) => q.subject.value === s && q.predicate.value === p)?.object.value ?? '';
  const results = quads
    .filter((q) => q.predicate.value === `${SH}focusNode`)
    .map((q) => ({ focus: q.object.value, path: of(q.subject.value, `${SH}resultPath`), component: of(q.subject.value, `${SH}sourceConstraintComponent`) }));
  return { conforms: conforms.object.value === 'true', results };
}

describe('SHACL on the export as published (Jena shacl validate with kaspersky-kg.shapes.ttl; kaspersky-kg validate)', function () {
  this.timeout(900_000);
  let root: string;
  let out: string;

  before(function () {
    assert.ok(existsSync(CLI), `the built CLI is missing (${CLI}): run npm run build`);
    assert.ok(existsSync('/usr/share/java/jena-shacl.jar'), 'Debian libapache-jena-java missing: run "bash scripts/ensure-system-deps.sh"');
    root = tempDir('kkg-shacl-');
    const r = offline(process.execPath, [CLI, 'export', '--format', 'all', '--out', 'out/'], root);
    assert.equal(r.code, 0, `export failed:\n${r.stderr}`);
    out = join(root, 'out');
    assert.ok(existsSync(join(out, 'kaspersky-kg.shapes.ttl')), 'the export ships kaspersky-kg.shapes.ttl');
  });
  after(() => removeDir(root));

  it('the Turtle export alone: sh:conforms true, no result', () => {
    const r = jenaShacl('out/kaspersky-kg.shapes.ttl', 'out/kaspersky-kg.ttl', root);
    assert.deepEqual(r.results, []);
    assert.equal(r.conforms, true);
  });

  it('the N-Quads export (its default graph): sh:conforms true, no result', () => {
    const r = jenaShacl('out/kaspersky-kg.shapes.ttl', 'out/kaspersky-kg.nq', root);
    assert.deepEqual(r.results, []);
    assert.equal(r.conforms, true);
  });

  it('the JSON-LD export, read by Jena riot --syntax=jsonld10: sh:conforms true, no result', () => {
    const nq = offline('bash', [JENA, 'riot', '--syntax=jsonld10', '--output=nquads', 'out/kaspersky-kg.jsonld'], root);
    assert.equal(nq.code, 0, nq.stderr.slice(-2000));
    writeFileSync(join(root, 'kaspersky-kg.from-jsonld.nq'), nq.stdout);
    const r = jenaShacl('out/kaspersky-kg.shapes.ttl', 'kaspersky-kg.from-jsonld.nq', root);
    assert.deepEqual(r.results, []);
    assert.equal(r.conforms, true);
  });

  it('control: ontology/shapes.ttl alone on the same Turtle reports false sh:class violations (the values are subclasses or ontology concepts)', () => {
    const r = jenaShacl(join(packageRoot, 'ontology', 'shapes.ttl'), 'out/kaspersky-kg.ttl', root);
    assert.equal(r.conforms, false);
    assert.ok(r.results.length > 100, `${r.results.length} results`);
    assert.deepEqual([...new Set(r.results.map((x) => x.component))], [`${SH}ClassConstraintComponent`]);
  });

  it('a broken export gives violations: a claim whose modality is a company, an event whose actor is a claim', () => {
    const nt = readFileSync(join(out, 'kaspersky-kg.nt'), 'utf8');
    const modality = `<https://w3id.org/kaspersky-kg/claim/C10> <${KG}modality> <${KG}Asserted> .`;
    const actor = `<https://w3id.org/kaspersky-kg/id/event/bsi-warning-2022> <${KG}actor> <https://w3id.org/kaspersky-kg/id/bsi> .`;
    assert.ok(nt.includes(modality) && nt.includes(actor), 'the export states both triples the test breaks');
    const broken = nt
      .replace(modality, `<https://w3id.org/kaspersky-kg/claim/C10> <${KG}modality> <https://w3id.org/kaspersky-kg/id/kaspersky-lab-inc> .`)
      .replace(actor, `<https://w3id.org/kaspersky-kg/id/event/bsi-warning-2022> <${KG}actor> <https://w3id.org/kaspersky-kg/claim/C10> .`);
    writeFileSync(join(root, 'broken.nt'), broken);
    const r = jenaShacl('out/kaspersky-kg.shapes.ttl', 'broken.nt', root);
    assert.equal(r.conforms, false);
    const seen = new Set(r.results.map((x) => `${x.focus} ${x.path}`));
    assert.ok(seen.has(`https://w3id.org/kaspersky-kg/claim/C10 ${KG}modality`), JSON.stringify(r.results));
    assert.ok(seen.has(`https://w3id.org/kaspersky-kg/id/event/bsi-warning-2022 ${KG}actor`), JSON.stringify(r.results));
    // Nothing else: the rest of the export still conforms.
    for (const x of r.results) assert.ok([`https://w3id.org/kaspersky-kg/claim/C10`, 'https://w3id.org/kaspersky-kg/id/event/bsi-warning-2022'].includes(x.focus), JSON.stringify(x));
    // The package's own validator agrees: the export passes, the broken one fails.
    const ok = offline(process.execPath, [CLI, 'validate', 'out/kaspersky-kg.ttl'], root);
    assert.equal(ok.code, 0, `kaspersky-kg validate out/kaspersky-kg.ttl:\n${ok.stdout}${ok.stderr}`);
    const bad = offline(process.execPath, [CLI, 'validate', 'broken.nt'], root);
    assert.equal(bad.code, 1, `kaspersky-kg validate broken.nt:\n${bad.stdout}${bad.stderr}`);
    assert.match(bad.stdout + bad.stderr, /claim\/C10/);
  });
});
