import { strict as assert } from 'node:assert';
import { parseRdf } from '../src/data/parse.js';
import { claimStandings, licensingConcepts, materialiseFacts } from '../src/data/materialise.js';

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
