/**
 * Hostile helper parameters (issue 12): every typed helper, given '', ' ', null, undefined, numbers, NaN,
 * objects, arrays, booleans, IRIs with `>`, spaces, newlines or `{`, escapes, lone surrogates, 10 KB
 * strings, wrong date formats or bad limits, throws the package's own ParameterError naming the
 * parameter (never a bare TypeError, never a silently dropped filter), with a first line of at most 300
 * characters. test/injection.test.ts covers injection through the strings that are accepted.
 */
import { strict as assert } from 'node:assert';
import { openGraph, type KasperskyGraph } from '../src/graph.js';
import * as H from '../src/helpers/queries.js';
import { ParameterError, iriParam, stringParam, dateParam, termToSparql, valuesBlock, bindQuery } from '../src/query/terms.js';
import { DataFactory } from '../src/rdf/factory.js';
import { assertNoCrashOutput } from './support/hostile.js';

const ID = 'https://w3id.org/kaspersky-kg/id/';
const KG = 'https://w3id.org/kaspersky-kg/ontology#';
const TEN_KB = 'a'.repeat(10_240);

/** Values no IRI parameter may take, each with what it is. */
const BAD_IRIS: [string, unknown][] = [
  ['empty string', ''],
  ['blank string', ' '],
  ['tab and newline', '\t\n'],
  ['null', null],
  ['a number', 42],
  ['NaN', Number.NaN],
  ['an object', { iri: `${ID}kaspersky` }],
  ['an array', [`${ID}kaspersky`]],
  ['a boolean', true],
  ['a relative IRI', 'person/eugene-kaspersky'],
  ['an IRI with >', `${ID}a>b`],
  ['an IRI in angle brackets', `<${ID}kaspersky>`],
  ['an IRI with a space', `${ID}a b`],
  ['an IRI with a newline', `${ID}a\nb`],
  ['an IRI with {', `${ID}{a}`],
  ['an IRI with a NUL', `${ID}a\u0000`],
  ['an IRI with U+2028', `${ID}a\u2028b`],
  ['an IRI with a lone surrogate', `${ID}a\ud800`],
  ['an IRI with a bad % escape', `${ID}100%`],
  ['an IRI with two #', `${ID}a#b#c`],
  ['a 10 KB IRI', `${ID}${TEN_KB}`],
  ['a 10 KB non-IRI', TEN_KB],
  ['a SPARQL injection', `${ID}a> } UNION { ?s ?p ?o } #`],
];

/**
 * Asserts `call` rejects (or throws) a ParameterError whose message names `parameter`. `byName`: the error
 * comes from a module loaded through a dynamic import, which under mocha+tsx is a second instance of
 * `query/terms.ts` (the CommonJS-loaded test sees another class object), so the class is checked by name.
 */
