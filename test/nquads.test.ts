/**
 * The package's one N-Quads/N-Triples writer and reader (src/data/nquads.ts): the canonical escapes of RDF
 * 1.2 N-Triples, sorted byte-stable output, blank nodes labelled `_:b0`, `_:b1`, … by first appearance,
 * labels written so already kept (text read back and written again is the same text, the compiled dataset
 * too), N-Triples as the default graph only, and the reader's errors naming the file and line. Oxigraph is
 * the independent parser.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as ox from 'oxigraph';
import { DataFactory } from 'n3';
import { fromNQuads, nquadLine, relabelBlankNodes, toNQuads, toNTriples } from '../src/data/nquads.js';
import { RdfSyntaxError } from '../src/data/parse.js';
import { compiledDatasetFile } from '../src/data/paths.js';
import { toNQuads as exportNQuads } from '../src/export/lines.js';
import { fromNQuads as importNQuads } from '../src/export/import.js';
import { normalise, assertIsomorphic } from './fixtures/export-support.js';

const { namedNode: n, literal: l, blankNode: b, quad: q } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const S = n('http://example.org/s');
const P = n('http://example.org/p');
const G = n('http://example.org/g');

describe('N-Quads (src/data/nquads.ts)', () => {
  it('writes literals in the canonical form: ECHAR for \\\\ " \\n \\r \\t \\b \\f, upper-case \\uXXXX for other controls, U+007F, U+FFFE and U+FFFF', () => {
    const line = nquadLine(q(S, P, l('a\\b"c\nd\re\tf\bg\fh\u0001i\u001fj\u007fk\ufffel\uffffm é 𝔘')));
    assert.equal(line, '<http://example.org/s> <http://example.org/p> "a\\\\b\\"c\\nd\\re\\tf\\bg\\fh\\u0001i\\u001Fj\\u007Fk\\uFFFEl\\uFFFFm é 𝔘" .');
  });

  it('writes xsd:string literals without a datatype, others with it, language tags as given, and the graph last', () => {
    assert.equal(nquadLine(q(S, P, l('x', n(`${XSD}string`)), G)), '<http://example.org/s> <http://example.org/p> "x" <http://example.org/g> .');
    assert.equal(nquadLine(q(S, P, l('2024-01-02', n(`${XSD}date`)))), `<http://example.org/s> <http://example.org/p> "2024-01-02"^^<${XSD}date> .`);
    assert.equal(nquadLine(q(S, P, l('Касперский', 'ru'))), '<http://example.org/s> <http://example.org/p> "Касперский"@ru .');
  });

  it('sorts the lines, so the same quads give the same bytes in any order; N-Triples holds the default graph only', () => {
    const quads = [q(S, P, l('b')), q(S, P, l('a'), G), q(n('http://example.org/a'), P, S)];
    const text = toNQuads(quads);
    assert.equal(text, toNQuads([...quads].reverse()));
    assert.deepEqual(text.split('\n'), [
      '<http://example.org/a> <http://example.org/p> <http://example.org/s> .',
      '<http://example.org/s> <http://example.org/p> "a" <http://example.org/g> .',
      '<http://example.org/s> <http://example.org/p> "b" .',
      '',
    ]);
    assert.equal(toNTriples(quads), '<http://example.org/a> <http://example.org/p> <http://example.org/s> .\n<http://example.org/s> <http://example.org/p> "b" .\n');
    assert.equal(toNQuads([]), '');
  });

  it('labels blank nodes b0, b1, … by first appearance in the sorted lines, whatever the input labels', () => {
    const quads = (x: string, y: string) => [q(b(x), P, b(y)), q(S, P, b(x), b(y))];
    const text = toNQuads(quads('n3-7', 'zz'));
    assert.equal(text, toNQuads(quads('other', 'labels')));
    // Sorted by the original lines: "<http://example.org/s> …" sorts before "_:…", so its object is b0, its graph b1.
    assert.equal(text, '<http://example.org/s> <http://example.org/p> _:b0 _:b1 .\n_:b0 <http://example.org/p> _:b1 .\n');
    const plain = [q(S, P, l('x'))];
    assert.equal(relabelBlankNodes(plain), plain);
  });

  it('keeps labels that are b0 … b<n-1> already, so text read back and written again is the same text', () => {
    const written = [q(b('b1'), P, b('b0')), q(S, P, b('b1'))];
    assert.equal(relabelBlankNodes(written), written);
    // b0 and b2 without b1 are not labels this writer gives: they are renumbered.
    assert.equal(toNQuads([q(b('b2'), P, b('b0'))]), '_:b0 <http://example.org/p> _:b1 .\n');
    const text = toNQuads([q(b('x'), P, b('y')), q(S, P, b('x'), b('y')), q(b('y'), P, l('z'))]);
    assert.equal(toNQuads(fromNQuads(text)), text);
  });

  it('the N-Quads export of the compiled dataset is that file byte for byte', function () {
    if (!existsSync(compiledDatasetFile)) this.skip();
    const text = readFileSync(compiledDatasetFile, 'utf8');
    const quads = fromNQuads(text, compiledDatasetFile);
    assert.ok(quads.some((x) => x.subject.termType === 'BlankNode'), 'the dataset has blank nodes (OWL lists of the ontology graph)');
    assert.equal(exportNQuads(quads), text);
  });

  it('what it writes, Oxigraph reads back as the same dataset', () => {
    const quads = [q(S, P, l('a "q"\n\u0001 é 𝔘', 'en')), q(b('x'), P, l('1', n(`${XSD}integer`)), G), q(S, P, b('x'))];
    const store = new ox.Store();
    store.load(toNQuads(quads), { format: 'application/n-quads' });
    assertIsomorphic(normalise(store.match()), quads, 'N-Quads via Oxigraph');
  });

  it('reads with errors naming the file and line, in both entry points', () => {
    const bad = '<http://example.org/s> <http://example.org/p> "ok" .\n<http://example.org/s> <http://example.org/p> "unclosed .\n';
    assert.throws(() => fromNQuads(bad, 'x.nq'), (e: unknown) => e instanceof RdfSyntaxError && e.file === 'x.nq' && e.line === 2 && e.message.startsWith('x.nq:2: '));
    assert.throws(() => importNQuads(Buffer.from(bad), { file: 'y.nq' }), (e: unknown) => e instanceof RdfSyntaxError && e.file === 'y.nq' && e.line === 2);
  });
  it('the same graph gives the same text whatever labels its blank nodes came with (a store relabels them at random on every load)', async () => {
    const { ontologyFiles } = await import('../src/data/paths.js');
    const { parseRdf } = await import('../src/data/parse.js');
    const { toTurtle, toTriG } = await import('../src/export/turtle.js');
    const source = ontologyFiles.flatMap((f) => parseRdf(readFileSync(f, 'utf8'), f, 'Turtle'));
    assert.ok(source.filter((q) => q.subject.termType === 'BlankNode').length > 10, 'the ontology has blank nodes (lists, restrictions)');
    // a reified pair that differs only below its blank nodes, and a shared list shape
    const b = DataFactory.blankNode;
    const n = DataFactory.namedNode;
    const extra = [
      DataFactory.quad(n('http://ex/a'), n('http://ex/p'), b('x1')),
      DataFactory.quad(b('x1'), n('http://ex/v'), DataFactory.literal('one')),
      DataFactory.quad(n('http://ex/a'), n('http://ex/p'), b('x2')),
      DataFactory.quad(b('x2'), n('http://ex/v'), DataFactory.literal('two')),
    ];
    const all = [...source, ...extra];
    // two loads: labels random (as Oxigraph gives them), quads in another order
    let seed = 7;
    const rand = () => ((seed = Math.imul(seed ^ (seed >>> 13), 0x5bd1e995) >>> 0) / 2 ** 32);
    const relabel = (quads: typeof all) => {
      const names = new Map<string, string>();
      const m = <T extends (typeof all)[number]['subject'] | (typeof all)[number]['object']>(t: T): T =>
        (t.termType === 'BlankNode' ? b(names.get(t.value) ?? (names.set(t.value, `r${Math.floor(rand() * 1e12).toString(36)}`), names.get(t.value)!)) : t) as T;
      return quads.map((q) => DataFactory.quad(m(q.subject), q.predicate, m(q.object), q.graph)).sort(() => rand() - 0.5);
    };
    const one = relabel(all);
    const two = relabel(all);
    assert.notDeepEqual(one.map((q) => q.subject.value), two.map((q) => q.subject.value), 'the two loads differ');
    assert.equal(toNQuads(two), toNQuads(one));
    assert.equal(toTurtle(two), toTurtle(one));
    assert.equal(toTriG(two), toTriG(one));
    assertIsomorphic(normalise(fromNQuads(toNQuads(one))), normalise(all), 'the relabelled graph is the source graph');
  });
});
