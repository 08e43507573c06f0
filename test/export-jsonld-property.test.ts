/**
 * The direct JSON-LD writers, property-based, with jsonld.js (under the static loader) as the independent
 * oracle: random small datasets drawn from a vocabulary built for the compaction corner cases (package,
 * claim and foreign IRIs, blank nodes, claim graphs and graphs with no node of their own, terms typed
 * `@id` / `@vocab` / a datatype / a language map, values that do not fit their term, duplicates) must give
 * - a compacted and an expanded document that mean exactly the dataset;
 * - the same bytes whatever the quad order, without the duplicates, and whatever term objects carry the
 *   quads (shared, fresh per quad, or another RDF/JS implementation), for the compacted, expanded and
 *   per-entity writers; nodes in natural order of their ids (C2 before C10);
 * - one per-entity document per entity, each meaning a subset of the dataset: the entity's own facts and
 *   the claims that mention it, with their facts and their graphs.
 * The package context has no datatype-typed term, so every property also runs under a context derived
 * from it with two (`occurredOn` as `xsd:date`, `count` as `xsd:integer`), written inline.
 *
 * This file found five writer bugs (at commit 80ddd18, all fixed since): values whose de-duplication keys
 * collided were dropped (a literal spelling "\u0001<iri>", a datatype compacting to a language tag), so the
 * bytes depended on the quad order; claim graphs named by blank nodes were lost from the per-entity
 * documents; non-n3 literals kept the case of their language tags. Each has a regression test with its
 * minimal counterexample, and the properties run again over a "hostile" generator with those inputs.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BlankNode, DataFactory, DefaultGraph, Literal, NamedNode, Parser, type Quad } from 'n3';
import {
  CONTEXT_IRI,
  modelView,
  packageContext,
  staticDocumentLoader,
  toEntityDocuments,
  toExpandedJsonLd,
  toExpandedJsonLdObject,
  toJsonLd,
  toJsonLdObject,
  toJsonLines,
  type ContextDefinition,
  type JsonLdOptions,
} from '../src/export/index.js';
import { nquadLine } from '../src/data/dataset.js';
import { naturalCompare } from '../src/rdf/order.js';
import { CLAIM, ID, KG, ONTOLOGY_GRAPH, PREFIXES } from '../src/namespaces.js';
import { assertIsomorphic, assertSubset, jl } from './fixtures/export-support.js';

const loader = staticDocumentLoader as unknown as (url: string) => Promise<never>;
/** Fixed seed and run count (KKG_FC_SEED / KKG_FC_RUNS to explore further); fast-check prints seed and path of a failure. */
const SEED = process.env.KKG_FC_SEED ? Number(process.env.KKG_FC_SEED) : 20260917;
const NUM_RUNS = process.env.KKG_FC_RUNS ? Number(process.env.KKG_FC_RUNS) : 100;

const { rdf, rdfs, owl, skos, prov, dcterms, xsd } = PREFIXES;
const EX = 'https://example.org/';

// ---------------------------------------------------------------------------------------------------
// Datasets as plain specs (printable counterexamples), built into quads in several term-identity variants.

type TermSpec =
  | { readonly k: 'iri'; readonly v: string }
  | { readonly k: 'blank'; readonly v: string }
  | { readonly k: 'lit'; readonly v: string; readonly lang?: string; readonly dt?: string }
  | { readonly k: 'default' };
interface QuadSpec {
  readonly s: TermSpec;
  readonly p: string;
  readonly o: TermSpec;
  readonly g: TermSpec;
}

const iri = (v: string): TermSpec => ({ k: 'iri', v });
const blank = (v: string): TermSpec => ({ k: 'blank', v });
const DEFAULT: TermSpec = { k: 'default' };

