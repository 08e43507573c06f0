import { strict as assert } from 'node:assert';
import { DataFactory, Parser, termToId, type Quad, type Term } from 'n3';
import * as ox from 'oxigraph';
import { quadKey, termKey, tripleKey } from '../src/rdf/term-key.js';

const { namedNode: iri, blankNode: blank, literal, quad, defaultGraph, variable } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** A literal as another RDF/JS library may hand it over (no lower-casing of its tag). n3's types do not know
 * base directions, which its data factory makes from `{ language, direction }` (cast below). */
function rdfjsLiteral(value: string, language: string, direction?: string): Term {
  const datatype = { termType: 'NamedNode', value: RDF_LANG_STRING, equals: () => false };
  return { termType: 'Literal', value, language, direction, datatype, equals: () => false } as unknown as Term;
}

describe('rdf/term-key: one key per RDF term, triple and quad', () => {
  it('tells literals apart by datatype and by language, not by an explicit xsd:string', () => {
    const keys = [
      literal('1'),
      literal('1', iri(`${XSD}integer`)),
      literal('1', iri(`${XSD}decimal`)),
      literal('1', 'en'),
      literal('1', 'de'),
      literal('1', { language: 'en', direction: 'rtl' } as never),
    ].map(termKey);
    assert.equal(new Set(keys).size, keys.length, keys.join(' | '));
    // RDF 1.1: a simple literal is an xsd:string, so "1" and "1"^^xsd:string are the same term.
    assert.equal(termKey(literal('1', iri(`${XSD}string`))), termKey(literal('1')));
  });

  it('tells a blank node from an IRI, a literal and a variable with the same value', () => {
    const keys = [iri('b1'), blank('b1'), literal('b1'), variable('b1')].map(termKey);
    assert.equal(new Set(keys).size, 4, keys.join(' | '));
  });

  it('compares language tags case-insensitively, whatever library made the literal', () => {
    const n3 = literal('Kaspersky Lab', 'en-US');
    const parsed = new Parser({ format: 'N-Triples' }).parse('<http://a> <http://b> "Kaspersky Lab"@EN-us .')[0]!.object;
    const oxigraph = ox.literal('Kaspersky Lab', 'En-Us') as unknown as Term;
    const other = rdfjsLiteral('Kaspersky Lab', 'EN-US');
    const keys = new Set([n3, parsed, oxigraph, other].map(termKey));
    assert.deepEqual([...keys], ['"Kaspersky Lab"@en-us']);
    assert.notEqual(termKey(rdfjsLiteral('x', 'EN', 'LTR')), termKey(rdfjsLiteral('x', 'en')));
    assert.equal(termKey(rdfjsLiteral('x', 'EN', 'LTR')), termKey(literal('x', { language: 'en', direction: 'ltr' } as never)));
  });

  it('keeps lexical forms apart even when they hold quotes, tags, datatypes and spaces', () => {
    const keys = [
      literal('a"@en'),
      literal('a', 'en'),
      literal(`a"^^${XSD}integer`),
      literal('a', iri(`${XSD}integer`)),
      literal('a b'),
      literal('a'),
      literal(''),
    ].map(termKey);
    assert.equal(new Set(keys).size, keys.length, keys.join(' | '));
  });

  it('is n3’s own term identifier for the terms n3 makes', () => {
    const terms: Term[] = [iri('http://example.org/x'), blank('b0'), literal('x'), literal('x', 'ru'), literal('2024-01-01', iri(`${XSD}date`)), defaultGraph(), variable('v')];
    for (const t of terms) assert.equal(termKey(t), termToId(t), t.termType);
  });

  it('keys the default graph as the empty string; a quad in it differs from the same triple in a named graph', () => {
    assert.equal(termKey(defaultGraph()), '');
    const s = iri('http://example.org/s');
    const p = iri('http://example.org/p');
    const o = literal('v', 'en');
    const inDefault = quad(s, p, o);
    const named = quad(s, p, o, iri('http://example.org/g'));
    const blankGraph = quad(s, p, o, blank('g'));
    assert.equal(new Set([inDefault, named, blankGraph].map(quadKey)).size, 3);
    assert.equal(new Set([inDefault, named, blankGraph].map(tripleKey)).size, 1, 'the triple key ignores the graph');
  });

  it('tells triples apart by every position, the object with its datatype and language', () => {
    const s = iri('http://example.org/s');
    const p = iri('http://example.org/p');
    const triples: Quad[] = [
      quad(s, p, literal('v')),
      quad(s, p, literal('v', 'en')),
      quad(s, p, literal('v', iri(`${XSD}token`))),
      quad(s, p, iri('v')),
      quad(s, p, blank('v')),
      quad(blank('http://example.org/s'), p, literal('v')),
      quad(s, iri('http://example.org/q'), literal('v')),
      // An object literal with spaces cannot pose as another subject or predicate.
      quad(s, p, literal('http://example.org/p "v"')),
    ];
    const keys = triples.map(tripleKey);
    assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
    assert.equal(tripleKey(quad(s, p, literal('v', 'EN'))), tripleKey(quad(s, p, rdfjsLiteral('v', 'en') as Quad['object'])));
  });
});
