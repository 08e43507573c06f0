import { strict as assert } from 'node:assert';
import { parseRdf } from '../src/data/parse.js';
import { claimStandings, compileClaims, evidenceIri, licensingConcepts, materialiseFacts, propositionIri } from '../src/data/materialise.js';
import { DataFactory } from '../src/rdf/factory.js';

const ONTO = `@prefix kg: <https://w3id.org/kaspersky-kg/ontology#> .
kg:Asserted kg:licensesFact true . kg:Hedged kg:licensesFact false .
kg:Verified kg:licensesFact true . kg:Contradicted kg:licensesFact false .`;
const DATA = `@prefix kg: <https://w3id.org/kaspersky-kg/ontology#> . @prefix c: <urn:claim:> . @prefix ex: <urn:ex:> .
c:1 a kg:Claim ; kg:modality kg:Asserted ; kg:verification kg:Verified .
c:2 a kg:Claim ; kg:modality kg:Hedged ; kg:verification kg:Verified .
c:3 a kg:Claim ; kg:modality kg:Asserted ; kg:verification kg:Contradicted .
c:4 a kg:Claim ; kg:modality kg:Asserted ; kg:verification kg:Verified .
c:1 { ex:ban ex:effective "2024-07-20" . ex:ban ex:by ex:commerce . }
c:2 { ex:ops ex:could ex:bolster . }
c:3 { ex:ofac ex:bars ex:customers . }
c:4 { ex:ban ex:by ex:commerce . }`;

describe('data/materialise', () => {
  const licensing = licensingConcepts(parseRdf(ONTO, 'o.ttl'));
  const data = parseRdf(DATA, 'd.trig');
  it('licenses only claims whose modality and verification both license facts', () => {
    const s = Object.fromEntries(claimStandings(data, licensing).map((c) => [c.claim, c.licensed]));
    assert.deepEqual(s, { 'urn:claim:1': true, 'urn:claim:2': false, 'urn:claim:3': false, 'urn:claim:4': true });
  });
  it('copies licensed triples to the default graph once, and nothing else', () => {
    const facts = materialiseFacts(data, licensing);
    assert.deepEqual(facts.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.graph.termType}`).sort(), [
      'urn:ex:ban urn:ex:by urn:ex:commerce DefaultGraph',
      'urn:ex:ban urn:ex:effective 2024-07-20 DefaultGraph',
    ]);
  });
});

describe('data/materialise: compiling claims into propositions and evidence', () => {
  const K = 'https://w3id.org/kaspersky-kg/ontology#';
  const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
  const licensing = licensingConcepts(parseRdf(ONTO, 'o.ttl'));
  const data = parseRdf(
    `@prefix kg: <${K}> . @prefix prov: <http://www.w3.org/ns/prov#> . @prefix ex: <urn:ex:> .
@prefix claim: <https://w3id.org/kaspersky-kg/claim/> . @prefix source: <https://w3id.org/kaspersky-kg/id/source/> .
claim:A a kg:Claim ; kg:claimKey "A" ; kg:modality kg:Asserted ; kg:verification kg:Verified ; prov:wasDerivedFrom source:one ; kg:quote "exact words" .
claim:B a kg:Claim ; kg:claimKey "B" ; kg:modality kg:Asserted ; kg:verification kg:Contradicted ; prov:wasDerivedFrom source:one , source:two .
claim:D a kg:Claim ; kg:claimKey "D" ; kg:modality kg:Asserted ; kg:verification kg:Verified ; kg:negated true ; prov:wasDerivedFrom source:two .
claim:A { ex:ofac ex:designated ex:exec1 . }
claim:B { ex:ofac ex:designated ex:company . ex:ofac ex:designated ex:exec1 . }
claim:D { ex:ofac ex:designated ex:ceo . }`,
    'd.trig',
  );
  const { descriptions, facts } = compileClaims(data, licensing);
  const all = [...descriptions, ...facts];
  const has = (s: string, p: string, o: string) => all.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
  const claim = (k: string) => `https://w3id.org/kaspersky-kg/claim/${k}`;

  it('publishes no named graph', () => {
    assert.ok(all.every((q) => q.graph.termType === 'DefaultGraph'));
  });
  it('asserts only what a licensed, non-negated claim states', () => {
    assert.deepEqual(facts.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`), ['urn:ex:ofac urn:ex:designated urn:ex:exec1']);
    assert.ok(!has('urn:ex:ofac', 'urn:ex:designated', 'urn:ex:company'), 'the contradicted claim leaked');
    assert.ok(!has('urn:ex:ofac', 'urn:ex:designated', 'urn:ex:ceo'), 'the denial became a fact');
  });
  it('gives one proposition node per distinct triple, shared by the claims that state it', () => {
    const p = propositionIri({ subject: DataFactory.namedNode('urn:ex:ofac'), predicate: DataFactory.namedNode('urn:ex:designated'), object: DataFactory.namedNode('urn:ex:exec1') });
    assert.match(p, /^https:\/\/w3id\.org\/kaspersky-kg\/proposition\/[a-p]{20}$/);
    assert.ok(has(claim('A'), `${K}states`, p) && has(claim('B'), `${K}states`, p));
    assert.ok(has(p, `${RDF}type`, `${K}Proposition`) && has(p, `${RDF}type`, `${RDF}Statement`));
    assert.ok(has(p, `${RDF}subject`, 'urn:ex:ofac') && has(p, `${RDF}predicate`, 'urn:ex:designated') && has(p, `${RDF}object`, 'urn:ex:exec1'));
    assert.equal(all.filter((q) => q.subject.value === p && q.predicate.value === `${RDF}subject`).length, 1);
  });
  it('compiles a negated claim into kg:denies and records the licensing outcome on every claim', () => {
    assert.ok(all.some((q) => q.subject.value === claim('D') && q.predicate.value === `${K}denies`));
    assert.ok(!all.some((q) => q.predicate.value === `${K}negated`));
    const licensed = (k: string) => all.find((q) => q.subject.value === claim(k) && q.predicate.value === `${K}licensed`)?.object.value;
    // D (asserted, verified) is an established denial: licensed, yet what it denies is no fact (checked above)
    assert.deepEqual([licensed('A'), licensed('B'), licensed('D')], ['true', 'false', 'true']);
  });
  it('moves a single-source claim\'s quote onto its one evidence node; leaves a multi-source claim\'s evidence to its author', () => {
    const ev = evidenceIri('A', 'https://w3id.org/kaspersky-kg/id/source/one');
    assert.equal(ev, 'https://w3id.org/kaspersky-kg/evidence/A-one');
    assert.ok(has(claim('A'), `${K}evidence`, ev) && has(ev, `${K}document`, 'https://w3id.org/kaspersky-kg/id/source/one') && has(ev, `${K}quote`, 'exact words'));
    assert.ok(!has(claim('A'), `${K}quote`, 'exact words'));
    assert.ok(!all.some((q) => q.subject.value === claim('B') && q.predicate.value === `${K}evidence`));
  });
});