/** Subject IRIs: package entities (natural order p2 < p10), claims (C2 < C10), prefix corner cases, foreign IRIs. */
const SUBJECT_IRIS = [
  `${ID}person/p1`,
  `${ID}person/p2`,
  `${ID}person/p10`,
  `${ID}org/o2`,
  `${ID}org/o10`,
  `${ID}event/e1`, // the longer `event:` prefix wins over `id:`
  `${ID}source/s1`,
  `${ID}//double-slash`, // `id://double-slash` would be an absolute IRI: must stay a full IRI
  `${ID}person/p1#frag`,
  `${ID}person/a:b`,
  `${ID}person/Касперский`,
  `${CLAIM}C1`,
  `${CLAIM}C2`,
  `${CLAIM}C10`,
  `${EX}x1`,
  `${EX}x2`,
  `${EX}x10`,
  'http://www.wikidata.org/entity/Q42',
  'urn:example:a1',
  `${KG}Person`, // an ontology concept as a subject (kind 'concept', never an entity)
];
const BLANKS = ['b1', 'b2', 'b10'];

const P = {
  type: `${rdf}type`,
  label: `${rdfs}label`, // language map
  altLabel: `${skos}altLabel`, // language map
  actor: `${KG}actor`, // @type: @id
  sameAs: `${owl}sameAs`, // @type: @id, outside kg:
  derivedFrom: `${prov}wasDerivedFrom`, // @type: @id (claim sources in the model view)
  modality: `${KG}modality`, // @type: @vocab
  occurredOn: `${KG}occurredOn`, // plain in the package context, xsd:date in the derived one
  count: `${KG}count`, // plain in the package context, xsd:integer in the derived one
  note: `${KG}note`, // plain term
  claimKey: `${KG}claimKey`, // plain term (claim keys in the model view)
  title: `${dcterms}title`, // plain term defined by an object
  notATerm: `${KG}notATerm`, // kg: IRI with no term: compact IRI kg:notATerm
  personAsProperty: `${KG}Person`, // a class term (string definition) used as a property
  subClassOf: `${rdfs}subClassOf`, // makes nodes claims / sentences / sources in the model view
  unknown: `${EX}p`, // no prefix at all
  namespace: ID, // the IRI of a prefix term (`id`) used as a property
};
const PREDICATES = Object.values(P);

const OBJECT_IRIS = [
  ...SUBJECT_IRIS,
  `${CLAIM}C99`, // a claim IRI that is never a subject
  `${KG}Claim`,
  `${KG}Sentence`,
  `${KG}SourceDocument`,
  `${KG}Asserted`, // a modality concept: a term in vocab position
  `${KG}notATerm`,
  `${EX}T`,
  `${EX}MyClaim`,
  ID, // namespace IRIs themselves (`kg` is a term in vocab position)
  KG,
];

/** Lexical forms: quotes, escapes, newlines, unicode, digits (natural order), things that look like IRIs or keywords. */
const STRINGS = [
  '',
  'plain',
  'C2',
  'C10',
  '42',
  '2024-06-20',
  'say "hi"',
  "it's",
  'line1\nline2',
  'tab\tcr\r',
  'back\\slash',
  'Касперский',
  '日本語',
  '🙂 emoji',
  'e\u0301',
  'x\u2028y',
  '\u0000nul',
  '_:b1',
  'id:person/p1',
  `${EX}x1`,
  '@id',
  '{"@value": 1}',
];
const LANGS = ['en', 'EN', 'ru', 'de-AT', 'de-at', 'id'];
const TYPED: ReadonlyArray<readonly [string, string]> = [
  ['2024-06-20', `${xsd}date`], // fits `occurredOn` in the derived context
  ['2024', `${xsd}gYear`], // a date of the wrong datatype for it
  ['2024-06-20', `${xsd}dateTime`],
  ['10', `${xsd}integer`], // fits `count` in the derived context
  ['2', `${xsd}integer`],
  ['-0', `${xsd}integer`],
  ['10', `${xsd}decimal`],
  ['C10', `${xsd}string`], // the same literal as the plain string
  ['true', `${xsd}boolean`],
  ['x', `${EX}dt`], // a datatype outside every prefix
  ['x', `${KG}Person`], // a datatype that is a term of the context
];

/** The derived context: the package context plus two datatype-typed terms (the package context has none). */
const TYPED_CONTEXT: ContextDefinition = {
  ...packageContext(),
  occurredOn: { '@id': P.occurredOn, '@type': 'xsd:date' },
  count: { '@id': P.count, '@type': `${xsd}integer` },
};
const CONTEXTS: ReadonlyArray<{ readonly name: string; readonly options: JsonLdOptions }> = [
  { name: 'package context (embedded, the default)', options: {} },
  { name: 'package context (by IRI)', options: { contextRef: CONTEXT_IRI } },
  { name: 'derived context with typed terms (embedded)', options: { context: TYPED_CONTEXT } },
  { name: 'derived context with typed terms (inline)', options: { context: TYPED_CONTEXT, contextRef: 'inline' } },
];

