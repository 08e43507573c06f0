/**
 * The helpers on the proposition model: answers reasoned from the sources (on the built data) and from the
 * model (on small fixtures written here), not pinned to today's output.
 */
import { strict as assert } from 'node:assert';
import { KasperskyGraph, embeddedTarget, openGraphFromNQuads } from '../src/graph.js';
import { dateInterval, dateWithin } from '../src/helpers/dates.js';
import { DataFactory } from '../src/rdf/factory.js';

const ID = 'https://w3id.org/kaspersky-kg/id/';
const KG = 'https://w3id.org/kaspersky-kg/ontology#';
const CLAIM = 'https://w3id.org/kaspersky-kg/claim/';
const PROP = 'https://w3id.org/kaspersky-kg/proposition/';
const EV = 'https://w3id.org/kaspersky-kg/evidence/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';

describe('helpers on the built data (answers reasoned from the sources)', function () {
  this.timeout(120_000);
  let kg: KasperskyGraph;
  before(async () => {
    kg = new KasperskyGraph(await embeddedTarget());
  });

  it('C21 and C33 are contradicted, never facts, and contestedClaims says by which claim and source, in which words', async () => {
    const all = await kg.claims();
    for (const key of ['C21', 'C33']) {
      const c = all.find((x) => x.key === key);
      assert.ok(c, `${key} is a claim`);
      assert.equal(c.verification, 'Contradicted', key);
      assert.equal(c.licensed, false, `${key} is not licensed`);
      assert.ok(c.contradictedBy.length > 0, `${key} names what contradicts it`);
      // what it states is a plain triple only where a licensed claim states it too; what only it (or other
      // unlicensed claims) says is never a fact
      const props = await kg.select(`SELECT ?s ?p ?o (EXISTS { ?other kg:states ?st ; kg:licensed true } AS ?elsewhere) WHERE { <${c.claim}> kg:states ?st . ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }`);
      assert.ok(props.some((r) => r.elsewhere!.value === 'false'), `${key} says something no licensed claim says`);
      for (const r of props) {
        assert.equal(await kg.ask('ASK { ?s ?p ?o }', { s: r.s!, p: r.p!, o: r.o! }), r.elsewhere!.value === 'true', `${key}: ${r.s!.value} ${r.p!.value} ${r.o!.value}`);
      }
      const contested = (await kg.contestedClaims()).filter((x) => x.key === key && x.relation === 'contradicts');
      assert.ok(contested.length > 0, `${key} is contested`);
      for (const x of contested) {
        assert.ok(x.quote, `${key}: the article's words`);
        assert.ok(x.byEvidence.length > 0, `${key}: the contradicting claim ${x.byKey} has evidence`);
        for (const e of x.byEvidence) assert.ok(e.quote ?? e.note, `${key}: ${x.byKey}'s evidence from ${e.source} has words`);
      }
    }
    // The OFAC action did not designate the Kaspersky group (C21's triple): not a fact.
    assert.equal(await kg.ask(`ASK { <${ID}event/ofac-designation-2024> kg:target <${ID}kaspersky> }`), false);
  });

  it('claimsAbout(id:kaspersky) includes claims where the group is the object (C21: the OFAC designation targets it)', async () => {
    const about = await kg.claimsAbout(`${ID}kaspersky`);
    const c21 = about.find((c) => c.key === 'C21');
    assert.ok(c21, 'C21 mentions id:kaspersky as the object of kg:target');
    assert.equal(c21.licensed, false);
    // exactly the claims stating or denying a proposition with the entity as subject or object
    const want = await kg.select(`SELECT DISTINCT ?key WHERE { ?c kg:states|kg:denies ?st ; kg:claimKey ?key . { ?st rdf:subject id:kaspersky } UNION { ?st rdf:object id:kaspersky } }`);
    assert.deepEqual(about.map((c) => c.key).sort(), want.map((r) => r.key!.value).sort());
  });

  it('actionsAgainst(AO Kaspersky Lab) includes actions against its subsidiary Kaspersky Lab, Inc. (the 2024 prohibition)', async () => {
    const actions = await kg.actionsAgainst(`${ID}ao-kaspersky-lab`);
    const iris = actions.map((a) => a.iri);
    // BIS's Final Determination prohibits Kaspersky Lab, Inc., the US subsidiary of AO Kaspersky Lab
    assert.ok(iris.includes(`${ID}event/commerce-prohibition-2024`), 'the 2024 prohibition (targets the subsidiary)');
    // BIS's Entity List addition names AO Kaspersky Lab itself
    assert.ok(iris.includes(`${ID}event/entity-list-addition-2024`), 'the Entity List addition');
    // OFAC designated twelve executives, not the company: not an action against it
    assert.ok(!iris.includes(`${ID}event/ofac-designation-2024`), 'the OFAC designation does not target the company');
  });

  it('"was X designated by OFAC?" answers no, per source, in its words', async () => {
    for (const who of ['person/eugene-kaspersky', 'ao-kaspersky-lab']) {
      const status = await kg.designationStatus(`${ID}${who}`);
      assert.equal(status.designated, 'no', who);
      assert.deepEqual(status.designations, []);
      assert.ok(status.denials.some((d) => d.subject === `${ID}event/ofac-designation-2024` && d.predicate === `${KG}target`), `${who}: a source says the OFAC action did not target it`);
      for (const d of status.denials) {
        assert.ok(d.evidence.length > 0, `${d.key}: evidence`);
        for (const e of d.evidence) assert.ok(e.quote ?? e.note, `${d.key}: ${e.source} gives words`);
      }
    }
    // the designated executives are designated
    const people = await kg.sanctionedPeople();
    assert.equal(people.length, 12, 'OFAC designated twelve executives (E12, E13)');
    for (const p of people) assert.equal((await kg.designationStatus(p.person)).designated, 'yes', p.name);
  });

  it('continued use of Kaspersky products is not penalised: a denial in the BIS press release\'s words', async () => {
    const found = (await kg.denials({ subject: `${ID}event/commerce-prohibition-2024` })).filter((d) =>
      d.evidence.some((e) => e.source === `${ID}source/cm-bis-press-release-2024-06-20` && /will not face legal penalties/.test(e.quote ?? '')));
    // E8c: the prohibition has no restriction on the continued use of existing products (one denied triple)
    assert.deepEqual(found.map((d) => [d.key, d.predicate, d.object]), [['E8c', `${KG}hasRestriction`, `${ID}event/commerce-prohibition-2024/restriction/use`]]);
  });

  it('sourcesOf returns only true (claim, source, quote) triples from evidence nodes', async () => {
    const rows = await kg.sourcesOf(`${ID}event/commerce-prohibition-2024`, `${KG}actor`, `${ID}us-department-of-commerce`);
    // the article (C15) and the BIS press release (E2a)
    assert.deepEqual(rows.map((r) => [r.key, r.source]), [['C15', `${ID}source/article`], ['E2a', `${ID}source/cm-bis-press-release-2024-06-20`]]);
    for (const r of rows) {
      const q = r.quote === undefined ? '' : ' ; kg:quote ?q';
      const { namedNode: nn, literal } = DataFactory;
      const ok = await kg.ask(`ASK { ?c kg:evidence ?e ; kg:states ?st . ?e kg:document ?src${q} . ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }`, {
        c: nn(r.claim), src: nn(r.source), s: nn(`${ID}event/commerce-prohibition-2024`), p: nn(`${KG}actor`), o: nn(`${ID}us-department-of-commerce`),
        ...(r.quote === undefined ? {} : { q: literal(r.quote) }),
      });
      assert.ok(ok, `${r.key} / ${r.source}: an evidence node carries it`);
    }
  });

  it('an unknown IRI gives an empty result, not an error', async () => {
    const x = `${ID}no-such-thing`;
    assert.deepEqual(await kg.claimsAbout(x), []);
    assert.deepEqual(await kg.actionsAgainst(x), []);
    assert.deepEqual(await kg.actionsBy(x), []);
    assert.deepEqual(await kg.claims(x), []);
    assert.deepEqual(await kg.sourcesOf(x, `${KG}actor`, x), []);
    assert.deepEqual(await kg.denials({ subject: x }), []);
    assert.deepEqual(await kg.externalIds(x), []);
    assert.equal(await kg.entity(x), undefined);
    assert.deepEqual(await kg.designationStatus(x), { target: x, designated: 'unknown', designations: [], denials: [] });
  });
});

