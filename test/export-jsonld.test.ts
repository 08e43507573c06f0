/**
 * JSON-LD exports, checked with jsonld.js as the independent oracle (under the static loader): the
 * compacted and expanded whole-graph documents mean exactly the dataset, the per-entity documents mean
 * exactly what they show, and Oxigraph (via fromJsonLd) reads the exports back to the same graph.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { DataFactory, Parser, type Quad } from 'n3';
import {
  ContextPruner,
  CONTEXT_IRI,
  contextFile,
  fromJsonLd,
  packageContext,
  staticDocumentLoader,
  toEntityDocuments,
  toExpandedJsonLd,
  toJsonLd,
  toJsonLdObject,
  toJsonLines,
  modelView,
} from '../src/export/index.js';
import { assertIsomorphic, assertSubset, defaultGraph, jl, subjects } from './fixtures/export-support.js';

const loader = staticDocumentLoader as unknown as (url: string) => Promise<never>;

/** jsonld.js toRDF with a loader that refuses every remote document (an embedded context needs none), parsed back with n3. */
async function offlineQuads(doc: unknown): Promise<Quad[]> {
  const refuse = (url: string): Promise<never> => Promise.reject(new Error(`offline: the document asked for <${url}>`));
  const nq = (await jl.toRDF(doc as never, { format: 'application/n-quads', documentLoader: refuse } as never)) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nq);
}

/** Asserts that an embedded context holds only the package context's own definitions (and says so of every key). */
function assertPackageDefinitions(embedded: unknown, what: string): Record<string, unknown> {
  assert.ok(embedded && typeof embedded === 'object' && !Array.isArray(embedded), `${what}: @context is an embedded object, not ${JSON.stringify(embedded)}`);
  const pkg = packageContext() as Record<string, unknown>;
  for (const [k, v] of Object.entries(embedded as Record<string, unknown>)) assert.deepEqual(v, pkg[k], `${what}: @context entry ${k} is not the package context's`);
  return embedded as Record<string, unknown>;
}

/** jsonld.js toRDF of a document, parsed back with n3. */
async function oracleQuads(doc: unknown): Promise<Quad[]> {
  const nq = (await jl.toRDF(doc as never, { format: 'application/n-quads', documentLoader: loader } as never)) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nq);
}