// Inputs on which the writers were once wrong (see the regression tests).
/**
 * Pairs of objects that the compacted writer once took for one value when they came under the same key (its
 * de-duplication key was not injective): <iri> and "\u0001" + its compacted form; "v"@l and "\u0002v\u0000l";
 * "v"@id and "v"^^<…/id/> (that datatype compacts to the prefix term `id`, also the language tag of Indonesian).
 */
const COLLIDING_PAIRS: ReadonlyArray<readonly [TermSpec, TermSpec]> = [
  [iri(`${EX}x1`), { k: 'lit', v: `\u0001${EX}x1` }],
  [iri(`${ID}person/p1`), { k: 'lit', v: '\u0001id:person/p1' }],
  [{ k: 'lit', v: 'plain', lang: 'en' }, { k: 'lit', v: '\u0002plain\u0000en' }],
  [{ k: 'lit', v: 'plain', lang: 'id' }, { k: 'lit', v: 'plain', dt: ID }],
];
const BLANK_GRAPHS = [blank('g1'), blank('b1')];

interface GeneratorOptions {
  /** Graphs named by blank nodes (once lost from the per-entity documents). */
  readonly blankGraphs: boolean;
  /** Some {@link COLLIDING_PAIRS} under one subject, predicate and graph (once collapsed by the compacted writer). */
  readonly collidingValues: boolean;
}

function arbitraries({ blankGraphs, collidingValues }: GeneratorOptions) {
  const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) });
  const blankNode = fc.constantFrom(...BLANKS).map(blank);
  const iriOf = (xs: readonly string[]) => fc.constantFrom(...xs).map(iri);
  const subject = fc.oneof({ weight: 5, arbitrary: iriOf(SUBJECT_IRIS) }, { weight: 1, arbitrary: blankNode });
  const plain = text.map((v): TermSpec => ({ k: 'lit', v }));
  const tagged = fc.tuple(text, fc.constantFrom(...LANGS)).map(([v, lang]): TermSpec => ({ k: 'lit', v, lang }));
  const typed = (...dts: string[]) => fc.constantFrom(...TYPED.filter(([, dt]) => !dts.length || dts.includes(dt))).map(([v, dt]): TermSpec => ({ k: 'lit', v, dt }));
  const literal = fc.oneof(plain, tagged, typed());
  const object = fc.oneof({ weight: 3, arbitrary: iriOf(OBJECT_IRIS) }, { weight: 1, arbitrary: blankNode }, { weight: 3, arbitrary: literal });
  const graphs = [`${CLAIM}C1`, `${CLAIM}C2`, `${CLAIM}C10`, `${CLAIM}C99`, `${EX}g1`, ONTOLOGY_GRAPH].map(iri);
  const graph = fc.oneof({ weight: 3, arbitrary: fc.constant(DEFAULT) }, { weight: 3, arbitrary: fc.constantFrom(...graphs, ...(blankGraphs ? BLANK_GRAPHS : [])) });
  // Any predicate with any object (mostly values that do not fit the predicate's term) ...
  const anyQuad = fc.record({ s: subject, p: fc.constantFrom(...PREDICATES), o: object, g: graph });
  // ... and quads whose object fits the predicate's term, so that every term shape is exercised.
  const fits: Array<[string, fc.Arbitrary<TermSpec>]> = [
    [P.type, fc.oneof(iriOf([KG, `${KG}Person`, `${KG}Claim`, `${KG}Sentence`, `${KG}SourceDocument`, `${KG}notATerm`, `${EX}T`, `${EX}MyClaim`]), blankNode)],
    [P.label, tagged],
    [P.altLabel, tagged],
    [P.actor, fc.oneof(iriOf(OBJECT_IRIS), blankNode)],
    [P.sameAs, fc.oneof(iriOf(OBJECT_IRIS), blankNode)],
    [P.derivedFrom, iriOf([`${ID}source/s1`, `${EX}x1`])],
    [P.modality, fc.oneof(iriOf([`${KG}Asserted`, `${KG}Claim`, `${KG}notATerm`, `${EX}T`, `${ID}person/p1`]), blankNode)],
    [P.occurredOn, typed(`${xsd}date`, `${xsd}gYear`)],
    [P.count, typed(`${xsd}integer`, `${xsd}decimal`)],
    [P.note, plain],
    [P.claimKey, plain],
    [P.title, fc.oneof(plain, tagged)],
    [P.subClassOf, iriOf([`${KG}Claim`, `${KG}Sentence`, `${KG}SourceDocument`])],
  ];
  const fittingQuad = fc.oneof(...fits.map(([p, o]) => fc.record({ s: subject, p: fc.constant(p), o, g: graph })));
  const quad: fc.Arbitrary<QuadSpec> = fc.oneof(anyQuad, fittingQuad);
  // Up to 40 quads, some of them repeated.
  const colliding = fc
    .record({ s: subject, p: fc.constantFrom(...PREDICATES), g: graph, pair: fc.constantFrom(...COLLIDING_PAIRS) })
    .map(({ s, p, g, pair }) => pair.map((o): QuadSpec => ({ s, p, o, g })));
  const quads = collidingValues
    ? fc.tuple(fc.array(quad, { maxLength: 28, size: 'max' }), fc.array(colliding, { maxLength: 2 })).map(([qs, pairs]) => [...qs, ...pairs.flat()])
    : fc.array(quad, { maxLength: 32, size: 'max' });
  const dataset = quads.chain((qs) =>
    qs.length ? fc.array(fc.nat(qs.length - 1), { maxLength: 8 }).map((dups) => [...qs, ...dups.map((i) => qs[i]!)]) : fc.constant(qs),
  );
  // A dataset with a permutation of its quads.
  const shuffled = dataset.chain((qs) =>
    fc.shuffledSubarray([...qs.keys()], { minLength: qs.length, maxLength: qs.length }).map((order) => ({ specs: qs, order })),
  );
  return { dataset, shuffled };
}
/** Every input. */
const ARB = arbitraries({ blankGraphs: true, collidingValues: true });
/** Without the colliding pairs (more room for other quads): the datasets of the foreign-terms property. */
const ARB_PLAIN = arbitraries({ blankGraphs: true, collidingValues: false });