// ---------------------------------------------------------------- fixtures

const T = (s: string) => `<${s}>`;
const L = (v: string, dt?: string) => `"${v}"${dt ? `^^<${XSD}${dt}>` : ''}`;
const LE = (v: string) => `"${v}"@en`;

/** N-Quads of a small dataset in the published model: claims, propositions, evidence, facts. */
function fixture(): string {
  const lines: string[] = [];
  const t = (s: string, p: string, o: string) => lines.push(`${T(s)} ${T(p)} ${o} .`);
  let n = 0;
  const claim = (key: string, opts: { licensed: boolean; deny?: boolean; verification?: string; evidence: [string, string][] }, triples: [string, string, string][]) => {
    const c = `${CLAIM}${key}`;
    t(c, `${RDF}type`, T(`${KG}Claim`));
    t(c, `${KG}claimKey`, L(key));
    t(c, LABEL, LE(`claim ${key}`));
    t(c, `${KG}modality`, T(`${KG}Asserted`));
    t(c, `${KG}verification`, T(`${KG}${opts.verification ?? 'Verified'}`));
    t(c, `${KG}licensed`, L(String(opts.licensed), 'boolean'));
    for (const [src, quote] of opts.evidence) {
      const e = `${EV}${key}-${src}`;
      t(c, DERIVED, T(`${ID}source/${src}`));
      t(c, `${KG}evidence`, T(e));
      t(e, `${RDF}type`, T(`${KG}Evidence`));
      t(e, `${KG}document`, T(`${ID}source/${src}`));
      t(e, `${KG}quote`, L(quote));
    }
    for (const [s, p, o] of triples) {
      const st = `${PROP}f${n++}`;
      t(st, `${RDF}type`, T(`${KG}Proposition`));
      t(st, `${RDF}subject`, T(s));
      t(st, `${RDF}predicate`, T(p));
      t(st, `${RDF}object`, o);
      t(c, `${KG}${opts.deny ? 'denies' : 'states'}`, T(st));
      if (opts.licensed && !opts.deny) t(s, p, o);
    }
  };
  const ofac = `${ID}ofac`, d = `${ID}event/designation`, boss = `${ID}person/boss`, exec = `${ID}person/exec`, co = `${ID}company`;
  t(`${ID}source/treasury`, `${RDF}type`, T(`${KG}PressRelease`));
  t(`${ID}source/treasury`, 'http://purl.org/dc/terms/title', LE('Treasury press release'));
  t(`${ID}source/news`, `${RDF}type`, T(`${KG}NewsArticle`));
  claim('F1', { licensed: true, evidence: [['treasury', 'OFAC designated the executive.']] }, [
    [d, `${RDF}type`, T(`${KG}SanctionDesignation`)], [d, LABEL, LE('Designation')], [d, `${KG}actor`, T(ofac)], [d, `${KG}target`, T(exec)],
    [d, `${KG}announcedOn`, L('2024-06-21', 'date')],
  ]);
  // two sources, each with its own words: sourcesOf must pair each quote with its own source only
  claim('F2', { licensed: true, evidence: [['treasury', 'Treasury words.'], ['news', 'News words.']] }, [[exec, `${RDF}type`, T(`${KG}Person`)], [exec, LABEL, LE('The Executive')]]);
  claim('F3', { licensed: false, deny: true, verification: 'Corroborated', evidence: [['news', 'It did not sanction the company or its CEO.']] }, [[d, `${KG}target`, T(boss)], [d, `${KG}target`, T(co)]]);
  claim('F4', { licensed: false, verification: 'Contradicted', evidence: [['news', 'The sanctions hit the company.']] }, [[d, `${KG}target`, T(co)], [co, LABEL, LE('Only Claimed Co')]]);
  // dates at several precisions
  const ev = (k: string, date: string, dt: string) => {
    const e = `${ID}event/${k}`;
    claim(`D${k}`, { licensed: true, evidence: [['news', `dated ${date}`]] }, [[e, `${RDF}type`, T(`${KG}Statement`)], [e, LABEL, LE(k)], [e, `${KG}announcedOn`, L(date, dt)]]);
  };
  ev('month', '2024-09', 'gYearMonth');
  ev('year', '2024', 'gYear');
  ev('day', '2024-09-05', 'date');
  ev('august', '2024-08-31', 'date');
  ev('time', '2024-09-29T00:00:00-04:00', 'dateTime');
  return `${lines.join('\n')}\n`;
}

