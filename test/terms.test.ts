import { strict as assert } from 'node:assert';
import { DataFactory } from 'n3';
import { bindQuery, dateParam, iriParam, ParameterError, stringParam, termToSparql, valuesBlock } from '../src/query/terms.js';

describe('query/terms', () => {
  it('escapes literals so that no character closes the string', () => {
    const nasty = 'a"b\\c\nd\r}\u0022 > <x> \u2028';
    const s = termToSparql(DataFactory.literal(nasty));
    assert.equal(s, '"a\\"b\\\\c\\nd\\r}\\" > <x> \\u2028"');
  });
  it('writes language tags and datatypes', () => {
    assert.equal(termToSparql(DataFactory.literal('Касперский', 'ru')), '"Касперский"@ru');
    assert.equal(termToSparql(DataFactory.literal('2024-06-20', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date'))), '"2024-06-20"^^<http://www.w3.org/2001/XMLSchema#date>');
  });
  it('refuses IRIs with characters IRIREF excludes', () => {
    for (const bad of ['http://x/a>b', 'http://x/a b', 'http://x/{', 'http://x/"', 'http://x/\\', 'relative', '']) {
      assert.throws(() => iriParam('entity', bad), ParameterError, bad);
    }
    assert.equal(iriParam('entity', 'https://w3id.org/kaspersky-kg/id/kaspersky').value, 'https://w3id.org/kaspersky-kg/id/kaspersky');
  });
  it('refuses non-strings and lone surrogates', () => {
    assert.throws(() => stringParam('name', 42), ParameterError);
    assert.throws(() => stringParam('name', 'a\ud800b'), ParameterError);
  });
  it('checks dates and widens prefixes to the first or last day', () => {
    assert.equal(dateParam('from', '2017').value, '2017-01-01');
    assert.equal(dateParam('to', '2024-02', true).value, '2024-02-29');
    assert.throws(() => dateParam('from', '2024-02-30'), ParameterError);
    assert.throws(() => dateParam('from', '2024-13'), ParameterError);
    assert.throws(() => dateParam('from', 'July 20'), ParameterError);
  });
  it('builds VALUES blocks, one row per combination', () => {
    const b = valuesBlock({ a: [DataFactory.namedNode('urn:x:1'), DataFactory.namedNode('urn:x:2')], b: DataFactory.literal('z') });
    assert.equal(b, 'VALUES (?a ?b) { (<urn:x:1> "z") (<urn:x:2> "z") }');
    assert.throws(() => valuesBlock({ 'a b': DataFactory.literal('z') }), ParameterError);
  });
  it('binds inside the WHERE clause', () => {
    const q = bindQuery('SELECT ?x WHERE { ?x ?p ?o }', { o: DataFactory.literal('v') });
    assert.match(q, /WHERE \{\n {2}VALUES \(\?o\) \{ \("v"\) \}\n \?x \?p \?o \}/);
  });
});

describe('query/prefixes', () => {
  it('adds the package prefixes a query uses and does not declare', async () => {
    const { withPackagePrefixes } = await import('../src/query/prefixes.js');
    const q = withPackagePrefixes('SELECT ?s WHERE { ?s a kg:Prohibition ; rdfs:label ?l }');
    assert.match(q, /^PREFIX kg: <https:\/\/w3id\.org\/kaspersky-kg\/ontology#>\nPREFIX rdfs: </);
    assert.ok(!q.includes('PREFIX owl:'));
  });
  it('leaves a prefix the query declares alone, and queries without prefixes untouched', async () => {
    const { withPackagePrefixes } = await import('../src/query/prefixes.js');
    const own = 'PREFIX kg: <urn:mine#>\nSELECT * WHERE { ?s kg:p ?o }';
    assert.equal(withPackagePrefixes(own), own);
    for (const q of ['SELECT * WHERE { ?s <urn:p> "x" }', 'SELECT * WHERE { ?s <urn:kg:p> ?o }']) assert.equal(withPackagePrefixes(q), q);
  });
  // A prefix-like text inside a string literal, a comment or an IRI is no use of the prefix: a query that
  // uses no prefix gets no PREFIX line.
  it('text that only looks like a prefixed name (in a literal, a comment or an IRI) is no use', async () => {
    const { withPackagePrefixes } = await import('../src/query/prefixes.js');
    for (const q of ['SELECT * WHERE { ?s <urn:p> "kg:x" }', "SELECT * WHERE { ?s <urn:p> 'rdfs:label' }", 'SELECT * WHERE { ?s <urn:p> """id:x""" }', 'SELECT * WHERE { ?s <urn:p> ?o } # kg:x', 'SELECT * WHERE { ?s <http://example.org/rdfs:x> ?o }']) {
      assert.equal(withPackagePrefixes(q), q);
    }
  });
});