/** Variant (a): one term object per distinct term, shared by every quad that uses it. */
function buildShared(specs: readonly QuadSpec[]): Quad[] {
  const cache = new Map<string, unknown>();
  const term = <T>(t: TermSpec): T => {
    const key = JSON.stringify(t);
    let x = cache.get(key);
    if (x === undefined) cache.set(key, (x = n3Term(t)));
    return x as T;
  };
  const pred = (p: string): NamedNode => term<NamedNode>(iri(p));
  return specs.map((q) => DataFactory.quad(term(q.s), pred(q.p), term(q.o), term(q.g)) as Quad);
}

function n3Term(t: TermSpec): NamedNode | BlankNode | Literal | DefaultGraph {
  switch (t.k) {
    case 'iri':
      return new NamedNode(t.v);
    case 'blank':
      return new BlankNode(t.v);
    case 'default':
      return new DefaultGraph();
    case 'lit':
      return DataFactory.literal(t.v, t.lang ?? (t.dt === undefined ? undefined : new NamedNode(t.dt)));
  }
}

/** Variant (b): fresh n3 term objects in every position of every quad (also a fresh default graph). */
function buildFresh(specs: readonly QuadSpec[]): Quad[] {
  return specs.map((q) => DataFactory.quad(n3Term(q.s) as never, new NamedNode(q.p), n3Term(q.o) as never, n3Term(q.g) as never) as Quad);
}