async function refuses(what: string, call: () => unknown, parameter: string, byName = false): Promise<void> {
  let error: unknown;
  let result: unknown;
  try {
    result = await call();
  } catch (e) {
    error = e;
  }
  assert.equal(result, undefined, `${what}: refused, not answered`);
  const ok = byName ? error instanceof TypeError && error.constructor.name === 'ParameterError' : error instanceof ParameterError;
  assert.ok(ok && error instanceof Error, `${what}: expected a ParameterError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  assert.equal(error.name, 'ParameterError');
  const first = error.message.split('\n')[0]!;
  assert.ok(first.length <= 300, `${what}: first line has ${first.length} characters`);
  assert.ok(first.startsWith(`invalid parameter ${parameter}`), `${what}: names the parameter ${parameter}: ${first}`);
  assert.equal(error.message.includes('\n'), false, `${what}: one line`);
  assertNoCrashOutput(error.message, what);
}

type IriHelper = [name: string, parameter: string, call: (kg: KasperskyGraph, v: unknown) => Promise<unknown>];
const IRI_HELPERS: IriHelper[] = [
  ['entity', 'iri', (kg, v) => kg.entity(v as string)],
  ['claimsAbout', 'iri', (kg, v) => kg.claimsAbout(v as string)],
  ['externalIds', 'iri', (kg, v) => kg.externalIds(v as string)],
  ['actionsAgainst', 'party', (kg, v) => kg.actionsAgainst(v as string)],
  ['actionsBy', 'authority', (kg, v) => kg.actionsBy(v as string)],
  ['designationStatus', 'target', (kg, v) => kg.designationStatus(v as string)],
  ['claims', 'source', (kg, v) => kg.claims(v as string)],
  ['sourcesOf subject', 'subject', (kg, v) => kg.sourcesOf(v as string, `${KG}target`, `${ID}kaspersky`)],
  ['sourcesOf predicate', 'predicate', (kg, v) => kg.sourcesOf(`${ID}kaspersky`, v as string, `${ID}kaspersky`)],
  ['sourcesOf object', 'object', (kg, v) => kg.sourcesOf(`${ID}kaspersky`, `${KG}target`, v as string)],
  ['denials subject', 'subject', (kg, v) => kg.denials({ subject: v as string })],
  ['denials predicate', 'predicate', (kg, v) => kg.denials({ predicate: v as string })],
];

describe('hostile input: helper parameters throw ParameterError naming the parameter', function () {
  this.timeout(300_000);
  let kg: KasperskyGraph;
  before(async () => {
    kg = await openGraph();
  });
  after(async () => {
    await kg.close();
  });

  it("claims('') is refused; claims() still answers every claim (the filter is never dropped)", async () => {
    await refuses("claims('')", () => kg.claims(''), 'source');
    const all = await kg.claims();
    assert.ok(all.length > 0);
  });

  for (const [helper, parameter, call] of IRI_HELPERS) {
    for (const [what, value] of BAD_IRIS) {
      // claims(null) and denials with a nullish member are "no filter" only for undefined.
      it(`${helper}(${what})`, () => refuses(`${helper}(${what})`, () => call(kg, value), parameter));
    }
  }

  for (const [helper, parameter, call] of IRI_HELPERS.filter(([h]) => !['claims', 'denials subject', 'denials predicate'].includes(h))) {
    it(`${helper}(undefined): a required parameter`, () => refuses(`${helper}(undefined)`, () => call(kg, undefined), parameter));
  }

  const BAD_DATES: [string, unknown][] = [
    ['empty', ''], ['blank', ' '], ['null', null], ['a number', 2024], ['NaN', Number.NaN], ['an array', ['2024']], ['an object', { year: 2024 }],
    ['month 13', '2024-13'], ['February 30', '2024-02-30'], ['two-digit year', '24'], ['slashes', '2024/01/01'], ['no zero padding', '2024-1-1'],
    ['a word', 'yesterday'], ['a dateTime', '2024-01-01T00:00:00Z'], ['10 KB', TEN_KB], ['day 00', '2024-01-00'],
  ];
  for (const [what, value] of BAD_DATES) {
    it(`timeline({ from: ${what} })`, () => refuses(`timeline from ${what}`, () => kg.timeline({ from: value as string }), 'from'));
  }
  for (const [what, value] of BAD_DATES.slice(0, 8)) {
    it(`timeline({ to: ${what} })`, () => refuses(`timeline to ${what}`, () => kg.timeline({ to: value as string }), 'to'));
  }

  const BAD_NAMES: [string, unknown][] = [
    ['empty', ''], ['blank', '   '], ['null', null], ['undefined', undefined], ['a number', 5], ['an object', {}], ['an array', ['kaspersky']],
    ['10 KB', TEN_KB], ['a lone surrogate', 'kasp\udc00'],
  ];
  for (const [what, value] of BAD_NAMES) {
    it(`findEntities(${what})`, () => refuses(`findEntities(${what})`, () => kg.findEntities(value as string), 'name'));
  }
  const BAD_LIMITS: [string, unknown][] = [['0', 0], ['-1', -1], ['1.5', 1.5], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ["'5'", '5'], ['null', null], ['an array', [5]]];
  for (const [what, value] of BAD_LIMITS) {
    it(`findEntities('kaspersky', ${what})`, () => refuses(`findEntities limit ${what}`, () => kg.findEntities('kaspersky', value as number), 'limit'));
  }

  const BAD_OBJECTS: [string, unknown, string][] = [
    ['null', null, 'object'],
    ['a number', 7, 'object'],
    ['an array', [], 'object'],
    ['a literal with no value', {}, 'object.value'],
    ['a literal with a numeric value', { value: 5 }, 'object.value'],
    ['a literal with an empty language', { value: 'x', language: '' }, 'object.language'],
    ['a literal with language en-', { value: 'x', language: 'en-' }, 'object.language'],
    ['a literal with language @x', { value: 'x', language: '@x' }, 'object.language'],
    ['a literal with a numeric language', { value: 'x', language: 5 }, 'object.language'],
    ['a literal with a relative datatype', { value: '1', datatype: 'integer' }, 'object.datatype'],
    ['a literal with a null datatype', { value: '1', datatype: null }, 'object.datatype'],
  ];
  for (const [what, value, parameter] of BAD_OBJECTS) {
    it(`sourcesOf(…, ${what})`, () => refuses(`sourcesOf object ${what}`, () => kg.sourcesOf(`${ID}kaspersky`, `${KG}target`, value as string), parameter));
    it(`denials({ object: ${what} })`, () => refuses(`denials object ${what}`, () => kg.denials({ object: value as string }), parameter));
  }

  const BAD_PARAMETER_SETS: [string, () => unknown, string][] = [
    ['timeline(null)', () => kg.timeline(null as never), 'timeline(parameters)'],
    ["timeline('2024')", () => kg.timeline('2024' as never), 'timeline(parameters)'],
    ['timeline([])', () => kg.timeline([] as never), 'timeline(parameters)'],
    ['denials(null)', () => kg.denials(null as never), 'denials(parameters)'],
    ['denials(5)', () => kg.denials(5 as never), 'denials(parameters)'],
    ['run(entity, null)', () => kg.run(H.entity, null as never), 'entity(parameters)'],
    ["run(claims, 'x')", () => kg.run(H.claims, 'x' as never), 'claims(parameters)'],
    ['run(claims, { source: false })', () => kg.run(H.claims, { source: false } as never), 'source'],
    ['run(claims, { source: 0 })', () => kg.run(H.claims, { source: 0 } as never), 'source'],
    ['run(entity, { iri: () => 1 })', () => kg.run(H.entity, { iri: () => 1 } as never), 'iri'],
    ['run(not a helper)', () => kg.run({} as never, {}), 'helper'],
  ];
  for (const [what, call, parameter] of BAD_PARAMETER_SETS) {
    it(what, () => refuses(what, call, parameter));
  }
});

describe('hostile input: parameter functions and raw bindings throw ParameterError', () => {
  const cases: [string, () => unknown, string][] = [
    ["iriParam('x', '')", () => iriParam('x', ''), 'x'],
    ["iriParam('x', 10 KB)", () => iriParam('x', `${ID}${TEN_KB}`), 'x'],
    ["stringParam('s', null)", () => stringParam('s', null), 's'],
    ["stringParam('s', 10 KB + 1)", () => stringParam('s', 'a'.repeat(10_001)), 's'],
    ["dateParam('d', '2024-02-30')", () => dateParam('d', '2024-02-30'), 'd'],
    ['termToSparql(null)', () => termToSparql(null as never), 'term'],
    ["termToSparql('string')", () => termToSparql('https://example.org/' as never), 'term'],
    ['termToSparql(relative NamedNode)', () => termToSparql(DataFactory.namedNode('relative')), 'term'],
    ['termToSparql(empty NamedNode)', () => termToSparql(DataFactory.namedNode('')), 'term'],
    ['termToSparql(blank node)', () => termToSparql(DataFactory.blankNode('b0')), 'term'],
    ["termToSparql(literal @en-)", () => termToSparql(DataFactory.literal('x', 'en-')), 'term'],
    ['valuesBlock(null)', () => valuesBlock(null as never), 'bindings'],
    ['valuesBlock({ x: null })', () => valuesBlock({ x: null as never }), 'x'],
    ['valuesBlock({ x: [] })', () => valuesBlock({ x: [] }), 'x'],
    ["valuesBlock({ x: 'string' })", () => valuesBlock({ x: 'https://example.org/' as never }), 'x'],
    ["valuesBlock({ 'a b': term })", () => valuesBlock({ 'a b': DataFactory.namedNode('https://example.org/') }), 'a b'],
    ['bindQuery(query, { x: relative })', () => bindQuery('SELECT * WHERE { ?x ?p ?o }', { x: DataFactory.namedNode('rel') }), 'x'],
  ];
  for (const [what, call, parameter] of cases) {
    it(what, () => refuses(what, call, parameter));
  }

  it('kg.select with a non-string query or bindings that are not terms', async () => {
    const kg = await openGraph();
    await refuses('select(42)', () => kg.select(42 as never), 'query', true);
    await refuses('select(q, [])', () => kg.select('SELECT * WHERE { ?s ?p ?o } LIMIT 1', [] as never), 'bindings', true);
    await refuses('select(q, { s: 5 })', () => kg.select('SELECT * WHERE { ?s ?p ?o } LIMIT 1', { s: 5 } as never), 's', true);
    await kg.close();
  });
});
