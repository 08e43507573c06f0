/**
 * The home page tells the story first, as text: who acted and when, the twelve designated people, what
 * customers and resellers lose and when (the 2024-09-29 cut-off), and what the sources contradict (OFAC did
 * not designate the company or its CEO; continued use is not penalised). Contradicted and partly accurate
 * claims look different (colour and words) wherever a claim is shown, one click from the home page. The
 * timeline is to scale with marked breaks, and says that a bar's length is a date's precision. Every
 * expectation is read from the graph by independent SPARQL, not from the site's own helpers.
 */
import assert from 'node:assert/strict';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { generateSite, type GeneratedSite } from '../src/site/generate.js';
import { esc, pageBase, rel } from '../src/site/html.js';
import { axisSegments, BREAK_WEIGHT } from '../src/site/timeline-svg.js';
import { renderBriefing } from '../src/cli/briefing.js';
import { ID, KG } from '../src/namespaces.js';

const P = `PREFIX kg: <${KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX event: <${ID}event/>`;

/** The text of an HTML fragment (tags dropped, entities decoded, spaces collapsed). */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The HTML of the `<section id="…">` of a page. */
function section(html: string, id: string): string {
  const at = html.indexOf(`<section id="${id}">`);
  assert.ok(at >= 0, `no section #${id}`);
  return html.slice(at, html.indexOf('</section>', at));
}