/** Variant (c): plain RDF/JS objects (another implementation: no n3 classes, no n3 ids); language tags lowercased as n3 does. */
function buildForeign(specs: readonly QuadSpec[], keepLanguageCase = false): Quad[] {
  const make = (t: TermSpec): Record<string, unknown> => {
    const base =
      t.k === 'default'
        ? { termType: 'DefaultGraph', value: '' }
        : t.k === 'iri'
          ? { termType: 'NamedNode', value: t.v }
          : t.k === 'blank'
            ? { termType: 'BlankNode', value: t.v }
            : {
                termType: 'Literal',
                value: t.v,
                language: t.lang === undefined ? '' : keepLanguageCase ? t.lang : t.lang.toLowerCase(),
                direction: '',
                datatype: make(iri(t.lang !== undefined ? `${rdf}langString` : (t.dt ?? `${xsd}string`))),
              };
    const term: Record<string, unknown> = {
      ...base,
      equals(other: { termType?: string; value?: string } | null | undefined): boolean {
        return !!other && other.termType === base.termType && other.value === base.value;
      },
    };
    return term;
  };
  return specs.map((q) => {
    const quad = { termType: 'Quad', value: '', subject: make(q.s), predicate: make(iri(q.p)), object: make(q.o), graph: make(q.g) };
    return { ...quad, equals: (o: unknown) => o === quad } as unknown as Quad;
  });
}

/** The dataset as N-Quads (for failure messages). */
function asNQuads(quads: readonly Quad[]): string {
  return quads.map((q) => `  ${nquadLine(q)}`).join('\n');
}

/** Runs a check, adding the dataset as N-Quads to its failure message. */
async function withDataset(quads: readonly Quad[], check: () => Promise<void> | void): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof Error) error.message += `\n  on the dataset (${quads.length} quads):\n${asNQuads(quads)}`;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// The oracle and the comparisons.

/** jsonld.js toRDF of a document, parsed back with n3. */
async function oracleQuads(doc: unknown): Promise<Quad[]> {
  const nq = (await jl.toRDF(doc as never, { format: 'application/n-quads', documentLoader: loader } as never)) as unknown as string;
  return new Parser({ format: 'N-Quads' }).parse(nq);
}

/** Language tags lowercased (the writers lowercase them; jsonld.js keeps what it is given). */
function lowerLanguages(quads: readonly Quad[]): Quad[] {
  return quads.map((q) =>
    q.object.termType === 'Literal' && q.object.language && q.object.language !== q.object.language.toLowerCase()
      ? (DataFactory.quad(q.subject, q.predicate, DataFactory.literal(q.object.value, q.object.language.toLowerCase()), q.graph) as Quad)
      : q,
  );
}

function blankLabels(quads: readonly Quad[]): string[] {
  const out = new Set<string>();
  for (const q of quads) for (const t of [q.subject, q.object, q.graph]) if (t.termType === 'BlankNode') out.add(t.value);
  return [...out];
}

/** Every injective map of `from` into `to`. */
function* injections(from: readonly string[], to: readonly string[], taken: ReadonlySet<string> = new Set()): Generator<Map<string, string>> {
  if (from.length === 0) return yield new Map();
  const [first, ...rest] = from as [string, ...string[]];
  for (const t of to) {
    if (taken.has(t)) continue;
    for (const m of injections(rest, to, new Set([...taken, t]))) yield new Map([[first, t], ...m]);
  }
}

/**
 * Asserts that `part` is a subset of `whole` up to a renaming of its blank nodes (jsonld.js relabels them):
 * {@link assertSubset} once some injective renaming fits (the datasets have a handful of blank nodes).
 */
function assertSubsetUpToBlanks(part: readonly Quad[], whole: readonly Quad[], what: string): void {
  const from = blankLabels(part);
  if (from.length === 0) return assertSubset(part, whole, what);
  const lines = new Set(whole.map(nquadLine));
  const rename = (m: Map<string, string>) => (t: Quad['subject'] | Quad['object'] | Quad['graph']) => (t.termType === 'BlankNode' ? DataFactory.blankNode(m.get(t.value)) : t);
  for (const m of injections(from, blankLabels(whole))) {
    const r = rename(m);
    const renamed = part.map((q) => DataFactory.quad(r(q.subject) as never, q.predicate, r(q.object) as never, r(q.graph) as never) as Quad);
    if (renamed.every((q) => lines.has(nquadLine(q)))) return assertSubset(renamed, whole, what);
  }
  assertSubset(part, whole, `${what} (no renaming of its ${from.length} blank nodes fits)`);
  assert.fail(`${what}: no renaming of its ${from.length} blank nodes makes it a subset of the source`);
}

