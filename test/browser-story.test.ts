/**
 * The site opened as files (file://) in a real browser (Debian's Chromium through playwright-core) with
 * every network request blocked and no server running: the home page shows the story as text; a
 * contradicted claim is highlighted (its own colour and words) and one click away; a competency question's
 * answer reads with JavaScript off; a query typed into the SPARQL page is answered in the browser, with the
 * package's prefixes undeclared, and errors are told in the user's terms. Expected answers come from the
 * graph itself. Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import { competencyQuestions } from '../src/data/competency.js';
import { generateSite, writeSite } from '../src/site/generate.js';
import { ID, KG } from '../src/namespaces.js';
import { artifactPath, launchBrowser } from './support/browser.js';

/** A context that lets only file:// through; the blocked requests are listed. */
async function offline(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  const blocked: string[] = [];
  await context.route(/^(?!file:)/, (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  return { context, blocked };
}

/** Console errors and uncaught exceptions of a page. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  return problems;
}

describe('browser: the site from file://, offline, with no server', function () {
  this.timeout(600_000);
  let browser: Browser;
  let kg: KasperskyGraph;
  let dir: string;
  let url: (path: string) => string;

  before(async () => {
    kg = await openGraph();
    dir = mkdtempSync(join(tmpdir(), 'kkg-site-file-'));
    writeSite(await generateSite(kg), dir);
    url = (p) => pathToFileURL(join(dir, p)).href;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await kg?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the story as text on the home page: who acted, the twelve designated people, what customers lose and when, what the sources contradict', async () => {
    const { context, blocked } = await offline(browser);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url('index.html'), { waitUntil: 'load' });
    // The first thing after the title is the story, visible as text.
    const brief = page.locator('#in-brief');
    assert.ok(await brief.isVisible());
    const box = await brief.boundingBox();
    assert.ok(box && box.y < 1000, 'the story is not on the first screen');
    const people = await kg.select(`PREFIX kg: <${KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?name WHERE { <${ID}event/ofac-designation-2024> kg:target ?p . ?p a kg:Person ; rdfs:label ?name }`);
    assert.equal(people.length, 12);
    const sanctioned = await page.locator('#sanctioned').innerText();
    for (const p of people) assert.ok(sanctioned.includes(p.name!.value), p.name!.value);
    const customers = await page.locator('#customers').innerText();
    assert.match(customers, /2024-09-29/);
    const contradicted = await page.locator('#contradicted').innerText();
    assert.match(contradicted, /Not the case:[^\n]*(CEO|Eugene Kaspersky)/);
    assert.match(contradicted, /Not the case:[^\n]*continu\w* (to )?use/i);
    assert.match(await page.locator('#what-happened').innerText(), /2024-06-21/);
    assert.match(await page.locator('#timeline-caption').innerText(), /bar length shows a date's precision, not a duration/);
    await page.screenshot({ path: artifactPath('home-story.png') });
    await context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, [], 'the home page asked for the network');
  });

  it('highlights a contradicted claim in its own colour and words, one click from the home page', async () => {
    const { context } = await offline(browser);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url('index.html'), { waitUntil: 'load' });
    const item = page.locator('#contradicted li.contested.verif-contradicted').first();
    await item.scrollIntoViewIfNeeded();
    assert.ok(await item.isVisible());
    const tag = item.locator('span.tag.verif-contradicted').first();
    assert.equal(await tag.innerText(), 'contradicted by other sources');
    const colour = (sel: ReturnType<Page['locator']>) => sel.evaluate((e) => getComputedStyle(e).color);
    const border = await item.evaluate((e) => getComputedStyle(e).borderLeftColor);
    // Red, not the grey of plain text or of a consistent claim.
    const rgb = (c: string) => c.match(/\d+/g)!.map(Number);
    const [r, g, b] = rgb(await colour(tag));
    assert.ok(r! > 150 && g! < 80 && b! < 80, `tag colour ${r},${g},${b}`);
    assert.deepEqual(rgb(border).slice(0, 3), [r, g, b]);
    await page.screenshot({ path: artifactPath('home-contradicted.png') });
    // One click to the claim's page, where its card is marked the same way.
    const key = await item.getAttribute('data-claim');
    await item.locator(`a:text-is("${key}")`).first().click();
    await page.waitForLoadState('load');
    assert.match(page.url(), new RegExp(`/claim/${key}\\.html$`));
    const card = page.locator(`div.claim.verif-contradicted[data-claim="${key}"]`);
    assert.ok(await card.isVisible());
    assert.equal(await card.locator('span.tag.disputed').innerText(), 'contradicted by other sources');
    const [cr, cg, cb] = rgb(await card.evaluate((e) => getComputedStyle(e).borderLeftColor));
    assert.ok(cr! > 150 && cg! < 80 && cb! < 80);
    // A verified claim's card is not.
    const verified = await kg.select(`PREFIX kg: <${KG}> SELECT ?key WHERE { ?c kg:claimKey ?key ; kg:verification kg:Verified } ORDER BY ?key LIMIT 1`);
    await page.goto(url(`claim/${verified[0]!.key!.value}.html`), { waitUntil: 'load' });
    assert.equal(await page.locator('div.claim.verif-contradicted, div.claim.verif-partly').count(), 0);
    await page.screenshot({ path: artifactPath('claim-contradicted.png') });
    await context.close();
    assert.deepEqual(problems, []);
  });

  it('shows a competency question\'s answer with JavaScript off, the network blocked and no server', async () => {
    const q = competencyQuestions().find((x) => x.name.startsWith('cq06-'))!;
    const rows = await kg.select(q.query);
    assert.ok(rows.length >= 12);
    const { context, blocked } = await offline(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url('sparql.html')}#${q.name}`, { waitUntil: 'load' });
    const section = page.locator(`section#${q.name}`);
    assert.equal(await section.locator('h3').innerText(), q.question);
    const values = await section.locator('table.answer tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-value') ?? '')));
    const vars = Object.keys(rows[0]!);
    const header = await section.locator('table.answer thead th').allInnerTexts();
    assert.deepEqual(header, vars);
    assert.deepEqual(values.map((v) => JSON.stringify(v)).sort(), rows.map((r) => JSON.stringify(vars.map((v) => r[v]?.value ?? ''))).sort());
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('sparql-answer-nojs.png') });
    await context.close();
    assert.deepEqual(blocked, []);
  });

  it('answers a query typed into the SPARQL page from file://, in the browser, with the package prefixes undeclared; errors in the user\'s terms', async () => {
    const { context, blocked } = await offline(browser);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url('sparql.html'), { waitUntil: 'load' });
    assert.equal(await page.locator('#engine').inputValue(), 'browser');
    // The README's query, pasted without PREFIX lines.
    const query = 'SELECT ?name WHERE { event:ofac-designation-2024 kg:target ?p . ?p a kg:Person ; rdfs:label ?name }';
    const expected = (await kg.select(query)).map((r) => r.name!.value).sort();
    assert.equal(expected.length, 12);
    await page.locator('#query').fill(query);
    await page.locator('#run').click();
    await page.locator('#result-table').waitFor({ timeout: 120_000 });
    assert.match((await page.locator('#status').textContent())!, /^12 rows \(\d+ ms, in this browser\)/);
    const shown = await page.locator('#result-table tbody td[data-var="name"]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')!));
    assert.deepEqual(shown.sort(), expected);
    await page.screenshot({ path: artifactPath('sparql-file.png') });
    // An ASK, answered too.
    await page.locator('#query').fill(`ASK { <${ID}event/ofac-designation-2024> kg:target <${ID}person/eugene-kaspersky> }`);
    await page.locator('#run').click();
    await page.waitForFunction(() => /^ASK: /.test(document.getElementById('status')!.textContent ?? ''));
    assert.equal(await page.locator('#results').getAttribute('data-boolean'), String(await kg.ask(`ASK { <${ID}event/ofac-designation-2024> <${KG}target> <${ID}person/eugene-kaspersky> }`)));
    // Errors: a misspelt keyword, an unknown prefix; the engine's message below.
    for (const [text, said] of [
      ['SELCT ?s WHERE { ?s ?p ?o }', /"SELCT" at line 1, column 1 is not a SPARQL keyword: did you mean SELECT\?/],
      ['SELECT * WHERE { ?s foo:bar ?o }', /^Unknown prefix "foo:" in foo:bar at line 1, column 21/],
    ] as const) {
      await page.locator('#query').fill(text);
      await page.locator('#run').click();
      await page.locator('#status.error').waitFor({ timeout: 30_000 });
      assert.match((await page.locator('#status').textContent())!, said);
      assert.match((await page.locator('#engine-message pre').textContent())!, /error at 1:\d+/);
    }
    await page.screenshot({ path: artifactPath('sparql-file-error.png') });
    await context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(blocked, [], 'the SPARQL page asked for the network');
    // The weight the page adds on first use (reported, not limited): the engine, its WebAssembly, the data.
    const kb = ['sparql.html', 'sparql/oxigraph.js', 'sparql/oxigraph-wasm.js', 'sparql/data.js'].map((f) => `${f} ${Math.round(statSync(join(dir, f)).size / 1024)} KB`);
    process.stdout.write(`      page weight: ${kb.join(', ')}\n`);
  });
});