describe('helpers on a fixture in the published model', function () {
  this.timeout(60_000);
  let kg: KasperskyGraph;
  before(async () => {
    kg = await openGraphFromNQuads(fixture(), { index: false });
  });

  it('denials: "no, per source S, in these words"; designationStatus yes / no / unknown', async () => {
    const boss = await kg.designationStatus(`${ID}person/boss`);
    assert.equal(boss.designated, 'no');
    assert.equal(boss.denials.length, 1);
    assert.equal(boss.denials[0]!.key, 'F3');
    assert.deepEqual(boss.denials[0]!.evidence.map((e) => [e.source, e.quote, e.sourceType]), [[`${ID}source/news`, 'It did not sanction the company or its CEO.', 'NewsArticle']]);
    assert.equal((await kg.designationStatus(`${ID}person/exec`)).designated, 'yes');
    assert.equal((await kg.designationStatus(`${ID}person/nobody`)).designated, 'unknown');
    // a contradicted claim that the company was targeted does not make it designated; the denial stands
    assert.equal((await kg.designationStatus(`${ID}company`)).designated, 'no');
    assert.deepEqual((await kg.denials({ object: `${ID}company` })).map((d) => d.key), ['F3']);
    assert.deepEqual((await kg.denials()).map((d) => d.object).sort(), [`${ID}company`, `${ID}person/boss`]);
    assert.deepEqual(await kg.denials({ predicate: `${KG}actor` }), []);
  });

  it('sourcesOf pairs each quote with the one source that carries it', async () => {
    const rows = await kg.sourcesOf(`${ID}person/exec`, LABEL, { value: 'The Executive', language: 'en' });
    assert.deepEqual(rows.map((r) => [r.key, r.source, r.quote]), [['F2', `${ID}source/news`, 'News words.'], ['F2', `${ID}source/treasury`, 'Treasury words.']]);
    // a denied triple has no supporting source; a claimed-only one names its (unlicensed) claim
    assert.deepEqual(await kg.sourcesOf(`${ID}event/designation`, `${KG}target`, `${ID}person/boss`), []);
    assert.deepEqual((await kg.sourcesOf(`${ID}event/designation`, `${KG}target`, `${ID}company`)).map((r) => [r.key, r.licensed]), [['F4', false]]);
  });

  it('claimsAbout finds subject and object mentions, stated and denied; labels only claimed are still names', async () => {
    assert.deepEqual((await kg.claimsAbout(`${ID}company`)).map((c) => [c.key, c.licensed, c.denies]), [['F3', false, true], ['F4', false, false]]);
    assert.equal((await kg.entity(`${ID}company`))?.label, 'Only Claimed Co');
    assert.deepEqual((await kg.findEntities('only claimed')).map((m) => m.iri), [`${ID}company`]);
    const f2 = (await kg.claims()).find((c) => c.key === 'F2')!;
    assert.deepEqual(f2.evidence.map((e) => [e.source, e.quote]), [[`${ID}source/news`, 'News words.'], [`${ID}source/treasury`, 'Treasury words.']]);
    assert.deepEqual((await kg.claims(`${ID}source/treasury`)).map((c) => c.key), ['F1', 'F2']);
  });

  it('a date at month or year precision denotes its interval: ranges overlap it', async () => {
    const keys = async (range: { from?: string; to?: string }) => (await kg.timeline(range)).map((e) => e.iri.slice(`${ID}event/`.length)).filter((k) => k !== 'designation');
    assert.deepEqual(await keys({ from: '2024-09-01' }), ['year', 'month', 'day', 'time']);
    assert.deepEqual(await keys({ to: '2024-08-31' }), ['year', 'august']);
    assert.deepEqual(await keys({ from: '2024-09-30', to: '2024-09-30' }), ['year', 'month']);
    assert.deepEqual(await keys({ from: '2024-09-29', to: '2024-09-29' }), ['year', 'month', 'time']);
    assert.deepEqual(await keys({ from: '2024-10' }), ['year']);
    assert.deepEqual(await keys({ from: '2024-09', to: '2024-09' }), ['year', 'month', 'day', 'time']);
    assert.deepEqual(await keys({ from: '2025' }), []);
  });

  it('the interval fragment gives first and last day for every precision', async () => {
    const q = `SELECT ?d ?start ?end WHERE { VALUES ?d { "2024"^^xsd:gYear "2024-09"^^xsd:gYearMonth "2024-09-05"^^xsd:date "2024-09-29T00:00:00-04:00"^^xsd:dateTime } ${dateInterval('d', 'start', 'end')} } ORDER BY STR(?d)`;
    const rows = (await kg.select(q)).map((r) => [r.d!.value, r.start!.value, r.end!.value]);
    assert.deepEqual(rows, [
      ['2024', '2024-01-01', '2024-12-31'], ['2024-09', '2024-09-01', '2024-09-31'], ['2024-09-05', '2024-09-05', '2024-09-05'],
      ['2024-09-29T00:00:00-04:00', '2024-09-29', '2024-09-29'],
    ]);
    assert.throws(() => dateWithin('d; DROP', 'a', 'b'), TypeError);
  });
});
