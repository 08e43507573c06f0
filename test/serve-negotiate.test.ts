/**
 * Unit tests of the endpoint's request classification and content negotiation, and of the static file
 * resolution (no path escapes the site).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFormat, choosePageVariant, FORMAT_PARAMETERS, formatFromParameters, FormatParameterError, parseAccept, queryForm } from '../src/serve/negotiate.js';
import { folderSite, memorySite, resolveStatic } from '../src/serve/static.js';

describe('serve: query form', () => {
  it('reads the form after comments, BASE and PREFIX declarations', () => {
    assert.equal(queryForm('SELECT * WHERE {}'), 'SELECT');
    assert.equal(queryForm('# a comment\nPREFIX kg: <https://w3id.org/kaspersky-kg/ontology#>\nprefix x:<urn:x#> BASE <http://e/>\n  ask {}'), 'ASK');
    assert.equal(queryForm('PREFIX : <urn:a#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'), 'CONSTRUCT');
    assert.equal(queryForm('describe <urn:x>'), 'DESCRIBE');
  });
  it('recognises every update operation', () => {
    for (const u of ['INSERT DATA { <a:b> <a:c> <a:d> }', 'DELETE WHERE { ?s ?p ?o }', 'LOAD <http://x/>', 'CLEAR ALL', 'DROP GRAPH <a:g>', 'CREATE GRAPH <a:g>', 'COPY DEFAULT TO <a:g>', 'MOVE <a:g> TO <a:h>', 'ADD <a:g> TO <a:h>', 'WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }', 'PREFIX x: <urn:x#> insert data {}']) {
      assert.equal(queryForm(u), 'UPDATE', u);
    }
  });
  it('gives undefined for text it cannot classify', () => {
    for (const t of ['', '   ', 'SELEC ?x', 'PREFIX x <urn:x>', 'PREFIX x: <urn:x', '{}', '# only a comment']) assert.equal(queryForm(t), undefined, JSON.stringify(t));
  });
});

describe('serve: content negotiation', () => {
  it('defaults to SPARQL JSON for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE', () => {
    assert.equal(chooseFormat('SELECT', undefined)?.engine, 'application/sparql-results+json');
    assert.equal(chooseFormat('ASK', '*/*')?.engine, 'application/sparql-results+json');
    assert.equal(chooseFormat('CONSTRUCT', undefined)?.engine, 'text/turtle');
    assert.equal(chooseFormat('DESCRIBE', '*/*')?.engine, 'text/turtle');
  });
  it('follows Accept with q-values and wildcards', () => {
    assert.equal(chooseFormat('SELECT', 'text/csv')?.engine, 'text/csv');
    assert.equal(chooseFormat('SELECT', 'text/tab-separated-values')?.engine, 'text/tab-separated-values');
    assert.equal(chooseFormat('SELECT', 'application/sparql-results+xml')?.engine, 'application/sparql-results+xml');
    assert.equal(chooseFormat('SELECT', 'text/csv;q=0.5, application/sparql-results+xml')?.engine, 'application/sparql-results+xml');
    assert.equal(chooseFormat('SELECT', 'text/*')?.engine, 'text/csv');
    assert.equal(chooseFormat('SELECT', 'text/xml')?.contentType, 'text/xml; charset=utf-8');
    assert.equal(chooseFormat('CONSTRUCT', 'application/n-triples')?.engine, 'application/n-triples');
    assert.equal(chooseFormat('CONSTRUCT', 'application/ld+json')?.engine, 'application/ld+json');
    assert.equal(chooseFormat('CONSTRUCT', 'application/rdf+xml;q=0.2, text/turtle;q=0.9')?.engine, 'text/turtle');
    // SPARQLWrapper's JSON request for a SELECT, and for a CONSTRUCT (JSON-LD).
    const sw = 'application/sparql-results+json,application/json,text/javascript,application/javascript';
    assert.equal(chooseFormat('SELECT', sw)?.engine, 'application/sparql-results+json');
    assert.equal(chooseFormat('CONSTRUCT', sw)?.engine, 'application/ld+json');
  });
  it('returns undefined when nothing acceptable can carry the result (406)', () => {
    assert.equal(chooseFormat('SELECT', 'image/png'), undefined);
    assert.equal(chooseFormat('CONSTRUCT', 'text/csv'), undefined);
    assert.equal(chooseFormat('SELECT', 'text/csv;q=0'), undefined);
  });
  it('lets a format parameter override Accept when it suits the form', () => {
    assert.equal(chooseFormat('SELECT', 'text/csv', 'json')?.engine, 'application/sparql-results+json');
    assert.equal(chooseFormat('SELECT', undefined, 'tsv')?.engine, 'text/tab-separated-values');
    assert.equal(chooseFormat('CONSTRUCT', undefined, 'json')?.engine, 'application/ld+json');
    assert.equal(chooseFormat('CONSTRUCT', undefined, 'application/n-triples')?.engine, 'application/n-triples');
  });
  it('refuses a format parameter it cannot honour instead of falling back to Accept', () => {
    assert.throws(() => chooseFormat('SELECT', 'text/csv', 'nonsense'), (e: FormatParameterError) => e.status === 406 && /unknown format "nonsense"/.test(e.message));
    assert.throws(() => chooseFormat('CONSTRUCT', undefined, 'text/csv'), (e: FormatParameterError) => e.status === 406 && /cannot carry CONSTRUCT/.test(e.message));
  });
  it('reads repeated format parameters: agreeing ones are one choice, conflicting ones an error', () => {
    const sparqlWrapperTsv: [string, string][] = FORMAT_PARAMETERS.flatMap((p) => [[p, 'tsv'], [p, 'text/tab-separated-values']] as [string, string][]);
    assert.equal(formatFromParameters('SELECT', sparqlWrapperTsv)?.engine, 'text/tab-separated-values');
    assert.equal(formatFromParameters('CONSTRUCT', [['format', 'rdf+xml'], ['format', 'application/rdf+xml'], ['output', 'xml']])?.engine, 'application/rdf+xml');
    assert.equal(formatFromParameters('CONSTRUCT', [['format', 'json-ld'], ['format', 'application/ld+json,application/x-json+ld']])?.engine, 'application/ld+json');
    assert.equal(formatFromParameters('SELECT', [['format', ''], ['output', ' ']]), undefined);
    assert.throws(() => formatFromParameters('SELECT', [['format', 'json'], ['results', 'csv']]), (e: FormatParameterError) => e.status === 400 && /conflicting/.test(e.message));
  });
  it('parses Accept leniently', () => {
    assert.deepEqual(parseAccept(undefined), [{ type: '*/*', q: 1, index: 0 }]);
    assert.deepEqual(
      parseAccept('text/html;q=0.8, garbage, application/json ; q=2').map((e) => [e.type, e.q]),
      [
        ['text/html', 0.8],
        ['application/json', 1],
      ],
    );
  });
  it('picks a page representation for extension-less entity paths', () => {
    const all = ['.html', '.jsonld', '.ttl'];
    assert.equal(choosePageVariant(undefined, all), '.html');
    assert.equal(choosePageVariant('text/html,application/xhtml+xml,*/*;q=0.8', all), '.html');
    assert.equal(choosePageVariant('application/ld+json', all), '.jsonld');
    assert.equal(choosePageVariant('application/json', all), '.jsonld');
    assert.equal(choosePageVariant('text/turtle', all), '.ttl');
    assert.equal(choosePageVariant('text/turtle', ['.html']), undefined);
  });
  it('offers N-Triples and RDF/XML too, with aliases, and nothing for a type no variant has', () => {
    const all = ['.html', '.ttl', '.jsonld', '.nt', '.rdf'];
    assert.equal(choosePageVariant('application/n-triples', all), '.nt');
    assert.equal(choosePageVariant('application/rdf+xml', all), '.rdf');
    assert.equal(choosePageVariant('application/x-turtle', all), '.ttl');
    assert.equal(choosePageVariant('application/xhtml+xml', all), '.html');
    assert.equal(choosePageVariant('application/rdf+xml;q=0.4, application/n-triples;q=0.6', all), '.nt');
    assert.equal(choosePageVariant('*/*', all), '.html');
    assert.equal(choosePageVariant('application/*', ['.html', '.jsonld', '.rdf']), '.jsonld');
    assert.equal(choosePageVariant('image/png', all), undefined);
    assert.equal(choosePageVariant('text/html;q=0', ['.html']), undefined);
  });
});

