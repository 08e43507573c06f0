/**
 * The Turtle export alone answers "which article claims are contradicted, by which claim and source, with
 * which words": Python rdflib (Debian python3-rdflib) parses `kaspersky-kg.ttl` — no other file — and runs a
 * SPARQL query over it. The expected claims are read from the compiled dataset (verification
 * kg:Contradicted, derived from the article), not copied from an output.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromNQuads } from '../src/data/dataset.js';
import { compiledDatasetFile } from '../src/data/paths.js';
import { kg } from '../src/generated/vocab.js';
import { renderExport } from '../src/export/index.js';
import { ID, PREFIXES } from '../src/namespaces.js';
import { removeDir, runPythonClient, tempDir } from './fixtures/export-support.js';

const ARTICLE = `${ID}source/article`;
const OFAC_DESIGNATION = `${ID}event/ofac-designation-2024`;

const QUERY = `PREFIX kg: <${PREFIXES.kg}>
PREFIX prov: <${PREFIXES.prov}>
PREFIX rdf: <${PREFIXES.rdf}>
SELECT ?claim ?key ?by ?byKey ?source ?quote ?about WHERE {
  ?claim a kg:Claim ; kg:claimKey ?key ; kg:verification kg:Contradicted ;
         prov:wasDerivedFrom <${ARTICLE}> ; kg:contradictedBy ?by .
  ?by kg:claimKey ?byKey ; kg:evidence ?evidence .
  ?evidence kg:document ?source .
  OPTIONAL { ?evidence kg:quote ?quote }
  OPTIONAL { ?by kg:states|kg:denies ?proposition . ?proposition rdf:subject ?about }
}`;

type Cell = { t: string; v: string };
type Row = Record<string, Cell>;

describe('export: the Turtle file alone answers which article claims are contradicted, by which claim and source, in which words (Python rdflib)', function () {
  this.timeout(300_000);
  let dir: string;
  let rows: Row[];
  const expected = new Set<string>();

  before(async () => {
    if (!existsSync(compiledDatasetFile)) throw new Error(`${compiledDatasetFile} is missing: run "npm run build" first`);
    const quads = fromNQuads(readFileSync(compiledDatasetFile, 'utf8'), compiledDatasetFile);
    const contradicted = new Set(quads.filter((q) => q.predicate.value === kg.verification && q.object.value === kg.Contradicted).map((q) => q.subject.value));
    for (const q of quads) if (q.predicate.value === `${PREFIXES.prov}wasDerivedFrom` && q.object.value === ARTICLE && contradicted.has(q.subject.value)) expected.add(q.subject.value);
    dir = tempDir('kkg-ttl-claims-');
    const ttl = (await renderExport(quads, { formats: ['turtle'], version: '0.0.0-test' })).find((f) => f.path === 'kaspersky-kg.ttl')!;
    writeFileSync(join(dir, 'kaspersky-kg.ttl'), ttl.content);
    writeFileSync(join(dir, 'contradicted.rq'), QUERY);
    rows = runPythonClient<Record<string, Row[]>>('rdflib_cq.py', ['turtle', join(dir, 'kaspersky-kg.ttl'), join(dir, 'contradicted.rq')])['contradicted.rq']!;
  });
  after(() => removeDir(dir));

  it('answers every contradicted article claim of the dataset, each with a contradicting claim, a source document and its words', () => {
    assert.ok(expected.size >= 2, `the dataset has contradicted article claims (${expected.size})`);
    assert.deepEqual([...new Set(rows.map((r) => r.claim!.v))].sort(), [...expected].sort());
    for (const claim of expected) {
      const mine = rows.filter((r) => r.claim!.v === claim);
      assert.ok(mine.some((r) => r.source && r.source.v !== ARTICLE && (r.quote?.v ?? '').length > 0), `${claim}: a contradicting source other than the article, with its words`);
    }
  });

  it('C21 ("the sanctions bar US customers from transacting with Kaspersky") is contradicted by the OFAC claim, with its source and quote', () => {
    const c21 = rows.filter((r) => r.key!.v === 'C21');
    assert.ok(c21.length > 0, 'C21 is in the answer');
    // The contradicting claim is about OFAC's designation: it states or denies a proposition on that event.
    const ofac = c21.filter((r) => r.about?.v === OFAC_DESIGNATION);
    assert.ok(ofac.length > 0, `C21 is contradicted by a claim about <${OFAC_DESIGNATION}> (got ${[...new Set(c21.map((r) => r.byKey!.v))].join(', ')})`);
    const quoted = ofac.filter((r) => r.source?.t === 'iri' && (r.quote?.v ?? '').length > 20);
    assert.ok(quoted.length > 0, 'with a source document and its words');
    // The words are the source's own: they speak of what OFAC did not designate.
    assert.ok(quoted.some((r) => /Kaspersky/.test(r.quote!.v)), quoted.map((r) => r.quote!.v).join(' | '));
  });
});
