/**
 * The briefing read as a journalist (issue 10, section 5), with answers reasoned from the sources rather
 * than today's strings: who acted (BIS/Commerce, OFAC/Treasury, the State Department), who signed the
 * NDAA (the President, not Congress), the 2024-09-29 cut-off, no row twice, facts counted as facts, each
 * contradiction with the kind of source that makes it, no internal notes, and losses apart from what stays
 * allowed (continued use is not penalised, per the BIS press release).
 */
import { strict as assert } from 'node:assert';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { renderBriefing, sourceKind, splitImpacts } from '../src/cli/briefing.js';
import { graphStatistics } from '../src/helpers/queries.js';
import { KG, PREFIXES } from '../src/namespaces.js';

describe('briefing (npm start), read as a journalist', function () {
  this.timeout(120_000);
  let kg: KasperskyGraph;
  let text: string;
  const section = (title: string): string => {
    const i = text.indexOf(`\n${title}`);
    assert.ok(i >= 0, `section ${title}`);
    const rest = text.slice(i + title.length + 1);
    const next = rest.search(/\n\n[^\s]/);
    return next < 0 ? rest : rest.slice(0, next);
  };
  /** Logical rows: a wrapped row's continuation lines joined to it. */
  const rows = (s: string): string[] => s.split('\n').filter((l) => /^ {2}\S| {4}\S/.test(l) && !/^─/.test(l)).reduce<string[]>((acc, l) => {
    if (/^ {5,}/.test(l) && acc.length) acc[acc.length - 1] += ` ${l.trim()}`;
    else acc.push(l.trim());
    return acc;
  }, []);

  before(async () => {
    kg = await openGraph();
    text = await renderBriefing(kg, 100);
  });
  after(() => kg.close());

  it('names every acting party: Commerce/BIS, OFAC and the Treasury, the State Department', () => {
    const parties = section('Parties');
    for (const re of [/Bureau of Industry and Security/, /Office of Foreign Assets Control/, /Department of the Treasury/, /Department of State/, /Department of Commerce/]) assert.match(parties, re);
    const acting = parties.slice(0, parties.search(/\n {2}(Reacting|Targeted):/));
    assert.ok(!/: Kaspersky[;:\n]/.test(acting), 'Kaspersky does not act against itself');
    assert.ok(!/https?:\/\//.test(parties), 'parties are named, not given as IRIs');
  });

  it('names the signatory of the NDAA (the President signs; Congress passes)', async () => {
    const signed = await kg.select(`SELECT ?x ?who WHERE { ?x <${KG}signatory> ?who ; <${KG}signedOn> ?d }`);
    assert.ok(signed.length > 0);
    const timeline = rows(section('Timeline of actions'));
    for (const line of timeline.filter((l) => /\(signed/.test(l))) {
      assert.match(line, /signed by /, line);
      assert.ok(!/signed\)? — United States Congress$/.test(line), `Congress given as signer: ${line}`);
    }
    assert.ok(timeline.some((l) => /NDAA[^]*signed by Donald Trump/.test(l)), 'the NDAA FY2018 was signed by President Trump');
  });

  it('has no row twice in any section, and the 2024-09-29 cut-off for updates', () => {
    const sections = text.split(/\n\n(?=\S)/);
    for (const s of sections) {
      const r = rows(s);
      assert.equal(new Set(r).size, r.length, `a repeated row in: ${s.split('\n')[0]}`);
    }
    assert.match(section('What customers and resellers lose, and when'), /2024-09-29 +Ban on anti-virus signature and codebase updates/);
  });

  it('counts facts as plain triples of licensed propositions, not source or claim descriptions', async () => {
    const { facts, claims } = await kg.run(graphStatistics, undefined);
    // counted here independently: distinct propositions stated by a licensed claim whose triple is plainly in the graph
    const licensed = await kg.select(`SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?c <${KG}states> ?x ; <${KG}licensed> true . ?x <${PREFIXES.rdf}subject> ?s ; <${PREFIXES.rdf}predicate> ?p ; <${PREFIXES.rdf}object> ?o . ?s ?p ?o }`);
    assert.equal(facts, BigInt(licensed[0]!.n!.value), 'facts = licensed stated propositions, each a plain triple');
    const allClaims = await kg.select(`SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <${KG}Claim> }`);
    assert.equal(claims, BigInt(allClaims[0]!.n!.value));
    const plain = await kg.select(`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`);
    assert.ok(facts > 0n && facts < BigInt(plain[0]!.n!.value), 'fewer facts than default-graph triples (descriptions are not facts)');
    assert.match(text, new RegExp(`\\(${facts} facts established by the sources, ${claims} sourced claims`));
  });

  it('says what kind of source contradicts each article claim, in its own words, never an internal note', async () => {
    const contested = section('Article claims that other sources contradict or qualify');
    // C21 ("the sanctions bar US customers…") is contradicted by E12b: news reports of the OFAC action
    assert.match(contested, /C21: the article says[^]*?Contradicted by [^(]*\b(news|official)\b[^(]*\(E12b: /);
    // C33 ("bars the use") is contradicted by the BIS press release, an official source
    assert.match(contested, /C33: the article says[^]*?Contradicted by official/);
    const notes = (await kg.select(`SELECT ?n WHERE { ?c a <${KG}Claim> ; <${KG}note> ?n }`)).map((r) => r.n!.value);
    for (const n of notes) if (n.length > 30) assert.ok(!text.includes(n), `an internal note in the briefing: ${n.slice(0, 60)}`);
    assert.ok(!/Check: INACCURATE|research notes|facts\.md/.test(text));
  });

  it('classifies sources by their document class', () => {
    // the class is the helpers' Evidence.sourceType (the document's most specific kg: class)
    assert.equal(sourceKind('PressRelease'), 'official');
    assert.equal(sourceKind('FederalRegisterDocument'), 'official');
    assert.equal(sourceKind('NewsArticle'), 'news');
    assert.equal(sourceKind('LegalAnalysis'), 'law firm');
    assert.equal(sourceKind('ReferenceWork'), 'reference');
    assert.equal(sourceKind('SourceDocument'), undefined);
    assert.equal(sourceKind(undefined), undefined);
  });

  it('cites every quote of each source it cites (a source quoted three times for one claim is quoted three times)', async () => {
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    const body = flat(text);
    const cited = await kg.select(`SELECT DISTINCT ?q WHERE {
      { ?c <${KG}contradictedBy>|<${KG}qualifiedBy> ?by } UNION { ?by <${KG}denies> ?x }
      ?by <${KG}evidence> ?ev . ?ev <${KG}quote> ?q }`);
    assert.ok(cited.length > 0);
    for (const r of cited) assert.ok(body.includes(`“${flat(r.q!.value)}”`), `a source's words left out: ${r.q!.value.slice(0, 60)}`);
  });

  it('separates losses from exemptions and offers, and says continued use is not penalised when the data denies it', async () => {
    const impacts = await kg.customerImpacts();
    const { losses, exemptions, offers } = splitImpacts(impacts);
    // E6: four restrictions (new agreements, updates, resale and integration, the KSN); E7: three exemptions;
    // E24 and E28: the free offer and the move to UltraAV
    assert.deepEqual([losses.length, exemptions.length, offers.length], [4, 3, 2]);
    const lose = section('What customers and resellers lose, and when');
    for (const e of exemptions) assert.ok(!lose.includes(e.label), `exemption listed as a loss: ${e.label}`);
    for (const o of offers) assert.ok(!lose.includes(o.label), `offer listed as a loss: ${o.label}`);
    const allowed = section('What stays allowed');
    for (const e of exemptions) assert.ok(allowed.includes(e.label), e.label);
    // the BIS press release: continued use of existing products is not penalised (E8: a denial claim)
    const use = await kg.select(`SELECT ?c WHERE { ?c <${KG}denies> ?x . ?x <${PREFIXES.rdf}object> ?r . ?r <${KG}restrictedActivity> ?a . FILTER(CONTAINS(LCASE(STR(?a)), "use")) }`);
    const useDenied = use.length > 0 || (await kg.select(`SELECT ?c WHERE { ?c <${KG}denies> ?x . ?y <${PREFIXES.rdf}subject> ?r ; <${PREFIXES.rdf}predicate> <${KG}restrictedActivity> ; <${PREFIXES.rdf}object> ?a . ?c <${KG}denies> ?y . FILTER(CONTAINS(LCASE(STR(?a)), "use")) }`)).length > 0;
    assert.ok(useDenied, 'the data denies a restriction on continued use (E8c, the BIS press release)');
    assert.match(allowed, /Not the case: [^\n]*(continued use|continue to use)[^]*official — /i);
  });

  it('reports who was not designated, from the denial, where the data has it', async () => {
    const denial = await kg.select(`SELECT ?c WHERE { ?c <${KG}denies> ?x . ?x <${PREFIXES.rdf}predicate> <${KG}target> }`);
    if (!denial.length) return;
    assert.match(section('Sanctioned people (12)'), /Not the case: [^]*Eugene Kaspersky[^]*according to:/);
  });
});