describe('site: the story on the home page', function () {
  this.timeout(300_000);
  let kg: KasperskyGraph;
  let site: GeneratedSite;
  let home: string;

  before(async () => {
    kg = await openGraph();
    site = await generateSite(kg);
    home = site.files.get('index.html')!;
  });
  after(async () => kg.close());

  it('opens with the story as text, before any picture or statistics', () => {
    const main = home.slice(home.indexOf('<main>'));
    const firstH2 = /<h2[^>]*>([^<]*)<\/h2>/.exec(main)![1];
    assert.equal(firstH2, 'In brief');
    for (const id of ['in-brief', 'what-happened', 'parties', 'sanctioned', 'customers', 'contradicted']) assert.ok(main.indexOf(`<section id="${id}">`) < main.indexOf('<img'), `#${id} comes after a picture`);
    assert.ok(main.indexOf('In brief') < main.indexOf('class="stats"'));
  });

  it('names the twelve people OFAC designated, with their designation date', async () => {
    const rows = await kg.select(`${P} SELECT DISTINCT ?p ?name ?date WHERE { event:ofac-designation-2024 kg:target ?p . ?p a kg:Person ; rdfs:label ?name . OPTIONAL { event:ofac-designation-2024 kg:announcedOn ?date } }`);
    // The sources report twelve executives designated by name.
    assert.equal(new Set(rows.map((r) => r.p!.value)).size, 12);
    const s = section(home, 'sanctioned');
    assert.match(textOf(s), /Who was sanctioned \(12\)/);
    for (const r of rows) {
      assert.ok(s.includes(`data-person="${esc(r.p!.value)}"`), r.name!.value);
      assert.ok(textOf(s).includes(r.name!.value), r.name!.value);
      if (r.date) assert.ok(textOf(s).includes(`designated ${r.date.value}`), `${r.name!.value}: ${r.date.value}`);
    }
    // The in-brief line says how many, by whom and when.
    assert.match(textOf(section(home, 'in-brief')), /designated 12 people/);
  });

  it('says what customers and resellers lose and from when: 2024-09-29 for updates, resale and the security network', async () => {
    const rows = await kg.select(`${P} SELECT ?r ?label ?date WHERE { event:commerce-prohibition-2024 kg:hasRestriction ?r . ?r rdfs:label ?label ; kg:effectiveOn ?date }`);
    assert.ok(rows.length >= 3, `${rows.length} restrictions`);
    assert.ok(rows.some((r) => r.date!.value === '2024-09-29'), 'the data has the 2024-09-29 cut-off');
    const s = section(home, 'customers');
    const t = textOf(s);
    for (const r of rows) {
      const row = s.slice(s.lastIndexOf('<tr>', s.indexOf(esc(r.label!.value))));
      assert.ok(t.includes(r.label!.value), r.label!.value);
      assert.match(textOf(row.slice(0, row.indexOf('</tr>'))), new RegExp(`^\\s*${r.date!.value}`), `${r.label!.value}: from ${r.date!.value}`);
    }
    assert.match(textOf(section(home, 'in-brief')), /From 2024-09-29 ?: /);
  });

  it('says what the sources contradict: every denial (OFAC did not designate the company or its CEO; continued use is not penalised), with its sources', async () => {
    const denials = await kg.select(`${P} SELECT DISTINCT ?c ?key WHERE { ?c kg:denies ?p ; kg:claimKey ?key }`);
    const s = section(home, 'contradicted');
    for (const d of denials) {
      const at = s.indexOf(`<li class="denial" data-claim="${esc(d.key!.value)}"`);
      assert.ok(at >= 0, `denial ${d.key!.value} not in "what the sources contradict"`);
      const item = s.slice(at, s.indexOf('</ul></li>', at));
      const sources = await kg.select(`${P} SELECT DISTINCT ?doc WHERE { <${d.c!.value}> kg:evidence/kg:document ?doc }`);
      for (const x of sources) assert.ok(item.includes(`data-source="${esc(x.doc!.value)}"`), `${d.key!.value}: source ${x.doc!.value}`);
    }
    // The two the sources stress: Eugene Kaspersky was not designated; continued use is not penalised.
    const ceo = await kg.select(`${P} SELECT ?key WHERE { ?c kg:denies ?p ; kg:claimKey ?key . ?p rdf:predicate kg:target ; rdf:object <${ID}person/eugene-kaspersky> }`);
    assert.ok(ceo.length > 0);
    for (const c of ceo) assert.ok(s.includes(`data-claim="${esc(c.key!.value)}"`));
    assert.match(textOf(s), /continu\w* (to )?use/i);
  });

  it('marks contradicted and partly accurate claims in colour and words, one click from the home page', async () => {
    const rows = await kg.select(`${P} SELECT DISTINCT ?c ?key ?v WHERE { ?c kg:claimKey ?key ; kg:verification ?v . { ?c kg:contradictedBy ?x } UNION { ?c kg:qualifiedBy ?x } }`);
    assert.ok(rows.length > 0);
    const s = section(home, 'contradicted');
    const css = site.files.get('style.css')!;
    for (const r of rows) {
      const v = r.v!.value.slice(KG.length);
      const cls = v === 'Contradicted' ? 'verif-contradicted' : v === 'PartlyAccurate' ? 'verif-partly' : undefined;
      const at = s.indexOf(`data-claim="${esc(r.key!.value)}" data-verification="${v}"`);
      assert.ok(at >= 0, `${r.key!.value} not listed as disputed`);
      const li = s.slice(s.lastIndexOf('<li', at), s.indexOf('</li>', at));
      if (cls) {
        assert.ok(li.startsWith(`<li class="contested ${cls}"`), `${r.key!.value}: no ${cls}`);
        assert.match(textOf(li), v === 'Contradicted' ? /contradicted by other sources/ : /partly accurate/);
      }
      // One click: a link from the home page to the claim's page, where its card is marked too.
      const page = `${pageBase(r.c!.value)}.html`;
      assert.ok(li.includes(`href="${esc(rel('index.html', page))}"`), `${r.key!.value}: no link to ${page}`);
      if (cls) {
        const card = site.files.get(page)!;
        assert.match(card, new RegExp(`<div class="claim [^"]*${cls}[^"]*" data-claim="${r.key!.value}"`), `${page}: card not marked`);
        assert.ok(card.includes(v === 'Contradicted' ? '>contradicted by other sources<' : '>partly accurate: other sources qualify it<'), `${page}: no words`);
      }
    }
    // Colour: the marks have their own colours, unlike the grey of a plain tag.
    assert.match(css, /\.tag\.verif-contradicted[^{]*\{[^}]*color: var\(--contra\)/);
    assert.match(css, /\.tag\.verif-partly[^{]*\{[^}]*color: var\(--partly\)/);
    assert.match(css, /--contra: #[0-9a-f]{6}/);
    // A consistent claim's card is not marked.
    const plain = await kg.select(`${P} SELECT ?c ?key WHERE { ?c kg:claimKey ?key ; kg:verification kg:Verified } LIMIT 1`);
    const plainCard = site.files.get(`${pageBase(plain[0]!.c!.value)}.html`)!;
    assert.doesNotMatch(plainCard, /verif-(contradicted|partly)" data-claim/);
    // The claim index lists exactly the contradicted and partly accurate claims under #disputed.
    const index = site.files.get('claim/index.html')!;
    const disputed = index.slice(index.indexOf('id="disputed-claims"'), index.indexOf('</table>', index.indexOf('id="disputed-claims"')));
    const expected = await kg.select(`${P} SELECT ?key WHERE { ?c kg:claimKey ?key ; kg:verification ?v FILTER(?v IN (kg:Contradicted, kg:PartlyAccurate)) }`);
    assert.deepEqual([...disputed.matchAll(/data-claim="([^"]+)"/g)].map((m) => m[1]).sort(), expected.map((e) => e.key!.value).sort());
    assert.ok(home.includes('href="claim/index.html#disputed"'));
  });

  it('tells the same story as the briefing: every timeline row of the briefing is on the home page', async () => {
    const text = await renderBriefing(kg, 1000);
    const timeline = text.slice(text.indexOf('Timeline of actions'), text.indexOf('Sanctioned people'));
    const rows = timeline.split('\n').filter((l) => /^\s+\d{4}/.test(l));
    assert.ok(rows.length > 10);
    const story = textOf(section(home, 'what-happened'));
    for (const r of rows) {
      const [, date, label] = /^\s+(\S+)\s+(.*?)(?: \(| — |$)/.exec(r)!;
      assert.ok(story.includes(`${date} ${label}`), `${date} ${label}`);
    }
  });

  it('draws the timeline to scale with marked breaks, and says that bar length is a date\'s precision, not a duration', () => {
    const svg = site.files.get('timeline.svg')!;
    assert.match(textOf(svg), /bar length shows a date's precision, not a duration/);
    assert.match(textOf(home.slice(home.indexOf('id="timeline-caption"'))), /^[^<]*bar length shows a date's precision, not a duration/);
    // The breaks are exactly the runs of two or more years in which nothing is dated.
    const years = site.timeline.flatMap((i) => Array.from({ length: Math.max(1, Math.ceil(i.end) - Math.floor(i.start)) }, (_, k) => Math.floor(i.start) + k));
    const busy = new Set(years);
    const from = Math.min(...years);
    const to = Math.max(...years) + 1;
    const breaks = [...svg.matchAll(/class="axis-break" data-from="(\d+)" data-to="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const expected: number[][] = [];
    for (let y = from; y < to; ) {
      let e = y;
      while (e < to && !busy.has(e)) e++;
      if (e - y >= 2) (expected.push([y, e - 1]), (y = e));
      else y++;
    }
    assert.deepEqual(breaks, expected);
    for (const [a, b] of breaks) assert.ok(svg.includes(`${a}–${b} //`), `break ${a}–${b} not labelled`);
    // Every year shown has the same width; a break is narrower.
    const segs = axisSegments(from, to, busy);
    assert.ok(segs.filter((g) => !g.gap).every((g) => g.weight === 1 && g.to - g.from === 1));
    assert.ok(segs.filter((g) => g.gap).every((g) => g.weight === BREAK_WEIGHT && g.to - g.from >= 2));
    // Within the drawing: the day-precision items' x positions grow linearly with time inside one year.
    const days = [...svg.matchAll(/data-date="(\d{4})-(\d\d)-(\d\d)" data-kind="[^"]*"><title>[^<]*<\/title><line [^>]*\/><circle cx="([\d.]+)"/g)].map((m) => ({
      t: Number(m[1]) + (Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - Date.UTC(Number(m[1]), 0, 1)) / (365.25 * 864e5),
      x: Number(m[4]),
    }));
    const byYear = new Map<number, typeof days>();
    for (const d of days) byYear.set(Math.floor(d.t), [...(byYear.get(Math.floor(d.t)) ?? []), d]);
    const scales = [...byYear.values()]
      .map((ds) => ds.sort((a, b) => a.t - b.t))
      .filter((ds) => ds.length >= 2 && ds[ds.length - 1]!.t - ds[0]!.t > 0.05)
      .map((ds) => (ds[ds.length - 1]!.x - ds[0]!.x) / (ds[ds.length - 1]!.t - ds[0]!.t));
    assert.ok(scales.length >= 1, 'no year with two dated days');
    for (const s of scales) assert.ok(Math.abs(s - scales[0]!) / scales[0]! < 0.05, `px per year differs between years: ${scales.join(', ')}`);
  });
});
