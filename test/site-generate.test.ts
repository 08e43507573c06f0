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
import { competencyQuestions } from '../src/cli/competency.js';
import { staticDocumentLoader } from '../src/export/context.js';
import { generateSite, writeSite, type GeneratedSite } from '../src/site/generate.js';
import { runSiteCommand, SITE_HELP } from '../src/site/cli.js';
import { datePeriod } from '../src/site/actions.js';
import { esc, pageBase, rel } from '../src/site/html.js';
import { CLAIM, ID, KG, ONTOLOGY_GRAPH } from '../src/namespaces.js';

const PREFIXES = `PREFIX kg: <${KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>`;

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
    for (const p of ['index.html', 'id/index.html', 'claim/index.html', 'timeline.html', 'graph.html', 'ontology/index.html', 'sparql.html', 'style.css', 'timeline.svg', 'graph.svg', 'context/v1.jsonld', 'kaspersky-kg.nq']) file(p);
  });

  it('shows an entity\'s names in every language, its types, and its claims with modality, verification, quoted sentence and source', async () => {
    // The entity the most claims are about (data-driven).
    const top = await kg.select(`${PREFIXES} SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
      { GRAPH ?c { ?e ?p ?o } } UNION { GRAPH ?c { ?s ?p ?e } } ?c a kg:Claim . FILTER(isIRI(?e) && STRSTARTS(STR(?e), "${ID}"))
      FILTER NOT EXISTS { ?e a kg:SourceDocument } FILTER NOT EXISTS { ?e a kg:Sentence }
    } GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1`);
    const iri = top[0]!.e!.value;
    const html = file(`${pageBase(iri)}.html`);
    const claims = await kg.select(`${PREFIXES} PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?key ?source ?modality ?verification WHERE {
      { SELECT DISTINCT ?c WHERE { { GRAPH ?c { <${iri}> ?p ?o } } UNION { GRAPH ?c { ?s ?p <${iri}> } } } }
      ?c kg:claimKey ?key ; prov:wasDerivedFrom ?source ; kg:modality ?modality ; kg:verification ?verification }`);
    const keys = new Set(claims.map((c) => c.key!.value));
    assert.equal(Number(top[0]!.n!.value), keys.size);
    assert.equal((html.match(/<div class="claim/g) ?? []).length, keys.size);
    const page = `${pageBase(iri)}.html`;
    for (const c of claims) {
      const card = html.slice(html.indexOf(`data-claim="${esc(c.key!.value)}"`));
      assert.ok(card.length < html.length, c.key!.value);
      const body = card.slice(0, card.indexOf('</div>'));
      assert.ok(body.includes(`href="${esc(rel(page, `${pageBase(c.source!.value)}.html`))}"`), `${c.key!.value}: source ${c.source!.value}`);
      for (const concept of [c.modality!.value, c.verification!.value]) {
        const label = (await kg.select(`${PREFIXES} SELECT ?l WHERE { GRAPH <${ONTOLOGY_GRAPH}> { <${concept}> rdfs:label ?l } }`))[0]?.l?.value ?? concept.slice(KG.length);
        assert.ok(body.includes(`>${esc(label)}</span>`), `${c.key!.value}: ${label}`);
      }
    }
    // Every article claim shows its sentence, with the quote marked.
    const sentences = await kg.select(`${PREFIXES} SELECT ?key ?text ?quote WHERE {
      { SELECT DISTINCT ?c WHERE { { GRAPH ?c { <${iri}> ?p ?o } } UNION { GRAPH ?c { ?s ?p <${iri}> } } } }
      ?c kg:claimKey ?key ; kg:sentence/kg:text ?text . OPTIONAL { ?c kg:quote ?quote } }`);
    for (const s of sentences) {
      const text = s.text!.value;
      const quote = s.quote?.value;
      if (quote && text.includes(quote)) assert.ok(html.includes(`<mark>${esc(quote)}</mark>`), `${s.key!.value}: quote not marked`);
      else assert.ok(html.includes(esc(text)), `${s.key!.value}: sentence missing`);
    }
    // Its types, as links to the ontology reference.
    const types = await kg.select(`SELECT DISTINCT ?t WHERE { { <${iri}> a ?t } UNION { GRAPH ?g { <${iri}> a ?t } } FILTER(STRSTARTS(STR(?t), "${KG}")) }`);
    assert.ok(types.length > 0);
    for (const t of types) assert.ok(html.includes(`ontology/index.html#${t.t!.value.slice(KG.length)}"`), `type ${t.t!.value}`);
    // Names in every language.
    const names = await kg.select(`${PREFIXES} SELECT DISTINCT ?n WHERE { { <${iri}> rdfs:label|skos:altLabel ?n } UNION { GRAPH ?g { <${iri}> rdfs:label|skos:altLabel ?n } } }`);
    for (const n of names) assert.ok(html.includes(`<td>${esc(n.n!.value)}</td>`), n.n!.value);
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
    // Turtle files parse and describe their entity.
    for (const iri2 of entities.slice(0, 40)) {
      const ttl = site.files.get(`${pageBase(iri2)}.ttl`);
      if (ttl === undefined) continue;
      const quads = new Parser({ format: 'Turtle' }).parse(ttl);
      assert.ok(quads.length > 0 && quads.every((q) => q.subject.value === iri2), iri2);
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
    if (aligned.length) {
      const name = aligned[0]!.t!.value.slice(KG.length);
      const card = html.slice(html.indexOf(`id="${name}"`));
      assert.ok(card.slice(0, card.indexOf('Use in the data')).includes(esc(aligned[0]!.x!.value)), `alignment of kg:${name}`);
    }
    const shapes = readFileSync(new URL('../ontology/shapes.ttl', import.meta.url), 'utf8');
    const shape = /^(kgsh:\w+)\s*\n\s*a sh:NodeShape ;\s*\n\s*sh:targetClass (kg:\w+)/m.exec(shapes);
    if (shape) {
      const card = html.slice(html.indexOf(`id="${shape[2]!.slice(3)}"`));
      assert.ok(card.slice(0, card.indexOf('Use in the data')).includes(shape[1]!), `${shape[1]} not on kg:${shape[2]}`);
    }
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