describe('serve: static files', () => {
  const site = memorySite(
    new Map([
      ['index.html', '<h1>home</h1>'],
      ['style.css', 'body{}'],
      ['id/person/x.html', '<p>x</p>'],
      ['id/person/x.jsonld', '{}'],
      ['id/person/x.ttl', '<a:b> <a:c> <a:d> .'],
      ['ontology/index.html', '<p>onto</p>'],
    ]),
  );
  it('serves files with their media types and index.html for folders', () => {
    const home = resolveStatic(site, '/', undefined);
    assert.equal(home.status, 200);
    assert.equal(home.status === 200 && home.type, 'text/html; charset=utf-8');
    const css = resolveStatic(site, '/style.css', undefined);
    assert.equal(css.status === 200 && css.type, 'text/css; charset=utf-8');
    assert.equal(resolveStatic(site, '/ontology/', undefined).status, 200);
  });
  it('redirects a folder without its slash, so relative links resolve', () => {
    assert.deepEqual(resolveStatic(site, '/ontology', undefined), { status: 301, location: '/ontology/' });
  });
  it('negotiates entity paths like the IRIs', () => {
    const html = resolveStatic(site, '/id/person/x', 'text/html');
    assert.equal(html.status === 200 && html.type, 'text/html; charset=utf-8');
    const ld = resolveStatic(site, '/id/person/x', 'application/ld+json');
    assert.equal(ld.status === 200 && ld.type, 'application/ld+json; charset=utf-8');
    const ttl = resolveStatic(site, '/id/person/x', 'text/turtle');
    assert.equal(ttl.status === 200 && ttl.type, 'text/turtle; charset=utf-8');
  });
  it('names every alternate in Link with Vary: Accept, answers 406 when none is acceptable, and makes JSON-LD from Turtle where there is no file', () => {
    const ld = memorySite(
      new Map([
        ['claim/C1.html', '<p>c</p>'],
        ['claim/C1.ttl', '<https://w3id.org/kaspersky-kg/claim/C1> <https://w3id.org/kaspersky-kg/ontology#claimKey> "C1" .'],
        ['claim/C1.nt', '<https://w3id.org/kaspersky-kg/claim/C1> <https://w3id.org/kaspersky-kg/ontology#claimKey> "C1" .\n'],
        ['ontology/index.html', '<p>onto</p>'],
        ['ontology.ttl', '<a:b> <a:c> <a:d> .'],
      ]),
    );
    const nt = resolveStatic(ld, '/claim/C1', 'application/n-triples');
    assert.equal(nt.status, 200);
    assert.equal(nt.status === 200 && nt.type, 'application/n-triples; charset=utf-8');
    assert.equal(nt.status === 200 && nt.vary, 'Accept');
    assert.equal(
      nt.headers?.link,
      '</claim/C1.html>; rel="alternate"; type="text/html", </claim/C1.ttl>; rel="alternate"; type="text/turtle", </claim/C1.jsonld>; rel="alternate"; type="application/ld+json", </claim/C1.nt>; rel="alternate"; type="application/n-triples"',
    );
    assert.equal(nt.headers?.['content-location'], '/claim/C1.nt');
    // JSON-LD made from the Turtle: the same triple.
    for (const a of [resolveStatic(ld, '/claim/C1', 'application/ld+json'), resolveStatic(ld, '/claim/C1.jsonld', undefined)]) {
      assert.equal(a.status, 200);
      const doc = JSON.parse(a.status === 200 ? a.body.toString() : '{}') as Record<string, unknown>;
      assert.match(JSON.stringify(doc), /C1/);
    }
    const refused = resolveStatic(ld, '/claim/C1', 'image/png');
    assert.equal(refused.status, 406);
    assert.match(refused.status === 406 ? refused.message : '', /available as text\/html, text\/turtle, application\/ld\+json, application\/n-triples/);
    assert.equal(refused.headers?.vary, 'Accept');
    // A folder with RDF beside it: HTML is a 303 to the folder, Turtle is served.
    const onto = resolveStatic(ld, '/ontology', 'text/html');
    assert.equal(onto.status, 303);
    assert.equal(onto.status === 303 && onto.location, '/ontology/');
    assert.equal(resolveStatic(ld, '/ontology', 'text/turtle').status, 200);
    // The HTML file itself names its RDF alternates.
    assert.match(resolveStatic(ld, '/claim/C1.html', undefined).headers?.link ?? '', /<\/claim\/C1\.ttl>; rel="alternate"; type="text\/turtle"/);
  });
  it('refuses paths that leave the site or are malformed', () => {
    for (const p of ['/../package.json', '/id/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a\\b', '/%00', '/%E0%A4%A']) {
      const a = resolveStatic(site, p, undefined);
      assert.ok(a.status === 400 || a.status === 404, `${p}: ${a.status}`);
    }
    assert.equal(resolveStatic(site, '/nothing.html', undefined).status, 404);
  });
  it('reads a site folder without ever leaving it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kkg-site-'));
    try {
      mkdirSync(join(dir, 'site'));
      writeFileSync(join(dir, 'site', 'index.html'), 'inside');
      writeFileSync(join(dir, 'secret.txt'), 'outside');
      const f = folderSite(join(dir, 'site'));
      assert.equal(f.read('index.html')?.toString(), 'inside');
      assert.equal(f.read('../secret.txt'), undefined);
      assert.equal(f.read(join(dir, 'secret.txt')), undefined);
      assert.equal(resolveStatic(f, '/%2e%2e/secret.txt', undefined).status, 400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
