/**
 * The static site, checked against the graph itself (independent SPARQL queries): a page for every
 * `id:`/`claim:` IRI at the path its IRI mirrors, entity pages with their claims, sources, sentences and
 * JSON-LD, the timeline with every dated action, the ontology reference with every term, the SPARQL page's
 * examples, no broken internal link anywhere, and the `site` command.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Parser } from 'n3';
import jsonld from 'jsonld';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { competencyQuestions } from '../src/data/competency.js';
import { staticDocumentLoader } from '../src/export/context.js';
import { generateSite, writeSite, type GeneratedSite } from '../src/site/generate.js';
import { runSiteCommand, SITE_HELP } from '../src/site/cli.js';
import { datePeriod } from '../src/site/actions.js';
import { esc, pageBase, rel } from '../src/site/html.js';
import { CLAIM, ID, KG, ONTOLOGY_GRAPH } from '../src/namespaces.js';

const PREFIXES = `PREFIX kg: <${KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>`;

/** Every `href` and `src` of an HTML or SVG text. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
}

/** The `id` attributes of an HTML text. */
function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')));
}

describe('site: generated pages', function () {
  this.timeout(180_000);
  let site: GeneratedSite;
  let kg: KasperskyGraph;
  const file = (p: string): string => {
    const f = site.files.get(p);
    assert.ok(f !== undefined, `missing ${p}`);
    return f;
  };

  before(async () => {
    kg = await openGraph();
    site = await generateSite(kg);
  });

  it('is the same bytes from one build to the next, though the store of each process labels blank nodes anew', async function () {
    // two processes: Oxigraph gives the ontology's blank nodes other random labels in each
    const { runCli } = await import('./support/hostile.js');
    const { mkdtempSync, readdirSync, readFileSync: read, rmSync: rm } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join: at } = await import('node:path');
    const dir = mkdtempSync(at(tmpdir(), 'kkg-site-twice-'));
    try {
      for (const out of ['one', 'two']) {
        const r = await runCli(['site', '--out', at(dir, out), '--quiet'], { timeoutMs: 240_000 });
        assert.equal(r.code, 0, r.stderr);
      }
      const files = (root: string): string[] => readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => at(d.parentPath, d.name).slice(root.length + 1)).sort();
      const one = files(at(dir, 'one'));
      assert.deepEqual(files(at(dir, 'two')), one);
      assert.ok(read(at(dir, 'one', 'ontology.nt'), 'utf8').includes('_:b0 '), 'the ontology has blank nodes');
      const differ = one.filter((f) => !read(at(dir, 'one', f)).equals(read(at(dir, 'two', f))));
      assert.deepEqual(differ, []);
    } finally {
      rm(dir, { recursive: true, force: true });
    }
  });

  it('has a page for every id: and claim: IRI of the data, at the path its IRI mirrors', async () => {
    const rows = await kg.select(`SELECT DISTINCT ?x WHERE {
      { ?x ?p ?o } UNION { ?s ?p ?x } UNION { GRAPH ?g { ?x ?p ?o } FILTER(?g != <${ONTOLOGY_GRAPH}>) } UNION { GRAPH ?g { ?s ?p ?x } FILTER(?g != <${ONTOLOGY_GRAPH}>) }
      FILTER(isIRI(?x) && (STRSTARTS(STR(?x), "${ID}") || STRSTARTS(STR(?x), "${CLAIM}")) && STR(?x) != "${ID}")
    }`);
    assert.ok(rows.length > 50, `only ${rows.length} IRIs`);
    for (const r of rows) {
      const iri = r.x!.value;
      const rest = iri.startsWith(ID) ? `id/${iri.slice(ID.length)}` : `claim/${iri.slice(CLAIM.length)}`;
      assert.equal(pageBase(iri), rest, iri);
      const html = file(`${rest}.html`);
      assert.ok(html.includes(esc(iri)), `${rest}.html does not show its IRI`);
    }
    for (const p of ['index.html', 'id/index.html', 'claim/index.html', 'timeline.html', 'graph.html', 'ontology/index.html', 'sparql.html', 'style.css', 'timeline.svg', 'graph.svg', 'context/v1.jsonld', 'context/v2.jsonld', 'kaspersky-kg.nq']) file(p);
    // The contexts: v2 (the one the entity documents use) and the frozen v1, byte for byte the package's.
    assert.equal(file('context/v2.jsonld'), readFileSync(new URL('../context/v2.jsonld', import.meta.url), 'utf8'));
    assert.equal(file('context/v1.jsonld'), readFileSync(new URL('../context/v1.jsonld', import.meta.url), 'utf8'));
  });

  it('shows an entity\'s names in every language, its types, and its claims with modality, verification, standing and each source\'s own words', async () => {
    // The entity the most claims mention (states or denies a proposition with it as subject or object; data-driven).
    const top = await kg.select(`${PREFIXES} SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
      { ?prop rdf:subject ?e } UNION { ?prop rdf:object ?e } ?c kg:states|kg:denies ?prop . ?c a kg:Claim .
      FILTER(isIRI(?e) && STRSTARTS(STR(?e), "${ID}")) FILTER NOT EXISTS { ?e a kg:SourceDocument } FILTER NOT EXISTS { ?e a kg:Sentence }
    } GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1`);
    const iri = top[0]!.e!.value;
    const html = file(`${pageBase(iri)}.html`);
    const claims = await kg.select(`${PREFIXES} SELECT ?key ?modality ?verification ?licensed WHERE {
      { SELECT DISTINCT ?c WHERE { { ?prop rdf:subject <${iri}> } UNION { ?prop rdf:object <${iri}> } ?c kg:states|kg:denies ?prop } }
      ?c kg:claimKey ?key ; kg:modality ?modality ; kg:verification ?verification ; kg:licensed ?licensed }`);
    assert.equal(Number(top[0]!.n!.value), claims.length);
    assert.equal((html.match(/<div class="claim/g) ?? []).length, claims.length);
    for (const c of claims) {
      const key = c.key!.value;
      const body = cardOf(html, key);
      assert.ok(body.includes(`data-licensed="${c.licensed!.value === 'true' || c.licensed!.value === '1'}"`), `${key}: kg:licensed ${c.licensed!.value}`);
      for (const concept of [c.modality!.value, c.verification!.value]) {
        const label = (await kg.select(`${PREFIXES} SELECT ?l WHERE { GRAPH <${ONTOLOGY_GRAPH}> { <${concept}> rdfs:label ?l } }`))[0]?.l?.value ?? concept.slice(KG.length);
        assert.ok(body.includes(`>${esc(label)}</span>`), `${key}: ${label}`);
      }
      await assertEvidenceShown(key, body, `${pageBase(iri)}.html`);
    }
    // Its types, as links to the ontology reference.
    const types = await kg.select(`SELECT DISTINCT ?t WHERE { <${iri}> a ?t FILTER(STRSTARTS(STR(?t), "${KG}")) }`);
    assert.ok(types.length > 0);
    for (const t of types) assert.ok(html.includes(`ontology/index.html#${t.t!.value.slice(KG.length)}"`), `type ${t.t!.value}`);
    // Names in every language.
    const names = await kg.select(`${PREFIXES} SELECT DISTINCT ?n WHERE { <${iri}> rdfs:label|skos:altLabel ?n }`);
    for (const n of names) assert.ok(html.includes(`<td>${esc(n.n!.value)}</td>`), n.n!.value);
  });

  /** The card of claim `key` in a page (up to its closing tag: a card holds no nested div). */
  const cardOf = (html: string, key: string): string => {
    const at = html.search(new RegExp(`<div class="claim[^"]*" data-claim="${esc(key)}"`));
    assert.ok(at >= 0, `no card for ${key}`);
    const card = html.slice(at);
    return card.slice(0, card.indexOf('</div>'));
  };

  /**
   * Each source of claim `key` appears in `body` (a card) with its own words: the quote (marked in the
   * article sentence when it comes from one), or the "paraphrase" mark and the note; a link to the source.
   */
  const assertEvidenceShown = async (key: string, body: string, page: string): Promise<void> => {
    const ev = await kg.select(`${PREFIXES} SELECT ?doc ?quote ?paraphrase ?note (GROUP_CONCAT(?t; SEPARATOR="\u0001") AS ?text) WHERE {
      ?c kg:claimKey "${key}" ; kg:evidence ?e . ?e kg:document ?doc .
      OPTIONAL { ?e kg:quote ?quote } OPTIONAL { ?e kg:paraphrase ?paraphrase } OPTIONAL { ?e kg:note ?note } OPTIONAL { ?e kg:sentence/kg:text ?t }
    } GROUP BY ?e ?doc ?quote ?paraphrase ?note`);
    assert.ok(ev.length > 0, `${key} has no evidence`);
    for (const e of ev) {
      const doc = e.doc!.value;
      assert.ok(body.includes(`data-source="${esc(doc)}"`), `${key}: no item for source ${doc}`);
      if (pageBase(doc)) assert.ok(body.includes(`href="${esc(rel(page, `${pageBase(doc)}.html`))}"`), `${key}: no link to ${doc}`);
      const quote = e.quote?.value;
      if (quote !== undefined) {
        // In its sentence, marked (alone, or inside a mark merged with the source's other quotes), else on its own.
        if (e.text?.value.includes(quote)) assert.ok([...body.matchAll(/<mark>([^<]*)<\/mark>/g)].some((m) => m[1]!.includes(esc(quote))), `${key}: quote not marked in its sentence`);
        else assert.ok(body.includes(`“${esc(quote)}”`), `${key}: ${doc}'s words "${quote}" missing`);
      }
      if (e.paraphrase && (e.paraphrase.value === 'true' || e.paraphrase.value === '1')) assert.match(body, />paraphrase</, `${key}: paraphrase not marked`);
      if (e.note) assert.ok(body.includes(esc(e.note.value)), `${key}: note of ${doc} missing`);
      if (!e.quote && !e.note) {
        const item = body.slice(body.indexOf(`data-source="${esc(doc)}"`));
        assert.match(item.slice(0, item.indexOf('</li>')), /class="muted nowords"/, `${key}: ${doc} has no words, and the page does not say so`);
      }
    }
  };

  it('shows on every claim page what it states or denies, whether the sources establish it, and each source in its own words', async () => {
    const rows = await kg.select(`${PREFIXES} SELECT ?c ?key ?licensed (COUNT(?d) AS ?denies) WHERE {
      ?c a kg:Claim ; kg:claimKey ?key ; kg:licensed ?licensed . OPTIONAL { ?c kg:denies ?d } } GROUP BY ?c ?key ?licensed`);
    assert.ok(rows.length > 50);
    for (const r of rows) {
      const page = `${pageBase(r.c!.value)}.html`;
      const html = file(page);
      const body = cardOf(html, r.key!.value);
      const licensed = r.licensed!.value === 'true' || r.licensed!.value === '1';
      const denies = Number(r.denies!.value) > 0;
      assert.ok(body.includes(`data-licensed="${licensed}"`), `${r.key!.value}: kg:licensed`);
      assert.equal(body.includes('data-denies="true"'), denies, `${r.key!.value}: denial or not`);
      if (denies) assert.match(body, /did NOT happen/, `${r.key!.value}: denial not in words`);
      await assertEvidenceShown(r.key!.value, body, page);
      // No bare proposition or evidence nodes: they are shown in words.
      assert.doesNotMatch(html, /<code>(proposition|evidence):/, `${r.key!.value}: bare description node`);
    }
  });

  it('says on C21\'s card that it is contradicted and not a fact, with the contradicting sources\' words (OFAC did not designate Kaspersky)', async () => {
    // C21 (the article: "The sanctions bar US customers from conducting transactions with Kaspersky"): the
    // sanctions are OFAC's designation of twelve executives; the reports say OFAC did not designate the company.
    const c21 = await kg.select(`${PREFIXES} SELECT ?c ?licensed ?by ?byKey WHERE {
      ?c kg:claimKey "C21" ; kg:verification kg:Contradicted ; kg:licensed ?licensed ; kg:contradictedBy ?by . ?by kg:claimKey ?byKey }`);
    assert.ok(c21.length > 0, 'C21 is contradicted');
    assert.equal(c21[0]!.licensed!.value, 'false', 'C21 is not licensed');
    const html = file(`${pageBase(c21[0]!.c!.value)}.html`);
    const body = cardOf(html, 'C21');
    assert.match(body, /data-verification="Contradicted"/);
    assert.match(body, /not a fact \(claim only\)/);
    // The contradicting claim denies that OFAC's designation targets Kaspersky, and each of its sources is shown in its words.
    const denying = await kg.select(`${PREFIXES} SELECT DISTINCT ?byKey WHERE {
      ?c kg:claimKey "C21" ; kg:contradictedBy ?by . ?by kg:claimKey ?byKey ; kg:denies ?p . ?p rdf:predicate kg:target ; rdf:subject ?d .
      ?d a kg:SanctionDesignation }`);
    assert.ok(denying.length > 0, 'C21 is contradicted by a denial of an OFAC target');
    for (const d of denying) {
      assert.ok(body.includes(`Contradicted by <a href=`) && body.includes(`>${esc(d.byKey!.value)}</a>`), `contradicting claim ${d.byKey!.value} not linked`);
      const words = await kg.select(`${PREFIXES} SELECT ?quote WHERE { ?c kg:claimKey "${d.byKey!.value}" ; kg:evidence/kg:quote ?quote }`);
      assert.ok(words.length > 0);
      for (const w of words) assert.ok(body.includes(esc(w.quote!.value)), `C21's card lacks the words "${w.quote!.value}"`);
    }
    // The Record reported it: "It did not sanction Kaspersky Lab, its parent or subsidiary companies, or the company's CEO".
    assert.match(body, /did not sanction Kaspersky Lab/);
  });

  it('shows on Eugene Kaspersky\'s page that OFAC did not designate him, per each source, as an established negative', async () => {
    const person = `${ID}person/eugene-kaspersky`;
    const html = file(`${pageBase(person)}.html`);
    const denials = await kg.select(`${PREFIXES} SELECT DISTINCT ?c ?key ?licensed WHERE {
      ?c kg:denies ?p ; kg:claimKey ?key ; kg:licensed ?licensed . ?p rdf:predicate kg:target ; rdf:object <${person}> ; rdf:subject ?d . ?d a kg:SanctionDesignation }`);
    assert.ok(denials.length > 0, 'a source says he was not designated');
    assert.ok(html.includes('id="denied"'), 'no denial section');
    const section = html.slice(html.indexOf('id="denied"'), html.includes('id="claims"') ? html.indexOf('id="claims"') : undefined);
    for (const d of denials) {
      const at = section.indexOf(`<li class="denial" data-claim="${esc(d.key!.value)}"`);
      assert.ok(at >= 0, `denial ${d.key!.value} not shown`);
      const established = d.licensed!.value === 'true' || d.licensed!.value === '1';
      assert.ok(section.slice(at).includes(`>${established ? 'established' : 'not established'}</span>`), `${d.key!.value}: standing`);
      const words = await kg.select(`${PREFIXES} SELECT ?quote WHERE { <${d.c!.value}> kg:evidence/kg:quote ?quote }`);
      for (const w of words) assert.ok(section.includes(esc(w.quote!.value)), `${d.key!.value}: "${w.quote!.value}" missing`);
    }
    // No designation in the facts view targets him, so the page lists none among his facts.
    const designated = await kg.select(`${PREFIXES} SELECT ?d WHERE { ?d a kg:SanctionDesignation ; kg:target <${person}> }`);
    assert.equal(designated.length, 0);
  });

  it('gives an entity only unlicensed claims mention a page named by its stated label, marked as claimed only', async () => {
    // Entities named by propositions but absent from the facts view (neither subject nor plain object).
    const rows = await kg.select(`${PREFIXES} SELECT DISTINCT ?e WHERE {
      { ?prop rdf:subject ?e } UNION { ?prop rdf:object ?e } ?c kg:states|kg:denies ?prop .
      FILTER(isIRI(?e) && STRSTARTS(STR(?e), "${ID}"))
      FILTER NOT EXISTS { ?e ?p0 ?o0 }
      FILTER NOT EXISTS { ?s1 ?p1 ?e FILTER(?p1 NOT IN (rdf:subject, rdf:object)) }
    }`);
    const iris = rows.map((r) => r.e!.value);
    const expansion = `${ID}event/kaspersky-market-expansion`;
    if ((await kg.select(`${PREFIXES} SELECT ?p WHERE { ?p rdf:subject <${expansion}> }`)).length) assert.ok(iris.includes(expansion), 'the market expansion is claimed only');
    assert.ok(iris.length > 0);
    for (const iri of iris) {
      const html = file(`${pageBase(iri)}.html`);
      assert.match(html, /class="claimed-only"/, `${iri} not marked as claimed only`);
      const labels = await kg.select(`${PREFIXES} SELECT ?l WHERE { ?p rdf:subject <${iri}> ; rdf:predicate rdfs:label ; rdf:object ?l . ?c kg:states ?p }`);
      if (labels.length) assert.ok(labels.some((l) => html.includes(`<h1>${esc(l.l!.value)}</h1>`)), `${iri}: its page is not named by a stated label`);
      assert.ok(file('id/index.html').includes(`claimed only`), 'the entity index does not mark claimed-only entities');
    }
  });

  it('embeds each entity\'s framed JSON-LD, writes it beside the page with a Turtle file, and both are valid', async () => {
    const entities = [...site.pages].filter((i) => site.files.has(`${pageBase(i)}.jsonld`));
    assert.ok(entities.length > 50);
    for (const iri of entities) {
      const base = pageBase(iri)!;
      const html = file(`${base}.html`);
      const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
      assert.ok(m, `${base}.html has no JSON-LD`);
      const embedded = JSON.parse(m[1]!) as Record<string, unknown>;
      assert.deepEqual(embedded, JSON.parse(file(`${base}.jsonld`)));
      const name = base.split('/').pop()!;
      assert.ok(html.includes(`href="${esc(name)}.jsonld"`) && (html.includes(`href="${esc(name)}.ttl"`) || !site.files.has(`${base}.ttl`)));
    }
    // Expand one document offline with jsonld.js: its node is the entity.
    const iri = entities.find((i) => i.includes('/event/')) ?? entities[0]!;
    const doc = JSON.parse(file(`${pageBase(iri)}.jsonld`)) as object;
    const expanded = (await jsonld.expand(doc, { documentLoader: staticDocumentLoader as never })) as { '@id': string }[];
    assert.ok(expanded.some((n) => n['@id'] === iri), `expanded document lacks ${iri}`);
    // Each Turtle file means what the entity's JSON-LD document means (its facts, the claims mentioning it,
    // their propositions described and their evidence), and asserts plainly only facts: every triple about the
    // entity itself is stated by a licensed claim.
    const sample = [...entities.slice(0, 25), ...entities.filter((i) => /eugene-kaspersky$|kaspersky-market-expansion$/.test(i))];
    const tripleText = (q: { subject: { value: string }; predicate: { value: string }; object: { termType: string; value: string; language?: string; datatype?: { value: string } } }) =>
      `${q.subject.value} ${q.predicate.value} ${q.object.termType === 'Literal' ? `"${q.object.value}"@${q.object.language ?? ''}^^${q.object.language ? '' : q.object.datatype!.value}` : q.object.value}`;
    for (const iri2 of sample) {
      const ttl = site.files.get(`${pageBase(iri2)}.ttl`);
      if (ttl === undefined) continue;
      const quads = new Parser({ format: 'Turtle' }).parse(ttl);
      assert.ok(quads.length > 0, iri2);
      const fromJsonld = (await jsonld.toRDF(JSON.parse(file(`${pageBase(iri2)}.jsonld`)) as object, { documentLoader: staticDocumentLoader as never })) as unknown as Parameters<typeof tripleText>[0][];
      assert.deepEqual(new Set(quads.map(tripleText)), new Set(fromJsonld.map(tripleText)), `${iri2}: the Turtle file and the JSON-LD document differ`);
      for (const q of quads.filter((x) => x.subject.value === iri2)) {
        const o = q.object.termType === 'Literal' ? `${JSON.stringify(q.object.value)}${q.object.language ? `@${q.object.language}` : `^^<${q.object.datatype.value}>`}` : `<${q.object.value}>`;
        const ok = await kg.ask(`${PREFIXES} ASK { ?c kg:states ?p ; kg:licensed true . ?p rdf:subject <${iri2}> ; rdf:predicate <${q.predicate.value}> ; rdf:object ${o} }`);
        assert.ok(ok, `${iri2}: the plain triple ${tripleText(q)} is not stated by a licensed claim`);
      }
    }
  });

  it('draws every dated action of the facts view on the timeline, each linking to its page', async () => {
    const svg = file('timeline.svg');
    const items = [...svg.matchAll(/<a href="([^"]+)" class="tl-item" data-iri="([^"]+)" data-date="([^"]+)" data-kind="([^"]+)"/g)].map((m) => ({ href: m[1]!, iri: m[2]!, date: m[3]!, kind: m[4]! }));
    assert.equal(items.length, site.timeline.length);
    assert.equal(items.length, site.stats.datedActions);
    // Independently: every dated regulatory action, event, restriction or exemption of the facts view is there.
    const rows = await kg.select(`${PREFIXES} SELECT DISTINCT ?s ?p ?d WHERE {
      ?s ?p ?d . FILTER(STRSTARTS(STR(?p), "${KG}") && DATATYPE(?d) IN (xsd:date, xsd:gYearMonth, xsd:gYear))
      { ?s a ?t } UNION { GRAPH ?g { ?s a ?t } }
      GRAPH <${ONTOLOGY_GRAPH}> { ?t rdfs:subClassOf* ?root VALUES ?root { kg:Event kg:Restriction kg:Exemption kg:LegalInstrument } }
      FILTER NOT EXISTS { ?s a kg:Claim }
    }`);
    assert.ok(rows.length > 0);
    const keys = new Set(items.map((i) => `${i.iri}|${i.kind}|${i.date}`));
    for (const r of rows) assert.ok(keys.has(`${r.s!.value}|${r.p!.value.slice(KG.length)}|${r.d!.value}`), `missing ${r.s!.value} ${r.d!.value}`);
    for (const i of items) assert.ok(site.files.has(i.href), `${i.iri} links to ${i.href}`);
    // The axis names every year that has a regulatory action.
    const years = new Set(rows.map((r) => datePeriod(r.d!.value)!.start).map(Math.floor));
    for (const y of years) assert.ok(svg.includes(`>${y}</text>`) || svg.includes(`>’${String(y).slice(-2)}</text>`), `year ${y} not labelled`);
    // The README copy has no links.
    assert.doesNotMatch(site.timelineSvgStandalone, /<a /);
    assert.equal((site.timelineSvgStandalone.match(/class="tl-item"/g) ?? []).length, items.length);
  });

  it('colours timeline items by authority, with a legend', () => {
    const svg = file('timeline.svg');
    const legend = /<g class="legend">([\s\S]*?)<\/g>/.exec(svg)![1]!;
    const legendColours = new Set([...legend.matchAll(/fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]!));
    const itemColours = new Set([...svg.matchAll(/class="tl-item"[^>]*>(?:<title>[^<]*<\/title>)?<line[^>]*\/>(?:<circle|<rect)[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]!));
    assert.ok(itemColours.size > 1, 'one colour only');
    for (const c of itemColours) assert.ok(legendColours.has(c), `colour ${c} not in the legend`);
    const byAuthority = new Map<string, Set<string>>();
    for (const i of site.timeline) {
      const l = byAuthority.get(i.authority ?? '') ?? new Set();
      byAuthority.set(i.authority ?? '', l);
    }
    assert.ok(byAuthority.size >= 2);
  });

  it('draws the parties and actions graph with links to the pages', () => {
    const svg = file('graph.svg');
    const nodes = [...svg.matchAll(/<a href="([^"]+)" class="g-node g-(party|action|group)"/g)];
    assert.ok(nodes.some((n) => n[2] === 'action') && nodes.some((n) => n[2] === 'party'));
    for (const n of nodes) assert.ok(site.files.has(n[1]!), n[1]);
  });

  it('documents every class and property of the ontology with label, comment, domain/range, alignments, SHACL and use', async () => {
    const html = file('ontology/index.html');
    const ids = idsOf(html);
    const terms = await kg.select(`${PREFIXES} SELECT ?t ?label ?comment WHERE { GRAPH <${ONTOLOGY_GRAPH}> {
      ?t a ?k VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty } FILTER(STRSTARTS(STR(?t), "${KG}"))
      OPTIONAL { ?t rdfs:label ?label } OPTIONAL { ?t rdfs:comment ?comment } } }`);
    assert.ok(terms.length > 50);
    for (const t of terms) {
      const name = t.t!.value.slice(KG.length);
      assert.ok(ids.has(name), `no card for kg:${name}`);
      const card = html.slice(html.indexOf(`id="${name}"`), html.indexOf('</div>', html.indexOf(`id="${name}"`)));
      if (t.label) assert.ok(card.includes(esc(t.label.value)), `kg:${name} label`);
      if (t.comment) assert.ok(card.includes(esc(t.comment.value)), `kg:${name} comment`);
      for (const h of ['Alignments', 'SHACL constraints', 'Use in the data']) assert.ok(card.includes(h), `kg:${name} lacks ${h}`);
    }
    // Header: version, licence, how to cite.
    const header = await kg.select(`${PREFIXES} SELECT ?v ?lic WHERE { GRAPH <${ONTOLOGY_GRAPH}> { <https://w3id.org/kaspersky-kg/ontology> owl:versionInfo ?v ; dcterms:license ?lic } }`);
    assert.ok(html.includes(esc(header[0]!.v!.value)) && html.includes(esc(header[0]!.lic!.value)));
    assert.ok(html.includes('id="cite"'));
    // An alignment and a SHACL shape of the data are shown.
    const aligned = await kg.select(`${PREFIXES} SELECT ?t ?x WHERE { GRAPH <${ONTOLOGY_GRAPH}> { ?t skos:closeMatch|skos:exactMatch ?x . ?t a owl:Class } } ORDER BY STR(?t) LIMIT 1`);
    // ontology/alignments.ttl aligns classes (skos:closeMatch / exactMatch): one is shown on its class's card
    assert.equal(aligned.length, 1, 'the ontology graph holds a class alignment');
    const name = aligned[0]!.t!.value.slice(KG.length);
    const alignedCard = html.slice(html.indexOf(`id="${name}"`));
    assert.ok(alignedCard.slice(0, alignedCard.indexOf('Use in the data')).includes(esc(aligned[0]!.x!.value)), `alignment of kg:${name}`);
    // ontology/shapes.ttl has class-targeted node shapes (kgsh:AgentShape: sh:targetClass kg:Agent, ...): one is shown on its class's card
    const shapes = readFileSync(new URL('../ontology/shapes.ttl', import.meta.url), 'utf8');
    const shape = /^(kgsh:\w+)\s*\n\s*a sh:NodeShape ;\s*\n\s*sh:targetClass (kg:\w+)/m.exec(shapes);
    assert.ok(shape, 'ontology/shapes.ttl has a node shape with sh:targetClass in the layout this test reads (kgsh:X / a sh:NodeShape ; / sh:targetClass kg:Y)');
    const shapeCard = html.slice(html.indexOf(`id="${shape[2]!.slice(3)}"`));
    assert.ok(shapeCard.slice(0, shapeCard.indexOf('Use in the data')).includes(shape[1]!), `${shape[1]} not on kg:${shape[2]}`);
  });

  it('offers every competency question on the SPARQL page', () => {
    const html = file('sparql.html');
    const m = /<script type="application\/json" id="examples">([\s\S]*?)<\/script>/.exec(html)!;
    const examples = JSON.parse(m[1]!) as { name: string; query: string }[];
    const qs = competencyQuestions();
    assert.deepEqual(examples.map((e) => e.name), qs.map((q) => q.name));
    assert.deepEqual(examples.map((e) => e.query), qs.map((q) => q.query));
    // Its one inline script is valid JavaScript (the browser test runs it).
    const scripts = [...html.matchAll(/<script>\n([\s\S]*?)\n<\/script>/g)].map((x) => x[1]!);
    assert.equal(scripts.length, 1);
    assert.doesNotThrow(() => new Function(scripts[0]!));
  });

  it('has no broken internal link or missing fragment in any page or picture', () => {
    const problems: string[] = [];
    const idCache = new Map<string, Set<string>>();
    for (const [path, content] of site.files) {
      if (!/\.(html|svg)$/.test(path)) continue;
      for (const link of linksOf(content)) {
        if (/^(https?:|mailto:|data:)/.test(link)) continue;
        const [target, fragment] = link.split('#', 2) as [string, string | undefined];
        let resolved = target === '' ? path : posix.normalize(posix.join(posix.dirname(path), target.split('?')[0]!));
        if (resolved.endsWith('/') || resolved === '.') resolved = `${resolved === '.' ? '' : resolved}index.html`;
        if (!site.files.has(resolved)) {
          problems.push(`${path}: ${link}`);
          continue;
        }
        if (fragment && resolved.endsWith('.html') && !(path === 'sparql.html' || resolved === 'sparql.html')) {
          let ids = idCache.get(resolved);
          if (!ids) idCache.set(resolved, (ids = idsOf(site.files.get(resolved)!)));
          if (!ids.has(decodeURIComponent(fragment))) problems.push(`${path}: ${link} (no #${fragment})`);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), []);
  });
});

describe('site: command and writing', function () {
  this.timeout(180_000);

  it('prints its help', async () => {
    const orig = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = ((c: string) => ((out += c), true)) as typeof process.stdout.write;
    try {
      assert.equal(await runSiteCommand(['--help']), 0);
    } finally {
      process.stdout.write = orig;
    }
    assert.equal(out, `${SITE_HELP}\n`);
  });

  it('needs --out', async () => {
    await assert.rejects(runSiteCommand([]), (e: Error & { code?: string }) => e.code === 'ERR_PARSE_ARGS_USAGE' && /--out/.test(e.message));
  });

  it('writes the site and the README picture, and on a rebuild removes only its own stale files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-site-out-'));
    try {
      const out = join(dir, 'site');
      const svg = join(dir, 'docs', 'timeline.svg');
      assert.equal(await runSiteCommand(['--out', out, '--timeline-svg', svg, '--quiet']), 0);
      assert.ok(existsSync(join(out, 'index.html')) && existsSync(join(out, 'id', 'index.html')));
      assert.match(readFileSync(svg, 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(readFileSync(svg, 'utf8'), /<a /);
      // A stale file from the earlier build goes; a file that is not the site's stays.
      writeFileSync(join(out, 'mine.txt'), 'keep me');
      const manifest = JSON.parse(readFileSync(join(out, '.kaspersky-kg-site.json'), 'utf8')) as string[];
      writeFileSync(join(out, '.kaspersky-kg-site.json'), JSON.stringify([...manifest, 'id/stale.html']));
      writeFileSync(join(out, 'id', 'stale.html'), 'old');
      const small: GeneratedSite = { files: new Map([['index.html', 'new']]), stats: { entities: 0, claims: 0, facts: 0, sources: 0, datedActions: 0 }, timeline: [], timelineSvgStandalone: '', pages: new Set() };
      const r = writeSite(small, out);
      assert.equal(r.written, 1);
      assert.equal(r.removed, manifest.length); // every old file but index.html, plus id/stale.html
      assert.ok(!existsSync(join(out, 'id', 'stale.html')));
      assert.equal(readFileSync(join(out, 'mine.txt'), 'utf8'), 'keep me');
      assert.equal(readFileSync(join(out, 'index.html'), 'utf8'), 'new');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
