/**
 * The site in a real browser (Debian's Chromium through playwright-core), served by `kaspersky-kg serve`'s
 * server on 127.0.0.1: every page loads without console errors, failed requests or broken internal links;
 * an entity page shows its claims and sources; the timeline renders every dated action without overlapping
 * labels; the SPARQL page runs an example against the endpoint and in the browser and shows the expected rows. Screenshots go
 * to test-artifacts/.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { datasetNQuads } from '../src/data/dataset.js';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { competencyQuestions } from '../src/data/competency.js';
import { generateSite, type GeneratedSite } from '../src/site/generate.js';
import { pageBase } from '../src/site/html.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { memorySite } from '../src/serve/static.js';
import { ID, KG } from '../src/namespaces.js';
import { artifactPath, launchBrowser } from './support/browser.js';

/** Watches a page for console errors, uncaught exceptions, failed requests and HTTP errors. */
function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

describe('browser: the site in Chromium', function () {
  this.timeout(600_000);
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  let site: GeneratedSite;
  let kg: KasperskyGraph;

  before(async () => {
    kg = await openGraph();
    site = await generateSite(kg);
    server = await startServer({ nquads: datasetNQuads().text, port: 0, site: memorySite(site.files) });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads every generated page without console errors, failed requests or broken internal links', async () => {
    const origin = server!.url.replace(/\/$/, '');
    const pages = [...site.files.keys()].filter((p) => p.endsWith('.html')).sort();
    const problems: string[] = [];
    const links = new Map<string, string>();
    const context = await browser!.newContext();
    let next = 0;
    const worker = async () => {
      const page = await context.newPage();
      const seen = watch(page, origin);
      for (;;) {
        const i = next++;
        if (i >= pages.length) break;
        const path = pages[i]!;
        seen.length = 0;
        const res = await page.goto(`${server!.url}${path}`, { waitUntil: 'load' });
        if (res?.status() !== 200) problems.push(`${path}: HTTP ${res?.status()}`);
        const hrefs = await page.$$eval('a[href], link[href], img[src], script[src]', (els) =>
          els.map((e) => (e.getAttribute('href') ?? e.getAttribute('src'))!),
        );
        for (const h of hrefs) {
          const u = new URL(h, page.url());
          if (u.origin === origin) links.set(`${u.origin}${u.pathname}`, path);
        }
        problems.push(...seen.map((s) => `${path}: ${s}`));
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await context.close();
    assert.ok(pages.length > 100, `only ${pages.length} pages`);
    // Every internal link target answers 200 (HEAD, no body).
    for (const [url, from] of links) {
      const r = await fetch(url, { method: 'HEAD', redirect: 'follow' });
      if (r.status !== 200) problems.push(`${from}: broken link ${url} (${r.status})`);
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });

  it('shows an entity page with its claims, modality, standing, quoted sentences and each source', async () => {
    // The entity the most article claims mention (claims with an evidence sentence stating or denying a proposition about it).
    const top = await kg.select(`PREFIX kg: <${KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT ?e (COUNT(DISTINCT ?c) AS ?n) WHERE {
      { ?prop rdf:subject ?e } UNION { ?prop rdf:object ?e } ?c kg:states|kg:denies ?prop . ?c a kg:Claim ; kg:evidence/kg:sentence ?sentence .
      FILTER(isIRI(?e) && STRSTARTS(STR(?e), "${ID}")) FILTER NOT EXISTS { ?e a kg:SourceDocument } FILTER NOT EXISTS { ?e a kg:Sentence }
    } GROUP BY ?e ORDER BY DESC(?n) STR(?e) LIMIT 1`);
    const iri = top[0]!.e!.value;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = watch(page, server!.url.replace(/\/$/, ''));
    await page.goto(`${server!.url}${pageBase(iri)}`, { waitUntil: 'load' });
    assert.equal(await page.locator('p.iri code').first().textContent(), iri);
    const cards = page.locator('div.claim');
    const n = await cards.count();
    assert.ok(n >= Number(top[0]!.n!.value), `${n} claim cards`);
    for (let i = 0; i < n; i++) {
      const card = cards.nth(i);
      assert.ok(await card.locator('span.tag[title="modality"]').isVisible());
      assert.ok(await card.locator('span.tag[title="verification"]').isVisible());
      // Whether the sources establish it (kg:licensed), in words.
      const licensed = await card.getAttribute('data-licensed');
      assert.ok(licensed === 'true' || licensed === 'false');
      assert.ok(await card.locator(`span.tag.${licensed === 'true' ? 'fact' : 'notfact'}`).first().isVisible());
      // Each source of the claim, with its own words or a paraphrase note (its own items, not a contradicting claim's).
      const own = card.locator(':scope > ul.evidence').first().locator(':scope > li.evidence');
      assert.ok((await own.count()) > 0, 'no source on a card');
      for (let j = 0; j < (await own.count()); j++) {
        const item = own.nth(j);
        assert.match((await item.locator('span.per').innerText()).trim(), /^per \S/);
        // Its words, or its note, or the statement that the data records none: never a bare source.
        assert.ok((await item.locator('blockquote, p.note, span.nowords').count()) > 0, 'a source shown without its words, a note, or saying it has none');
      }
    }
    // The article claims show their sentence with the quote marked.
    const marked = page.locator('div.claim blockquote.sentence mark');
    assert.ok((await marked.count()) > 0);
    await marked.first().scrollIntoViewIfNeeded();
    assert.ok(await marked.first().isVisible());
    // The JSON-LD in the page is the entity's.
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as { '@id': string };
    assert.ok(ld['@id'] === iri || iri.endsWith(ld['@id'].split(':').pop()!));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath('entity-page.png') });
    await page.locator('#claims').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('entity-page-claims.png') });
    await page.close();
    assert.deepEqual(problems, []);
  });

  it('shows on Eugene Kaspersky\'s page, per source, that OFAC did not designate him', async () => {
    const person = `${ID}person/eugene-kaspersky`;
    const denied = await kg.denials({ predicate: `${KG}target`, object: person });
    assert.ok(denied.length > 0, 'a source says he was not designated');
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = watch(page, server!.url.replace(/\/$/, ''));
    await page.goto(`${server!.url}${pageBase(person)}`, { waitUntil: 'load' });
    const section = page.locator('ul.denials');
    await section.scrollIntoViewIfNeeded();
    assert.ok(await section.isVisible());
    for (const d of denied) {
      const item = section.locator(`li.denial[data-claim="${d.key}"]`);
      assert.ok(await item.isVisible(), d.key);
      const text = await item.innerText();
      for (const e of d.evidence) if (e.quote) assert.ok(text.includes(e.quote), `${d.key}: ${e.source}'s words`);
    }
    await page.screenshot({ path: artifactPath('entity-page-denial.png') });
    await page.close();
    assert.deepEqual(problems, []);
  });

  it('renders every dated action on the timeline, with visible, non-overlapping labels', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = watch(page, server!.url.replace(/\/$/, ''));
    await page.goto(`${server!.url}timeline.html`, { waitUntil: 'load' });
    const items = page.locator('svg.timeline .tl-item');
    assert.equal(await items.count(), site.timeline.length);
    assert.equal(await page.locator('#timeline-table tr[data-iri]').count(), site.timeline.length);
    const boxes = await page.$$eval('svg.timeline .tl-item text', (ts) =>
      ts.map((t) => {
        const b = (t as SVGTextElement).getBBox();
        return { x: b.x, y: b.y, w: b.width, h: b.height, text: t.textContent ?? '' };
      }),
    );
    const svgWidth = await page.$eval('svg.timeline', (s) => (s as SVGSVGElement).viewBox.baseVal.width);
    for (const b of boxes) {
      assert.ok(b.w > 0 && b.h > 0, `invisible label ${b.text}`);
      assert.ok(b.x >= -1 && b.x + b.w <= svgWidth + 1, `label outside the picture: ${b.text} (${b.x}..${b.x + b.w} of ${svgWidth})`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
        assert.ok(!overlap, `labels overlap: "${a.text}" and "${b.text}"`);
      }
    }
    // Every item links to its entity page, which exists.
    const hrefs = await page.$$eval('svg.timeline a.tl-item', (as) => as.map((a) => (a as SVGAElement).href.baseVal));
    for (const h of hrefs) assert.ok(site.files.has(h), h);
    await page.screenshot({ path: artifactPath('timeline.png'), fullPage: true });
    await page.close();
    assert.deepEqual(problems, []);
  });

  it('runs an example query on the SPARQL page against the endpoint and shows the expected rows', async () => {
    // The first competency question that is a SELECT with rows (data-driven).
    let chosen: { name: string; rows: Record<string, string>[]; vars: string[] } | undefined;
    for (const q of competencyQuestions()) {
      if (!/^\s*(#[^\n]*\n\s*|PREFIX[^\n]*\n\s*)*SELECT/i.test(q.query)) continue;
      const rows = await kg.select(q.query);
      if (rows.length) {
        chosen = { name: q.name, vars: Object.keys(rows[0]!), rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.value]))) };
        break;
      }
    }
    assert.ok(chosen, 'no competency question with rows');
    const page = await browser!.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = watch(page, server!.url.replace(/\/$/, ''));
    await page.goto(`${server!.url}sparql.html#${chosen.name}`, { waitUntil: 'load' });
    assert.equal(await page.locator('#example').inputValue(), chosen.name);
    assert.equal(await page.locator('#example option').count(), competencyQuestions().length);
    // Served by serve, the page can send the query to its endpoint (the default runs it in the browser).
    await page.locator('#engine').selectOption('endpoint');
    await page.locator('#run').click();
    await page.locator('#result-table').waitFor({ timeout: 30_000 });
    assert.match((await page.locator('#status').textContent())!, new RegExp(`^${chosen.rows.length} rows? \\(\\d+ ms, on ${server!.endpoint.replace(/[.]/g, '\\.')}\\)`));
    const shown = await page.$$eval('#result-table tbody tr', (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].filter((td) => td.dataset.value !== undefined).map((td) => [td.dataset.var!, td.dataset.value!]))),
    );
    const key = (r: Record<string, string>) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]]));
    assert.deepEqual(shown.map(key).sort(), chosen.rows.map(key).sort());
    await page.screenshot({ path: artifactPath('sparql.png') });
    // A malformed query: where reading stopped, in words, and the endpoint's message below.
    await page.locator('#query').fill('SELECT ?x WHERE { ?x ?y }');
    await page.locator('#run').click();
    await page.locator('#status.error').waitFor({ timeout: 30_000 });
    assert.match((await page.locator('#status').textContent())!, /^Error 400: The query cannot be read at line 1, column \d+/);
    assert.match((await page.locator('#engine-message pre').textContent())!, /SPARQL query error/);
    // The same query in the browser gives the same rows as the endpoint.
    await page.locator('#engine').selectOption('browser');
    await page.locator('#example').selectOption(chosen.name);
    await page.locator('#run').click();
    await page.locator('#result-table').waitFor({ timeout: 120_000 });
    const inBrowser = await page.$$eval('#result-table tbody tr', (trs) =>
      trs.map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].filter((td) => td.dataset.value !== undefined).map((td) => [td.dataset.var!, td.dataset.value!]))),
    );
    assert.deepEqual(inBrowser.map(key).sort(), chosen.rows.map(key).sort());
    await page.close();
    // The 400 of the malformed query is the only HTTP error the page saw.
    assert.deepEqual(problems.filter((p) => !/HTTP 400: .*\/sparql$|status of 400/.test(p)), []);
  });
});