// ---------------------------------------------------------------------------------------------------
// The properties.

async function checkCompacted(quads: readonly Quad[]): Promise<void> {
  for (const { name, options } of CONTEXTS) {
    const doc = toJsonLdObject(quads, options);
    if (options.contextRef === undefined) {
      // Embedded: the context's own definitions (none left out but @version, @protected and the @included alias).
      const ctx = (options.context ?? packageContext()) as Record<string, unknown>;
      const got = doc['@context'] as Record<string, unknown>;
      assert.deepEqual(Object.keys(got), Object.keys(ctx).filter((k) => k !== '@version' && k !== '@protected' && ctx[k] !== '@included'), `${name}: embedded context keys`);
      for (const k of Object.keys(got)) assert.deepEqual(got[k], ctx[k], `${name}: embedded definition of ${k}`);
    } else assert.deepEqual(doc['@context'], options.contextRef === 'inline' ? options.context : options.contextRef);
    assertIsomorphic(lowerLanguages(await oracleQuads(doc)), lowerLanguages(quads), `toJsonLdObject, ${name}, via jsonld.js toRDF`);
  }
}

async function checkExpanded(quads: readonly Quad[]): Promise<void> {
  const doc = toExpandedJsonLdObject(quads);
  assertIsomorphic(lowerLanguages(await oracleQuads(doc)), lowerLanguages(quads), 'toExpandedJsonLdObject via jsonld.js toRDF');
}

/** Asserts that the nodes of a `@graph` (and of the graphs inside) come in natural order of their `@id`, without repeats. */
function assertNaturalOrder(nodes: readonly Record<string, unknown>[], what: string): void {
  for (let i = 1; i < nodes.length; i++) {
    const [a, b] = [String(nodes[i - 1]!['@id']), String(nodes[i]!['@id'])];
    assert.ok(naturalCompare(a, b) < 0, `${what}: ${JSON.stringify(a)} before ${JSON.stringify(b)}`);
  }
  for (const n of nodes) if (Array.isArray(n['@graph'])) assertNaturalOrder(n['@graph'] as Record<string, unknown>[], `${what}, @graph of ${String(n['@id'])}`);
}

function checkStable(specs: readonly QuadSpec[], order: readonly number[]): void {
  const shared = buildShared(specs);
  const unique = [...new Map(specs.map((q) => [JSON.stringify(q), q])).values()];
  const variants: Array<[string, Quad[]]> = [
    ['shuffled', order.map((i) => shared[i]!)],
    ['de-duplicated', buildShared(unique)],
    ['fresh terms', buildFresh(specs)],
    ['fresh terms, shuffled', ((f) => order.map((i) => f[i]!))(buildFresh(specs))],
    ['foreign RDF/JS terms', buildForeign(specs)],
  ];
  for (const { name, options } of CONTEXTS) {
    const jsonLd = toJsonLd(shared, options);
    const lines = toJsonLines(shared, options);
    assertNaturalOrder((JSON.parse(jsonLd) as { '@graph': Record<string, unknown>[] })['@graph'], `toJsonLd, ${name}`);
    const iris = toEntityDocuments(shared, options).map((d) => d.iri);
    assert.deepEqual(iris, [...iris].sort(naturalCompare), `toEntityDocuments, ${name}: not in natural order of the entity IRIs`);
    for (const [variant, quads] of variants) {
      assert.equal(toJsonLd(quads, options), jsonLd, `toJsonLd, ${name}: ${variant} differs`);
      assert.equal(toJsonLines(quads, options), lines, `toJsonLines, ${name}: ${variant} differs`);
    }
  }
  const expanded = toExpandedJsonLd(shared);
  assertNaturalOrder(JSON.parse(expanded) as Record<string, unknown>[], 'toExpandedJsonLd');
  for (const [variant, quads] of variants) assert.equal(toExpandedJsonLd(quads), expanded, `toExpandedJsonLd: ${variant} differs`);
}

