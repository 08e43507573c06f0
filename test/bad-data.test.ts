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

  it('reports a triple without provenance (a graph that is no claim), and never asserts it', async () => {
    const r = await validateWith(`<https://w3id.org/kaspersky-kg/claim/X99> { id:kaspersky kg:headquarteredIn id:germany . }\n`);
    const hits = r.hygiene.filter((h) => h.check === 'claim-without-provenance');
    assert.equal(hits.length, 1, formatReport(r));
    assert.equal(hits[0]!.focus, 'https://w3id.org/kaspersky-kg/claim/X99');
    assert.match(formatReport(r), /claim-without-provenance: https:\/\/w3id\.org\/kaspersky-kg\/claim\/X99: states something but is not a claim/);
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
    assert.ok(r.hygiene.some((h) => h.check === 'quote-not-in-sentence' && h.focus.endsWith('evidence/C99-article')), formatReport(r));
  });

  const claim = (key: string, extra: string, graph: string, modality = 'kg:Asserted', verification = 'kg:Verified') =>
    `claim:${key} a kg:Claim ; kg:claimKey "${key}" ; rdfs:label "A test claim"@en ; kg:modality ${modality} ;
  kg:verification ${verification} ; prov:wasDerivedFrom <https://w3id.org/kaspersky-kg/id/source/article> ${extra} .
claim:${key} { ${graph} }\n`;

  it('reports one quote credited to several sources', async () => {
    const r = await validateWith(claim('X95', `, <https://w3id.org/kaspersky-kg/id/source/fr-2024-13532> ; kg:quote "The US Commerce Department announced the ban"`,
      `<https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024> kg:actor id:us-department-of-commerce .`));
    assert.ok(r.hygiene.some((h) => h.check === 'quote-without-one-source' && h.focus.endsWith('claim/X95')), formatReport(r));
    assert.ok(r.hygiene.some((h) => h.check === 'evidence-per-source' && h.focus.endsWith('claim/X95')), formatReport(r));
  });

  it('reports text about how the data was made, and bare claim numbers', async () => {
    const r = await validateWith(claim('X94', `; kg:note "As the research notes say, see (E22) below."`, `id:kaspersky kg:headquarteredIn id:moscow .`));
    assert.ok(r.hygiene.some((h) => h.check === 'production-phrase' && h.focus.endsWith('claim/X94')), formatReport(r));
    assert.ok(r.hygiene.some((h) => h.check === 'bare-claim-number' && h.focus.endsWith('claim/X94')), formatReport(r));
  });

  it('reports two licensed values for one date of one event', async () => {
    const r = await validateWith(claim('X93', `; kg:note "test"`, `<https://w3id.org/kaspersky-kg/id/event/commerce-prohibition-2024> kg:announcedOn "2024-06-19"^^xsd:date .`));
    assert.ok(r.hygiene.some((h) => h.check === 'one-value-per-fact' && h.focus.endsWith('event/commerce-prohibition-2024') && h.detail.includes('2024-06-19')), formatReport(r));
  });

  it('reports two source nodes with one URL', async () => {
    const r = await validateWith(['a', 'b'].map((k) => `<https://w3id.org/kaspersky-kg/id/source/test-copy-${k}> a kg:NewsArticle ; rdfs:label "A copy ${k}"@en ;
  kg:url "https://example.org/one-document"^^xsd:anyURI .\n`).join(''));
    const hits = r.hygiene.filter((h) => h.check === 'duplicate-source-url');
    assert.deepEqual(hits.map((h) => h.focus), ['https://w3id.org/kaspersky-kg/id/source/test-copy-a'], formatReport(r));
  });

  it('reports an unlicensed claim asserted plainly, and a denial never becomes a fact', async () => {
    const r = await validateWith(claim('X92', `; kg:hedge "could" ; kg:note "test"`, `id:kaspersky kg:headquarteredIn id:germany .`, 'kg:Hedged') +
      `id:kaspersky kg:headquarteredIn id:germany .\n` +
      claim('X91', `; kg:negated true ; kg:note "test"`, `id:kaspersky kg:headquarteredIn id:united-kingdom .`));
    assert.ok(r.hygiene.some((h) => h.check === 'claim-asserted-plainly' && h.detail.includes('germany')), formatReport(r));
    assert.ok(r.hygiene.some((h) => h.check === 'untraceable-default-triple' && h.detail.includes('germany')), formatReport(r));
    assert.ok(!r.hygiene.some((h) => h.detail.includes('united-kingdom')), formatReport(r));
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