describe('export: JSON-LD', () => {
  for (const { name, quads } of subjects()) {
    describe(name, () => {
      it('the compacted whole-graph document embeds the package context (every definition; JSON-LD 1.0: no @version, @protected or @included alias) and means exactly the dataset offline (jsonld.js toRDF)', async () => {
        const text = toJsonLd(quads);
        const doc = JSON.parse(text) as Record<string, unknown>;
        const ctx = assertPackageDefinitions(doc['@context'], 'whole-graph document');
        const pkg = packageContext() as Record<string, unknown>;
        assert.deepEqual(Object.keys(ctx), Object.keys(pkg).filter((k) => k !== '@version' && k !== '@protected' && pkg[k] !== '@included'));
        assert.ok(Array.isArray(doc['@graph']));
        assertIsomorphic(await offlineQuads(doc), quads, 'compacted JSON-LD via jsonld.js, offline');
        // By IRI on request (the reader's loader then serves the published context).
        assert.equal(toJsonLdObject(quads, { contextRef: CONTEXT_IRI })['@context'], CONTEXT_IRI);
        assertIsomorphic(await oracleQuads(toJsonLdObject(quads, { contextRef: CONTEXT_IRI })), quads, 'compacted JSON-LD by context IRI via jsonld.js');
      });

      it('the expanded document means exactly the dataset, and jsonld.expand of the compacted one gives the same graph', async () => {
        const expanded = JSON.parse(toExpandedJsonLd(quads)) as unknown[];
        assert.ok(Array.isArray(expanded));
        assertIsomorphic(await oracleQuads(expanded), quads, 'expanded JSON-LD via jsonld.js');
        const reexpanded = await jl.expand(toJsonLdObject(quads) as never, { documentLoader: loader } as never);
        assertIsomorphic(await oracleQuads(reexpanded), quads, 'jl.expand(compacted)');
      });

      it('keeps language tags, datatypes and named graphs (nothing lost)', async () => {
        const back = await oracleQuads(toJsonLdObject(quads));
        const langs = (qs: Quad[]) => new Set(qs.filter((q) => q.object.termType === 'Literal').map((q) => (q.object as { language: string }).language).filter(Boolean));
        const dts = (qs: Quad[]) => new Set(qs.filter((q) => q.object.termType === 'Literal').map((q) => (q.object as { datatype: { value: string } }).datatype.value));
        const graphs = (qs: Quad[]) => new Set(qs.map((q) => q.graph.value));
        assert.deepEqual([...langs(back)].sort(), [...langs(quads)].sort());
        assert.deepEqual([...dts(back)].sort(), [...dts(quads)].sort());
        assert.deepEqual([...graphs(back)].sort(), [...graphs(quads)].sort());
        if (name === 'fixture') assert.ok(langs(quads).has('en') && langs(quads).has('ru'));
      });

      it('compaction uses the context: terms for kg: classes and properties, language maps for labels, @vocab values for concepts', () => {
        const doc = toJsonLdObject(quads) as { '@graph': Array<Record<string, unknown>> };
        const claim = doc['@graph'].find((n) => n.type === 'Claim' && n.modality);
        assert.ok(claim, 'a claim node');
        assert.equal(typeof claim.modality, 'string');
        assert.ok(!String(claim.modality).includes(':'), `modality compacts to a term: ${String(claim.modality)}`);
        assert.ok(typeof claim.label === 'object' && claim.label !== null && 'en' in claim.label, 'label is a language map');
        assert.equal(claim['@graph'], undefined, 'no claim graph: a claim refers to the propositions it states or denies');
        assert.ok(claim.states !== undefined || claim.denies !== undefined, 'the claim node refers to its propositions (states / denies)');
        assert.ok(claim.licensed !== undefined, 'the claim node carries kg:licensed');
      });

      it('per-entity documents: one per entity, with labels, types, facts and the claims that mention it; each means a subset of the dataset', async () => {
        const view = modelView(quads);
        const docs = toEntityDocuments(quads, { view });
        assert.equal(docs.length, view.entities.length);
        assert.ok(docs.length > 0);
        const dflt = defaultGraph(quads);
        for (const { iri, document } of docs) {
          const ctx = assertPackageDefinitions(document['@context'], `document of ${iri}`);
          assert.equal(Object.keys(document)[0], '@context', `${iri}: @context comes first`);
          // JSON-LD 1.1 only where the document needs it (its claims are @included).
          assert.equal(ctx['@version'] === 1.1, document.claims !== undefined, `${iri}: @version 1.1 exactly when the document has claims`);
          const meaning = await offlineQuads(document);
          assertIsomorphic(meaning, await oracleQuads({ ...document, '@context': CONTEXT_IRI }), `document of ${iri}: the embedded context means what the whole context means`);
          assertSubset(meaning, quads, `entity document of ${iri}`);
          // The entity's own statements are exactly its default-graph triples (the facts view).
          const own = meaning.filter((q) => q.graph.termType === 'DefaultGraph' && q.subject.value === iri);
          assertIsomorphic(own, dflt.filter((q) => q.subject.value === iri), `facts of ${iri}`);
          // No named graph; every claim that states or denies a proposition about the entity is there, with
          // those propositions described (rdf:subject is the entity or a value of rdf:object is).
          assert.equal(meaning.filter((q) => q.graph.termType !== 'DefaultGraph').length, 0, `no named graph in the document of ${iri}`);
          const claims = [...(view.mentions.get(iri) ?? [])];
          const included = new Set(meaning.filter((q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === 'https://w3id.org/kaspersky-kg/ontology#Claim').map((q) => q.subject.value));
          assert.deepEqual([...included].sort(), claims.sort(), `claims of ${iri}`);
          const about = new Set(meaning.filter((q) => /22-rdf-syntax-ns#(subject|object)$/.test(q.predicate.value)).map((q) => q.object.value));
          if (claims.length) assert.ok(about.has(iri), `the propositions about ${iri} are embedded`);
          for (const c of claims) {
            const stated = quads.filter((q) => q.graph.value === c);
            assertIsomorphic(meaning.filter((q) => q.graph.value === c), stated, `graph of ${c} in the document of ${iri}`);
          }
        }
      });

      it('per-entity documents have the shape of jsonld.frame with the same context (entity part)', async function () {
        const docs = toEntityDocuments(quads).slice(0, 8);
        const flat = await jl.fromRDF(defaultGraph(quads) as never);
        for (const { iri, document } of docs) {
          const framed = (await jl.frame(flat as never, { '@context': CONTEXT_IRI, '@id': iri, '@embed': '@never' } as never, { documentLoader: loader, omitGraph: true } as never)) as Record<string, unknown>;
          const { claims: _claims, ...ours } = document;
          const theirs = { ...framed, '@context': CONTEXT_IRI };
          assertIsomorphic(await oracleQuads(ours), await oracleQuads(theirs), `framed ${iri}`);
        }
      });

      it('JSON Lines: one parseable document per line, same as the per-entity documents', () => {
        const text = toJsonLines(quads);
        const docs = toEntityDocuments(quads);
        const lines = text.trimEnd().split('\n');
        assert.equal(lines.length, docs.length);
        lines.forEach((l, i) => assert.deepEqual(JSON.parse(l), docs[i]!.document));
      });

      it('JSON-LD import (Oxigraph, package context from the package) reads every JSON-LD export back', () => {
        assertIsomorphic(fromJsonLd(toJsonLd(quads), { file: 'kaspersky-kg.jsonld' }), quads, 'fromJsonLd(compacted)');
        assertIsomorphic(fromJsonLd(toExpandedJsonLd(quads), { file: 'kaspersky-kg.expanded.jsonld' }), quads, 'fromJsonLd(expanded)');
        assertIsomorphic(fromJsonLd(toJsonLd(quads, { contextRef: 'inline' })), quads, 'fromJsonLd(inline context)');
        const docs = toEntityDocuments(quads);
        for (const d of docs.slice(0, 10)) assertSubset(fromJsonLd(JSON.stringify(d.document)), quads, `fromJsonLd(entity ${d.iri})`);
      });
    });
  }

  it('the output is stable: the same graph in another quad order gives the same bytes', () => {
    const { quads } = subjects()[0]!;
    const shuffled = [...quads].reverse();
    assert.equal(toJsonLd(shuffled), toJsonLd(quads));
    assert.equal(toExpandedJsonLd(shuffled), toExpandedJsonLd(quads));
    assert.equal(toJsonLines(shuffled), toJsonLines(quads));
  });

  it('writes values that do not fit a term under a compact IRI (still exact)', async () => {
    const { namedNode: n, literal: l, quad: q } = DataFactory;
    const kg = 'https://w3id.org/kaspersky-kg/ontology#';
    const s = n('https://w3id.org/kaspersky-kg/id/x');
    const odd = [
      q(s, n(`${kg}actor`), l('a literal where an IRI is expected')),
      q(s, n('http://www.w3.org/2000/01/rdf-schema#label'), l('no language')),
      q(s, n('http://www.w3.org/2000/01/rdf-schema#label'), l('42', n('http://www.w3.org/2001/XMLSchema#integer'))),
      q(s, n(`${kg}modality`), n('https://example.org/not-a-term')),
      q(s, n('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), l('a literal type')),
      q(s, n('https://example.org/p'), DataFactory.blankNode('b1')),
      q(DataFactory.blankNode('b1'), n('https://example.org/q'), l('x', 'de-AT')),
      q(s, n(`${kg}eventStatus`), n(`${kg}StatusPlanned`), n('https://w3id.org/kaspersky-kg/claim/X1')),
    ];
    const back = await oracleQuads(toJsonLdObject(odd));
    assertIsomorphic(
      back.map((x) => (x.object.termType === 'Literal' && x.object.language ? DataFactory.quad(x.subject, x.predicate, l(x.object.value, x.object.language.toLowerCase()), x.graph) : x)),
      odd.map((x) => (x.object.termType === 'Literal' && x.object.language ? DataFactory.quad(x.subject, x.predicate, l(x.object.value, x.object.language.toLowerCase()), x.graph) : x)),
      'odd values',
    );
  });

  it('the model view lists each claim once per entity, from the propositions it states or denies, also when its description comes in several pieces', () => {
    const { namedNode: n, quad: q } = DataFactory;
    const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
    const KG = 'https://w3id.org/kaspersky-kg/ontology#';
    const e = n('https://w3id.org/kaspersky-kg/id/x');
    const other = n('https://w3id.org/kaspersky-kg/id/y');
    const g1 = n('https://w3id.org/kaspersky-kg/claim/G1');
    const g2 = n('https://w3id.org/kaspersky-kg/claim/G2');
    const p1 = n('https://w3id.org/kaspersky-kg/proposition/p1');
    const p2 = n('https://w3id.org/kaspersky-kg/proposition/p2');
    const actor = n(`${KG}actor`);
    const view = modelView([
      q(g1, n(`${RDF}type`), n(`${KG}Claim`)),
      q(g1, n(`${KG}states`), p1),
      q(p1, n(`${RDF}subject`), e),
      q(p1, n(`${RDF}predicate`), actor),
      q(p1, n(`${RDF}object`), other),
      q(g2, n(`${KG}denies`), p1),
      q(p2, n(`${RDF}subject`), other),
      q(p2, n(`${RDF}predicate`), actor),
      q(p2, n(`${RDF}object`), e),
      q(g1, n(`${KG}states`), p2),
    ]);
    assert.deepEqual(view.mentions.get(e.value), [g1.value, g2.value]);
    assert.deepEqual([...(view.mentions.get(other.value) ?? [])].sort(), [g1.value, g2.value]);
    assert.deepEqual([...view.entities].sort(), [e.value, other.value]);
    assert.equal(view.kindOf(g1.value), 'claim');
    assert.equal(view.kindOf(p1.value), 'proposition');
    assert.deepEqual(view.statedBy(q(e, actor, other)), [g1.value], 'G2 denies it: only G1 states it');
  });

  it('ContextPruner: a document gets the definitions it uses, the prefixes those definitions use, and JSON-LD 1.1 only when a term needs it', () => {
    const ctx = {
      '@version': 1.1,
      '@protected': true,
      type: '@type',
      claims: '@included',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      ex: 'https://example.org/',
      Thing: 'https://example.org/Thing',
      when: { '@id': 'https://example.org/when', '@type': 'xsd:date' },
      note: { '@id': 'https://example.org/note' },
      unused: { '@id': 'https://example.org/unused' },
    };
    const p = new ContextPruner(ctx);
    // `when` needs xsd (in its definition); `Thing` under `type` is a term; "unused ex:" inside a literal is not.
    const doc = { '@id': 'ex:a', type: 'Thing', when: '2024-06-20', note: 'unused ex: Thing' };
    assert.deepEqual(p.contextOf(doc), { type: '@type', xsd: ctx.xsd, ex: ctx.ex, Thing: ctx.Thing, when: ctx.when, note: ctx.note });
    // A document with claims (@included) keeps @version 1.1 and @protected.
    assert.deepEqual(Object.keys(p.contextOf({ ...doc, claims: [{ '@id': 'ex:c' }] })), ['@version', '@protected', 'type', 'claims', 'xsd', 'ex', 'Thing', 'when', 'note']);
  });

  it('the context file is the generated one and declares the aliases the exports rely on', () => {
    const ctx = packageContext();
    assert.deepEqual(JSON.parse(readFileSync(contextFile, 'utf8'))['@context'], ctx);
    assert.equal(ctx.type, '@type');
    assert.equal(ctx.claims, '@included');
    assert.deepEqual(ctx.modality, { '@id': 'https://w3id.org/kaspersky-kg/ontology#modality', '@type': '@vocab' });
  });
});