async function checkEntityDocuments(quads: readonly Quad[]): Promise<void> {
  const view = modelView(quads);
  const unique = [...new Map(quads.map((q) => [nquadLine(q), q])).values()];
  for (const { name, options } of CONTEXTS) {
    const docs = toEntityDocuments(quads, options);
    const iris = docs.map((d) => d.iri);
    assert.equal(new Set(iris).size, iris.length, `${name}: an entity has two documents`);
    assert.deepEqual([...iris].sort(), [...view.entities].sort(), `${name}: the documents are not one per entity of the model view`);
    const lines = toJsonLines(quads, options).split('\n').slice(0, -1);
    assert.deepEqual(lines.map((l) => JSON.parse(l) as unknown), docs.map((d) => d.document), `${name}: toJsonLines is not the documents`);
    for (const { iri: entity, document } of docs) {
      const what = `${name}: document of <${entity}>`;
      // Its @id is the entity (expanded by jsonld.js: a lone @id would be dropped, hence the probe property).
      const probeDoc = { '@context': document['@context'], '@id': document['@id'], 'urn:x:probe': 'x' };
      const probe = (await jl.expand(probeDoc as never, { documentLoader: loader } as never)) as Array<{ '@id'?: string }>;
      assert.equal(probe[0]?.['@id'], entity, `${what}: @id ${JSON.stringify(document['@id'])} does not expand to the entity`);
      const meaning = lowerLanguages(await oracleQuads(document));
      assertSubsetUpToBlanks(meaning, unique, what);
      // Its own statements are exactly its default-graph triples (the facts view).
      const factsOf = (node: string, qs: readonly Quad[]) => qs.filter((q) => q.graph.termType === 'DefaultGraph' && q.subject.termType === 'NamedNode' && q.subject.value === node);
      assertIsomorphic(factsOf(entity, meaning), factsOf(entity, unique), `${what}: own facts`);
      // Every claim whose graph mentions it is there, with its own facts (key, sources, ...) and all of its graph.
      // Claims by key: an IRI, or `_:label` for a graph named by a blank node (renamed by jsonld.js, so
      // those are compared all together, up to blank-node renaming).
      const claims = [...(view.mentions.get(entity) ?? [])].sort();
      const blankClaims = claims.filter((c) => c.startsWith('_:'));
      const iriClaims = claims.filter((c) => !c.startsWith('_:'));
      const included = [...new Set(meaning.filter((q) => q.graph.termType === 'NamedNode').map((q) => q.graph.value))].sort();
      assert.deepEqual(included, iriClaims, `${what}: graphs of the claims that mention it`);
      const blankGraphs = new Set(meaning.filter((q) => q.graph.termType === 'BlankNode').map((q) => q.graph.value));
      assert.equal(blankGraphs.size, blankClaims.length, `${what}: graphs (named by blank nodes) of the claims that mention it`);
      if (blankClaims.length) {
        const stated = unique.filter((q) => q.graph.termType === 'BlankNode' && blankClaims.includes(`_:${q.graph.value}`));
        assertIsomorphic(meaning.filter((q) => q.graph.termType === 'BlankNode'), stated, `${what}: graphs of the claims named by blank nodes`);
      }
      for (const c of iriClaims) {
        const stated = unique.filter((q) => q.graph.termType === 'NamedNode' && q.graph.value === c);
        assertIsomorphic(meaning.filter((q) => q.graph.value === c), stated, `${what}: graph of ${c}`);
        assertIsomorphic(factsOf(c, meaning), factsOf(c, unique), `${what}: facts of the claim ${c}`);
      }
    }
  }
}

/** A property body: builds the dataset (shared terms) and runs the check, naming the dataset on failure. */
const onDataset = (check: (quads: readonly Quad[]) => Promise<void>) => (specs: readonly QuadSpec[]) => {
  const quads = buildShared(specs);
  return withDataset(quads, () => check(quads));
};

