import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateData, formatReport, type ValidationReport } from '../src/validate/index.js';
import { dataFiles } from '../src/data/paths.js';
import { RdfSyntaxError } from '../src/data/parse.js';

const PREFIXES = `@prefix kg: <https://w3id.org/kaspersky-kg/ontology#> .
@prefix id: <https://w3id.org/kaspersky-kg/id/> .
@prefix claim: <https://w3id.org/kaspersky-kg/claim/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
`;

/** Validates the package's data plus one extra TriG file holding `broken`. */
async function validateWith(broken: string): Promise<ValidationReport> {
  const dir = mkdtempSync(join(tmpdir(), 'kkg-bad-'));
  const extra = join(dir, 'broken.trig');
  writeFileSync(extra, PREFIXES + broken);
  return validateData({ data: [...dataFiles, extra] });
}

describe('validation catches broken data', function () {
  this.timeout(300_000);
  let baseline: ValidationReport;
  before(async () => {
    baseline = await validateData();
  });

  it('the package data itself is valid (baseline)', () => {
    assert.equal(formatReport(baseline), 'valid: no SHACL violation, no hygiene failure');
  });

  it('reports a triple without provenance (a graph that is no claim)', async () => {
    const r = await validateWith(`<https://w3id.org/kaspersky-kg/claim/X99> { id:kaspersky kg:headquarteredIn id:russia . }\n`);
    const hits = r.hygiene.filter((h) => h.check === 'claim-graph-without-provenance');
    assert.equal(hits.length, 1, formatReport(r));
    assert.equal(hits[0]!.focus, 'https://w3id.org/kaspersky-kg/claim/X99');
    assert.match(formatReport(r), /claim-graph-without-provenance: https:\/\/w3id\.org\/kaspersky-kg\/claim\/X99: named graph is not a claim/);
  });

  it('reports a wrong datatype on a date', async () => {
    const r = await validateWith(`claim:X98 a kg:Claim ; kg:claimKey "X98" ; rdfs:label "X98: bad date"@en ; kg:modality kg:Asserted ;
  kg:verification kg:Verified ; kg:note "test" ; prov:wasDerivedFrom <https://w3id.org/kaspersky-kg/id/source/article> .
claim:X98 { <https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024> kg:effectiveOn "July 20" . }\n`);
    const hygiene = r.hygiene.filter((h) => h.check === 'invalid-date');
    assert.ok(hygiene.some((h) => h.focus === 'https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024' && h.detail.includes('July 20')), formatReport(r));
    assert.ok(r.shacl.some((v) => v.focusNode.endsWith('commerce-prohibition-2024') && v.path?.endsWith('#effectiveOn')), formatReport(r));
  });

  it('reports an undeclared property', async () => {
    const r = await validateWith(`claim:X97 a kg:Claim ; kg:claimKey "X97" ; rdfs:label "X97: undeclared"@en ; kg:modality kg:Asserted ;
  kg:verification kg:Verified ; kg:note "test" ; prov:wasDerivedFrom <https://w3id.org/kaspersky-kg/id/source/article> .
claim:X97 { id:kaspersky kg:bannedForever true . }\n`);
    const hits = r.hygiene.filter((h) => h.check === 'undeclared-predicate');
    assert.deepEqual(hits.map((h) => h.focus), ['https://w3id.org/kaspersky-kg/ontology#bannedForever'], formatReport(r));
  });

  it('reports a claim without modality (SHACL) and a quote not in its sentence', async () => {
    const r = await validateWith(`claim:C99 a kg:Claim ; kg:claimKey "C99" ; rdfs:label "C99: misquoted"@en ; kg:verification kg:Verified ;
  kg:sentence <https://w3id.org/kaspersky-kg/id/source/article/sentence/P2a> ; kg:quote "The Treasury announced the ban" ;
  prov:wasDerivedFrom <https://w3id.org/kaspersky-kg/id/source/article> .
claim:C99 { <https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024> kg:actor id:us-department-of-commerce . }\n`);
    assert.ok(r.shacl.some((v) => v.focusNode.endsWith('claim/C99') && v.path?.endsWith('#modality')), formatReport(r));
    assert.ok(r.hygiene.some((h) => h.check === 'quote-not-in-sentence' && h.focus.endsWith('claim/C99')), formatReport(r));
  });

  it('reports an unverified identifier and a blank node', async () => {
    const r = await validateWith(`claim:X96 a kg:Claim ; kg:claimKey "X96" ; rdfs:label "X96: bad id"@en ; kg:modality kg:Asserted ;
  kg:verification kg:Verified ; kg:note "test" ; prov:wasDerivedFrom <https://w3id.org/kaspersky-kg/id/source/article> .
claim:X96 { id:kaspersky <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q501542> ; kg:about [ rdfs:label "anon"@en ] . }\n`);
    assert.ok(r.hygiene.some((h) => h.check === 'unlisted-external-identifier' && h.detail.includes('Q501542')), formatReport(r));
    assert.ok(r.hygiene.some((h) => h.check === 'blank-node'), formatReport(r));
  });

  it('reports a syntax error with file and line, and checks nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-bad-'));
    const f = join(dir, 'truncated.trig');
    const text = readFileSync(dataFiles[0]!, 'utf8');
    writeFileSync(f, `${text.slice(0, Math.floor(text.length / 2))}\n<urn:x:a> <urn:x:b> "unterminated .\n`);
    await assert.rejects(validateData({ data: [f] }), (e: unknown) => e instanceof RdfSyntaxError && e.file === f && typeof e.line === 'number' && e.message.startsWith(`${f}:`));
  });
});
