/**
 * RDF exports round-trip through parsers other than the one that wrote them: Turtle, TriG and RDF/XML
 * (written by the package) through n3, Oxigraph and rdflib.js; N-Triples and N-Quads through Oxigraph.
 * Plain-triple formats carry the default graph; quad formats carry every graph.
 */
import { strict as assert } from 'node:assert';
import * as ox from 'oxigraph';
import { DataFactory, Parser, type Quad } from 'n3';
import * as $rdf from 'rdflib';
import { ONTOLOGY_GRAPH } from '../src/namespaces.js';
import { fromOxigraph } from '../src/query/embedded.js';
import { toCsv, toNQuads, toNTriples, toRdfXml, toTriG, toTurtle } from '../src/export/index.js';
import { assertIsomorphic, defaultGraph, normalise, subjects } from './fixtures/export-support.js';

const BASE_DOC = 'https://example.org/parsed-document';

function oxParse(text: string, format: string): Quad[] {
  return ox.parse(text, { format, base_iri: BASE_DOC }).map((q) =>
    DataFactory.quad(fromOxigraph(q.subject) as Quad['subject'], fromOxigraph(q.predicate) as Quad['predicate'], fromOxigraph(q.object) as Quad['object'], fromOxigraph(q.graph) as Quad['graph']),
  );
}

function rdflibJsParse(text: string, contentType: string): Quad[] {
  const store = $rdf.graph();
  $rdf.parse(text, store, BASE_DOC, contentType);
  return normalise(store.statements as unknown as Iterable<import('@rdfjs/types').Quad>, BASE_DOC);
}