describe('export: JSON-LD writers against jsonld.js (property-based)', function () {
  this.timeout(600_000);
  const params = { numRuns: NUM_RUNS, seed: SEED };

  it('toJsonLdObject means exactly the de-duplicated dataset (jsonld.js toRDF), under both contexts', async () => {
    await fc.assert(fc.asyncProperty(ARB.dataset, onDataset(checkCompacted)), params);
  });

  it('toExpandedJsonLdObject means exactly the de-duplicated dataset (jsonld.js toRDF)', async () => {
    await fc.assert(fc.asyncProperty(ARB.dataset, onDataset(checkExpanded)), params);
  });

  it('toJsonLd, toJsonLines and toExpandedJsonLd give the same bytes for any quad order, any term objects and without the duplicates; nodes in natural order', () => {
    fc.assert(
      fc.property(ARB.shuffled, ({ specs, order }) => {
        try {
          checkStable(specs, order);
        } catch (error) {
          if (error instanceof Error) error.message += `\n  on the dataset:\n${asNQuads(buildShared(specs))}`;
          throw error;
        }
      }),
      params,
    );
  });

  it('toEntityDocuments: one document per entity of the model view, each meaning a subset of the dataset (its facts, its claims with their graphs)', async () => {
    await fc.assert(fc.asyncProperty(ARB.dataset, onDataset(checkEntityDocuments)), params);
  });

  describe('regressions: the writer bugs this file found', () => {
    const { namedNode: n, literal: l, quad: q, blankNode: b } = DataFactory;

    it('a literal "\\u0001<iri>" and the IRI <iri> under one non-term key are two values (compacted)', async () => {
      // At 80ddd18, finishValues (src/export/jsonld.ts) de-duplicated by valueSortKey, which was "\u0001" + @id for an {"@id"}
      // value and the string itself for a bare string literal: the keys collide and the literal is dropped.
      const quads = [q(n(`${EX}x1`), n(`${EX}p`), n(`${EX}x2`)), q(n(`${EX}x1`), n(`${EX}p`), l(`\u0001${EX}x2`))];
      await withDataset(quads, () => checkCompacted(quads));
    });

    it('"v"^^<datatype> and "v"@tag under one non-term key are two values, also when the datatype compacts to the tag (compacted)', async () => {
      // The same valueSortKey was "\u0002" + value + "\u0000" + (@language ?? @type), and <https://w3id.org/kaspersky-kg/id/>
      // compacts to the term `id` in vocabulary position, which is also the language tag of Indonesian.
      const quads = [q(n(`${EX}x1`), n(`${EX}p`), l('x', 'id')), q(n(`${EX}x1`), n(`${EX}p`), l('x', n(ID)))];
      await withDataset(quads, () => checkCompacted(quads));
    });

    it('values that once collided give the same bytes in any quad order', () => {
      const quads = [q(n(`${EX}x1`), n(`${EX}p`), l('x', 'id')), q(n(`${EX}x1`), n(`${EX}p`), l('x', n(ID)))];
      assert.equal(toJsonLd([...quads].reverse()), toJsonLd(quads));
    });

    it('a claim graph named by a blank node is in the per-entity documents', async () => {
      // modelView recorded the graph as a claim by its bare label ("g1"), compactGraphs keyed graphs "_:g1": the graph
      // was skipped and the claim written as {"@id": "g1"}, a relative IRI that means nothing.
      const quads = [q(n(`${ID}person/p1`), n(`${EX}p`), l('x'), b('g1'))];
      await withDataset(quads, () => checkEntityDocuments(quads));
    });

    it('non-n3 literals have their language tags lowercased as n3 literals do (same bytes)', () => {
      // At 80ddd18, readLiteral (src/export/jsonld.ts) lowercased the tag of an n3 Literal only; toExpandedJsonLdObject never did.
      const specs: QuadSpec[] = [{ s: iri(`${EX}x1`), p: P.label, o: { k: 'lit', v: 'x', lang: 'de-AT' }, g: DEFAULT }];
      const foreign = buildForeign(specs, true);
      assert.equal(toJsonLd(foreign), toJsonLd(buildShared(specs)), 'toJsonLd');
      assert.equal(toExpandedJsonLd(foreign), toExpandedJsonLd(buildShared(specs)), 'toExpandedJsonLd');
    });

    it('(property) foreign RDF/JS terms with mixed-case language tags give the bytes of n3 terms', () => {
      fc.assert(
        fc.property(ARB_PLAIN.dataset, (specs) => {
          const [foreign, shared] = [buildForeign(specs, true), buildShared(specs)];
          assert.equal(toJsonLd(foreign), toJsonLd(shared), 'toJsonLd');
          assert.equal(toExpandedJsonLd(foreign), toExpandedJsonLd(shared), 'toExpandedJsonLd');
        }),
        params,
      );
    });
  });
});