describe('export: RDF formats round-trip through other parsers', () => {
  for (const { name, quads } of subjects()) {
    describe(name, () => {
      const dflt = defaultGraph(quads);

      it('Turtle (default graph) → n3, Oxigraph and rdflib.js', () => {
        const ttl = toTurtle(quads);
        assertIsomorphic(new Parser({ format: 'Turtle' }).parse(ttl), dflt, 'Turtle via n3');
        assertIsomorphic(oxParse(ttl, 'text/turtle'), dflt, 'Turtle via Oxigraph');
        assertIsomorphic(rdflibJsParse(ttl, 'text/turtle'), dflt, 'Turtle via rdflib.js');
      });

      it('TriG (every graph) → n3 and Oxigraph', () => {
        const trig = toTriG(quads);
        assertIsomorphic(new Parser({ format: 'TriG' }).parse(trig), quads, 'TriG via n3');
        assertIsomorphic(oxParse(trig, 'application/trig'), quads, 'TriG via Oxigraph');
      });

      it('N-Triples (default graph) and N-Quads (every graph) → Oxigraph', () => {
        assertIsomorphic(oxParse(toNTriples(quads), 'application/n-triples'), dflt, 'N-Triples via Oxigraph');
        assertIsomorphic(oxParse(toNQuads(quads), 'application/n-quads'), quads, 'N-Quads via Oxigraph');
      });

      it('RDF/XML (default graph) → Oxigraph and rdflib.js', () => {
        const xml = toRdfXml(quads);
        assertIsomorphic(oxParse(xml, 'application/rdf+xml'), dflt, 'RDF/XML via Oxigraph');
        assertIsomorphic(rdflibJsParse(xml, 'application/rdf+xml'), dflt, 'RDF/XML via rdflib.js');
      });

      it('the ontology graph has its own Turtle rendering', () => {
        const onto = quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH).map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
        assert.ok(onto.length > 100);
        assertIsomorphic(new Parser({ format: 'Turtle' }).parse(toTurtle(onto)), onto, 'ontology Turtle via n3');
      });

      it('the default graph holds no statement that only unlicensed claims make (hedged, planned, attributed, contradicted, unverified claims stay propositions)', () => {
        const KGNS = 'https://w3id.org/kaspersky-kg/ontology#';
        const RDFNS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
        // licensing concepts from the ontology graph (kg:licensesFact true): modalities and verifications alike
        const licensing = new Set(quads.filter((q) => q.graph.value === ONTOLOGY_GRAPH && q.predicate.value === `${KGNS}licensesFact` && q.object.value === 'true').map((q) => q.subject.value));
        const modality = new Map<string, string>(), verification = new Map<string, string>();
        const stated = new Map<string, string[]>(), denied = new Set<string>();
        const parts = new Map<string, { s?: string; p?: string; o?: string }>();
        const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}`;
        for (const q of dflt) {
          const pv = q.predicate.value;
          if (pv === `${KGNS}modality`) modality.set(q.subject.value, q.object.value);
          else if (pv === `${KGNS}verification`) verification.set(q.subject.value, q.object.value);
          else if (pv === `${KGNS}states`) stated.set(q.object.value, [...(stated.get(q.object.value) ?? []), q.subject.value]);
          else if (pv === `${KGNS}denies`) denied.add(q.object.value);
          else if (pv === `${RDFNS}subject` || pv === `${RDFNS}predicate` || pv === `${RDFNS}object`) {
            const part = parts.get(q.subject.value) ?? {};
            part[pv.slice(RDFNS.length, RDFNS.length + 1) as 's' | 'p' | 'o'] = q.object.termType === 'Literal' ? `Literal:${q.object.value}` : `${q.object.termType}:${q.object.value}`;
            parts.set(q.subject.value, part);
          }
        }
        const licenses = (c: string) => licensing.has(modality.get(c) ?? '') && licensing.has(verification.get(c) ?? '');
        const plain = new Set(dflt.map(key));
        const checked: { triple: string; by: string[] }[] = [];
        for (const [prop, part] of parts) {
          const by = stated.get(prop) ?? [];
          // the plain triple: subject and predicate are IRIs here; the object keeps its term type
          const triple = `${part.s!.replace(/^NamedNode:/, '')} ${part.p!.replace(/^NamedNode:/, '')} ${part.o!}`;
          if (by.some(licenses)) {
            // a fact: some claim the sources establish states it, and it is plain
            assert.ok(plain.has(triple), `a licensed claim's triple is missing from the default graph: ${triple}`);
            continue;
          }
          if (!by.length && !denied.has(prop)) continue;
          checked.push({ triple, by });
          assert.ok(!plain.has(triple), `a triple only unlicensed claims state (or a denied one) is plain in the default graph: ${triple} (${by.join(', ') || 'denied'})`);
        }
        // not vacuous: the checked triples include a hedged claim's, and one whose verification licenses but whose modality does not
        const kinds = (c: string) => `${(modality.get(c) ?? '').slice(KGNS.length)}/${(verification.get(c) ?? '').slice(KGNS.length)}`;
        assert.ok(checked.some((t) => t.by.some((c) => kinds(c).startsWith('Hedged/'))), 'a hedged claim\'s triple is checked');
        if (name === 'package dataset') {
          // C8: "set to leave" (planned, verified); C33: "effectively bars the use" (hedged, contradicted)
          assert.ok(checked.some((t) => t.by.some((c) => c.endsWith('/claim/C8'))), 'C8 (Planned / Verified) is checked');
          assert.ok(checked.some((t) => t.by.some((c) => c.endsWith('/claim/C33'))), 'C33 (Hedged / Contradicted) is checked');
        }
      });

      it('CSV tables cover the default graph: one edge per IRI-valued triple, every endpoint a node', () => {
        const { nodes, edges } = toCsv(quads);
        const edgeRows = edges.trimEnd().split('\n').slice(1);
        // Propositions are rows of statements.csv, not nodes: their triples and the kg:states / kg:denies edges to them are left out.
        const propositions = new Set(dflt.filter((q) => q.predicate.value.endsWith('22-rdf-syntax-ns#type') && q.object.value === 'https://w3id.org/kaspersky-kg/ontology#Proposition').map((q) => q.subject.value));
        const expected = dflt.filter(
          (q) => q.object.termType !== 'Literal' && !q.predicate.value.endsWith('22-rdf-syntax-ns#type') && !propositions.has(q.subject.value) && !propositions.has(q.object.value),
        );
        assert.equal(edgeRows.length, expected.length);
        const nodeIds = new Set(nodes.split('\n').slice(1).map((l) => l.split(',')[0]));
        for (const q of expected) assert.ok(nodeIds.has(q.subject.value) && nodeIds.has(q.object.value), `nodes for ${q.subject.value} → ${q.object.value}`);
      });
    });
  }

  it('Turtle is prefixed and readable: `a` first, labels next, path prefixes, no escaped local names', () => {
    const { quads } = subjects()[0]!;
    const ttl = toTurtle(quads);
    assert.match(ttl, /^@prefix kg: +<https:\/\/w3id\.org\/kaspersky-kg\/ontology#> \.$/m);
    assert.match(ttl, /^@prefix person: +<https:\/\/w3id\.org\/kaspersky-kg\/id\/person\/> \.$/m);
    assert.match(ttl, /^claim:C1 a kg:Claim ;\n {4}rdfs:label "/m);
    assert.ok(!/[A-Za-z]:[^\s"<>]*\\/.test(ttl.replace(/"(?:[^"\\]|\\.)*"/g, '""')), 'no backslash in prefixed names');
    // Natural order: C2 before C10.
    assert.ok(ttl.indexOf('claim:C2 a') < ttl.indexOf('claim:C10 a'));
  });

  it('every writer is byte-stable whatever the input order', () => {
    const { quads } = subjects()[0]!;
    const r = [...quads].reverse();
    assert.equal(toTurtle(r), toTurtle(quads));
    assert.equal(toTriG(r), toTriG(quads));
    assert.equal(toNTriples(r), toNTriples(quads));
    assert.equal(toNQuads(r), toNQuads(quads));
    assert.equal(toRdfXml(r), toRdfXml(quads));
    assert.deepEqual(toCsv(r), toCsv(quads));
  });

  it('escapes literals exactly (quotes, newline, tab, CR, backslash, non-BMP) in Turtle, TriG and RDF/XML', () => {
    const { namedNode: n, literal: l, quad: q } = DataFactory;
    const s = n('https://w3id.org/kaspersky-kg/id/x');
    const tricky = ['He said "no".\nSecond line\twith tab\r\nand CRLF \\ backslash', '😀 𝔘𝔖 ✓ — Лаборатория', '<tag> & "amp" ]]> \'single\''].map((t, i) => q(s, n(`https://w3id.org/kaspersky-kg/ontology#p${i}`), l(t)));
    assertIsomorphic(new Parser({ format: 'Turtle' }).parse(toTurtle(tricky)), tricky, 'tricky Turtle');
    assertIsomorphic(oxParse(toTurtle(tricky), 'text/turtle'), tricky, 'tricky Turtle via Oxigraph');
    assertIsomorphic(oxParse(toRdfXml(tricky), 'application/rdf+xml'), tricky, 'tricky RDF/XML via Oxigraph');
    assertIsomorphic(rdflibJsParse(toRdfXml(tricky), 'application/rdf+xml'), tricky, 'tricky RDF/XML via rdflib.js');
  });

  it('RDF/XML refuses what XML 1.0 cannot carry instead of corrupting it', () => {
    const { namedNode: n, literal: l, quad: q } = DataFactory;
    const bad = [q(n('https://example.org/s'), n('https://example.org/p'), l('bell \u0007'))];
    assert.throws(() => toRdfXml(bad), /XML 1\.0 forbids/);
    assert.throws(() => toRdfXml([q(n('https://example.org/s'), n('https://example.org/123'), l('x'))]), /does not end in an XML name/);
  });

  it('blank nodes survive every format', () => {
    const { namedNode: n, literal: l, quad: q, blankNode: b } = DataFactory;
    const g = n('https://w3id.org/kaspersky-kg/claim/B1');
    const withBlanks = [
      q(n('https://example.org/s'), n('https://example.org/p'), b('x1')),
      q(b('x1'), n('https://example.org/q'), l('inner')),
      q(b('weird label!'), n('https://example.org/r'), b('x1'), g),
    ];
    const dflt = withBlanks.filter((x) => x.graph.termType === 'DefaultGraph');
    assertIsomorphic(new Parser({ format: 'Turtle' }).parse(toTurtle(withBlanks)), dflt, 'Turtle with blank nodes');
    assertIsomorphic(new Parser({ format: 'TriG' }).parse(toTriG(withBlanks)), withBlanks, 'TriG with blank nodes');
    assertIsomorphic(oxParse(toRdfXml(withBlanks), 'application/rdf+xml'), dflt, 'RDF/XML with blank nodes');
  });

  it('every text format labels blank nodes `_:b0`, `_:b1`, … (labels every parser accepts), deterministically', () => {
    const { namedNode: n, literal: l, quad: q, blankNode: b } = DataFactory;
    const withBlanks = [
      q(n('https://example.org/s'), n('https://example.org/p'), b('n3-0')),
      q(b('n3-0'), n('https://example.org/q'), l('inner _:n3-0 "quoted"')),
      q(b('weird label!'), n('https://example.org/r'), b('n3-0'), n('https://w3id.org/kaspersky-kg/claim/B1')),
      q(b('n3-1'), n('https://example.org/r'), l('in a blank graph'), b('n3-2')),
      q(b('n3-1'), n('https://example.org/p'), b('weird label!')),
    ];
    const fixture = subjects()[0]!.quads;
    assert.ok(fixture.some((x) => x.subject.termType === 'BlankNode' || x.object.termType === 'BlankNode' || x.graph.termType === 'BlankNode'), 'the fixture has blank nodes');
    // Blank-node labels in the text: literals and IRIs removed first, then every `_:` not inside a prefixed name.
    const labels = (text: string): string[] => text.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/<[^>]*>/g, '<>').match(/(?<![\w:.-])_:\S*/g) ?? [];
    for (const [name, quads] of [['small graph', withBlanks], ['fixture', fixture]] as const) {
      const dflt = defaultGraph(quads);
      for (const [format, text, expected] of [
        ['N-Triples', toNTriples(quads), dflt],
        ['N-Quads', toNQuads(quads), quads],
        ['Turtle', toTurtle(quads), dflt],
        ['TriG', toTriG(quads), quads],
      ] as const) {
        const found = labels(text);
        const blanks = expected.some((x) => x.subject.termType === 'BlankNode' || x.object.termType === 'BlankNode' || x.graph.termType === 'BlankNode');
        assert.equal(found.length > 0, blanks, `${name} ${format}: blank nodes written iff the graph has some`);
        for (const label of found) assert.match(label, /^_:b[0-9]+$/, `${name} ${format}: blank-node label ${label}`);
        const parsed = format === 'N-Triples' || format === 'N-Quads' ? oxParse(text, format === 'N-Triples' ? 'application/n-triples' : 'application/n-quads') : new Parser({ format }).parse(text);
        assertIsomorphic(parsed, expected, `${name} ${format}`);
      }
      const reordered = [...quads].reverse();
      assert.equal(toNQuads(reordered), toNQuads(quads), `${name}: N-Quads independent of input order`);
      assert.equal(toTriG(reordered), toTriG(quads), `${name}: TriG independent of input order`);
    }
  });

  it('TriG writes the default graph inside `{ }` too (older parsers need it)', () => {
    for (const { name, quads } of subjects()) {
      const trig = toTriG(quads);
      const body = trig.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('@prefix'));
      assert.equal(body[0], '{', `${name}: the default graph opens with {`);
      for (const line of body) assert.ok(line === '{' || line === '}' || / \{$/.test(line) || line.startsWith('    '), `${name}: a statement outside a graph block: ${line}`);
      assertIsomorphic(oxParse(trig, 'application/trig'), quads, `${name}: TriG via Oxigraph`);
    }
  });
});
