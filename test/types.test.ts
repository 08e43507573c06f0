import assert from 'node:assert/strict';
import { expectTypeOf } from 'expect-type';
import type { KasperskyGraph } from '../src/graph.js';
import type {
  ActionSummary, ClaimSummary, ContestedClaim, CustomerImpact, Denial, DesignationStatus, Evidence, SanctionedPerson, TimelineEntry, DateKind, EntitySummary, EntityMatch,
  ExternalIdentifier, RegionSummary, TripleSource,
} from '../src/helpers/types.js';
import { defineHelper, type Helper, type ParamsOf, type ResultOf, type Row, type VarsOfHelper } from '../src/helpers/define.js';
import { opt, req } from '../src/helpers/rows.js';
import * as H from '../src/helpers/queries.js';
import { installHelperMethods, methodHelpers, type HelperMethods, type HelperRunner } from '../src/helpers/methods.js';
import type { KgClassName, ModalityName, VerificationName } from '../src/generated/vocab.js';
import { kg } from '../src/generated/vocab.js';

// Compile-time assertions (checked by `tsc --noEmit` in the test run); the runtime body is trivial.
describe('helper result types (type-level)', () => {
  it('helpers return the types derived from the ontology', () => {
    expectTypeOf<KasperskyGraph['timeline']>().returns.resolves.toEqualTypeOf<TimelineEntry[]>();
    expectTypeOf<KasperskyGraph['sanctionedPeople']>().returns.resolves.toEqualTypeOf<SanctionedPerson[]>();
    expectTypeOf<KasperskyGraph['actionsAgainst']>().parameter(0).toEqualTypeOf<string>();
    expectTypeOf<KasperskyGraph['actionsAgainst']>().returns.resolves.toEqualTypeOf<ActionSummary[]>();
    expectTypeOf<KasperskyGraph['claimsAbout']>().returns.resolves.toEqualTypeOf<ClaimSummary[]>();
    expectTypeOf<KasperskyGraph['entity']>().returns.resolves.toEqualTypeOf<EntitySummary | undefined>();
    expectTypeOf<KasperskyGraph['sourcesOf']>().returns.resolves.toEqualTypeOf<TripleSource[]>();
    expectTypeOf<KasperskyGraph['contestedClaims']>().returns.resolves.toEqualTypeOf<ContestedClaim[]>();
    expectTypeOf<KasperskyGraph['denials']>().returns.resolves.toEqualTypeOf<Denial[]>();
    expectTypeOf<KasperskyGraph['designationStatus']>().returns.resolves.toEqualTypeOf<DesignationStatus>();
  });
  it('each method result type is derived from its helper definition', () => {
    expectTypeOf<ResultOf<typeof H.claimsAbout>>().toEqualTypeOf<ClaimSummary[]>();
    expectTypeOf<ResultOf<typeof H.denials>>().toEqualTypeOf<Denial[]>();
    expectTypeOf<ClaimSummary['evidence']>().toEqualTypeOf<Evidence[]>();
    expectTypeOf<ClaimSummary['licensed']>().toEqualTypeOf<boolean>();
    expectTypeOf<DesignationStatus['designated']>().toEqualTypeOf<'yes' | 'no' | 'unknown'>();
  });
  it('enumerations are unions of ontology names', () => {
    expectTypeOf<ClaimSummary['modality']>().toEqualTypeOf<ModalityName>();
    expectTypeOf<'Hedged'>().toMatchTypeOf<ModalityName>();
    expectTypeOf<'Contradicted'>().toMatchTypeOf<VerificationName>();
    expectTypeOf<'Prohibition'>().toMatchTypeOf<KgClassName>();
    expectTypeOf<'NotAClass'>().not.toMatchTypeOf<KgClassName>();
    expectTypeOf<DateKind>().toEqualTypeOf<'announcedOn' | 'effectiveOn' | 'publishedOn' | 'startedOn' | 'endedOn' | 'occurredOn' | 'signedOn'>();
    expectTypeOf(kg.Prohibition).toEqualTypeOf<'https://w3id.org/kaspersky-kg/ontology#Prohibition'>();
  });
  it('dates stay strings and counts stay exact', () => {
    expectTypeOf<TimelineEntry['date']>().toEqualTypeOf<string>();
    expectTypeOf<SanctionedPerson['date']>().toEqualTypeOf<string | undefined>();
  });
});

/** A helper is an object made by defineHelper (the module also exports plain functions). */
function isHelper(x: unknown): x is Helper<unknown, unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { sparql?: unknown }).sparql === 'string';
}

describe('helpers from one definition: projection, rows, result and method', () => {
  it('a mapper reads only the variables its query projects (a misspelt name does not compile)', () => {
    const h = defineHelper<undefined, string[]>()({
      name: 'typeCheck',
      description: 'Type-level check.',
      select: ['s', 'type', '(COUNT(?x) AS ?n)'],
      where: ' ?s a ?type ; ?p ?x ',
      modifiers: 'GROUP BY ?s ?type',
      map: (rows) =>
        rows.map((r) => {
          // @ts-expect-error ?tpye is not projected (misspelt ?type)
          void req(r, 'tpye');
          // @ts-expect-error ?x is read by the aggregate but not projected
          void opt(r, 'x');
          // @ts-expect-error a row has only the projected variables
          void r.p;
          return `${req(r, 's').value} ${opt(r, 'type')} ${opt(r, 'n')}`;
        }),
    });
    expectTypeOf<VarsOfHelper<typeof h>>().toEqualTypeOf<'s' | 'type' | 'n'>();
    expectTypeOf<Parameters<typeof h.map>[0]>().toEqualTypeOf<readonly Row<'s' | 'type' | 'n'>[]>();
    assert.deepEqual(h.vars, ['s', 'type', 'n']);
    assert.match(h.sparql, /\nSELECT \?s \?type \(COUNT\(\?x\) AS \?n\) WHERE \{ \?s a \?type ; \?p \?x \} GROUP BY \?s \?type\n$/);
  });

  it('the rows of the package helpers are typed by their projections', () => {
    expectTypeOf<VarsOfHelper<typeof H.entity>>().toEqualTypeOf<'k' | 'v'>();
    expectTypeOf<VarsOfHelper<typeof H.externalIds>>().toEqualTypeOf<'p' | 'v'>();
    expectTypeOf<VarsOfHelper<typeof H.customerImpacts>>().toEqualTypeOf<'s' | 'type' | 'partOf' | 'k' | 'v'>();
    expectTypeOf<VarsOfHelper<typeof H.graphStatistics>>().toEqualTypeOf<'facts' | 'claims' | 'claimTriples'>();
    // never called: only compiled
    const misuse = () =>
      // @ts-expect-error customerImpacts does not project ?tpye
      H.customerImpacts.map([{ tpye: undefined }], undefined);
    void misuse;
  });

  it('a projected variable missing from the WHERE text is refused when the helper is defined', () => {
    const define = (select: readonly string[]) => () =>
      defineHelper<undefined, number>()({ name: 'misspelt', description: 'x', select, where: ' ?s a ?type . ?s ?p ?st ', map: (rows) => rows.length });
    assert.throws(define(['s', 'tpye']), /^Error: helper misspelt: projected variable \?tpye does not occur in its WHERE text/);
    assert.throws(define(['s', '(COUNT(DISTINCT ?t) AS ?n)']), /projected variable \?t does not occur/);
    assert.throws(define(['s', 's']), /\?s is projected twice/);
    assert.throws(define(['s', 'COUNT(?s)']), /neither a variable name nor "\(EXPR AS \?name\)"/);
    // ?s is not ?st, and ?st is not ?s: whole names only
    assert.throws(() => defineHelper<undefined, number>()({ name: 'prefix', description: 'x', select: ['s'], where: ' ?st a ?type ', map: (rows) => rows.length }), /\?s does not occur/);
    assert.doesNotThrow(define(['s', 'st', '(COUNT(DISTINCT ?type) AS ?n)']));
  });

  it('every package helper projects only variables its WHERE text uses', () => {
    const helpers = Object.values(H as Record<string, unknown>).filter(isHelper);
    assert.equal(helpers.length, 16);
    for (const h of helpers) {
      const where = h.sparql.slice(h.sparql.indexOf(' WHERE {'));
      for (const v of h.vars) assert.match(where, new RegExp(`[?$]${v}(?![\\w])`), `${h.name}: ?${v}`);
    }
  });

  it('result and parameter types come from the definitions', () => {
    expectTypeOf<ResultOf<typeof H.entity>>().toEqualTypeOf<EntitySummary | undefined>();
    expectTypeOf<ResultOf<typeof H.timeline>>().toEqualTypeOf<TimelineEntry[]>();
    expectTypeOf<ResultOf<typeof H.graphStatistics>>().toEqualTypeOf<{ facts: bigint; claims: bigint; claimTriples: bigint }>();
    expectTypeOf<ParamsOf<typeof H.findEntities>>().toEqualTypeOf<{ name: string; limit?: number }>();
    expectTypeOf<ParamsOf<typeof H.timeline>>().toEqualTypeOf<{ from?: string; to?: string }>();
    expectTypeOf<ParamsOf<typeof H.denials>>().toEqualTypeOf<{ subject?: string; predicate?: string; object?: H.ObjectParam } | undefined>();
  });

  it('the graph methods derived from the helpers have the public signatures', () => {
    expectTypeOf<keyof HelperMethods>().toEqualTypeOf<
      | 'entity' | 'findEntities' | 'actionsAgainst' | 'actionsBy' | 'timeline' | 'sanctionedPeople' | 'customerImpacts' | 'regions'
      | 'claimsAbout' | 'claims' | 'sourcesOf' | 'contestedClaims' | 'denials' | 'designationStatus' | 'externalIds'
    >();
    expectTypeOf<HelperMethods['entity']>().toEqualTypeOf<(iri: string) => Promise<EntitySummary | undefined>>();
    expectTypeOf<HelperMethods['findEntities']>().toEqualTypeOf<(name: string, limit?: number) => Promise<EntityMatch[]>>();
    expectTypeOf<HelperMethods['actionsAgainst']>().toEqualTypeOf<(party: string) => Promise<ActionSummary[]>>();
    expectTypeOf<HelperMethods['actionsBy']>().toEqualTypeOf<(authority: string) => Promise<ActionSummary[]>>();
    expectTypeOf<HelperMethods['timeline']>().toEqualTypeOf<(range?: { from?: string; to?: string }) => Promise<TimelineEntry[]>>();
    expectTypeOf<HelperMethods['sanctionedPeople']>().toEqualTypeOf<() => Promise<SanctionedPerson[]>>();
    expectTypeOf<HelperMethods['customerImpacts']>().toEqualTypeOf<() => Promise<CustomerImpact[]>>();
    expectTypeOf<HelperMethods['regions']>().toEqualTypeOf<() => Promise<RegionSummary[]>>();
    expectTypeOf<HelperMethods['claimsAbout']>().toEqualTypeOf<(iri: string) => Promise<ClaimSummary[]>>();
    expectTypeOf<HelperMethods['claims']>().toEqualTypeOf<(source?: string) => Promise<ClaimSummary[]>>();
    expectTypeOf<HelperMethods['sourcesOf']>().toEqualTypeOf<(subject: string, predicate: string, object: H.ObjectParam) => Promise<TripleSource[]>>();
    expectTypeOf<HelperMethods['contestedClaims']>().toEqualTypeOf<() => Promise<ContestedClaim[]>>();
    expectTypeOf<HelperMethods['denials']>().toEqualTypeOf<(pattern?: { subject?: string; predicate?: string; object?: H.ObjectParam }) => Promise<Denial[]>>();
    expectTypeOf<HelperMethods['designationStatus']>().toEqualTypeOf<(target: string) => Promise<DesignationStatus>>();
    expectTypeOf<HelperMethods['externalIds']>().toEqualTypeOf<(iri: string) => Promise<ExternalIdentifier[]>>();
    // the graph's methods are exactly these (before the derivation: the hand-written ones; after: the same type)
    expectTypeOf<{ [K in keyof HelperMethods]: KasperskyGraph[K] }>().toEqualTypeOf<HelperMethods>();
  });

  it('installed methods turn their arguments into the helper parameters and run through this.run', async () => {
    const calls: [string, unknown][] = [];
    class Recorder implements HelperRunner {
      run<P, R>(helper: Helper<P, R>, params: P): Promise<R> {
        calls.push([helper.name, params]);
        return Promise.resolve(helper.name as R);
      }
    }
    installHelperMethods(Recorder.prototype);
    const g = new Recorder() as Recorder & HelperMethods;
    const object = { value: 'x', language: 'en' };
    const results = await Promise.all([
      g.entity('urn:e'), g.findEntities('kas'), g.findEntities('kas', 3), g.actionsAgainst('urn:p'), g.actionsBy('urn:a'),
      g.timeline(), g.timeline({ from: '2024' }), g.sanctionedPeople(), g.customerImpacts(), g.regions(), g.claimsAbout('urn:e'),
      g.claims(), g.claims('urn:src'), g.sourcesOf('urn:s', 'urn:p', object), g.contestedClaims(), g.denials(), g.denials({ predicate: 'urn:p' }),
      g.designationStatus('urn:t'), g.externalIds('urn:e'),
    ]);
    // as the hand-written methods did: an omitted limit or source is no key (claims() passes nothing), timeline() and denials() pass {}
    assert.deepEqual(calls, [
      ['entity', { iri: 'urn:e' }], ['findEntities', { name: 'kas' }], ['findEntities', { name: 'kas', limit: 3 }], ['actionsAgainst', { party: 'urn:p' }],
      ['actionsBy', { authority: 'urn:a' }], ['timeline', {}], ['timeline', { from: '2024' }], ['sanctionedPeople', undefined], ['customerImpacts', undefined],
      ['regions', undefined], ['claimsAbout', { iri: 'urn:e' }], ['claims', undefined], ['claims', { source: 'urn:src' }],
      ['sourcesOf', { subject: 'urn:s', predicate: 'urn:p', object }], ['contestedClaims', undefined], ['denials', {}], ['denials', { predicate: 'urn:p' }],
      ['designationStatus', { target: 'urn:t' }], ['externalIds', { iri: 'urn:e' }],
    ]);
    assert.deepEqual(results, calls.map(([name]) => name));
    assert.deepEqual([...methodHelpers().keys()].sort(), Object.keys(Object.getOwnPropertyDescriptors(Recorder.prototype)).filter((k) => k !== 'constructor' && k !== 'run').sort());
    assert.equal(Object.keys(Recorder.prototype).length, 0, 'methods are not enumerable, as class methods');
    assert.throws(() => installHelperMethods(Recorder.prototype), /^Error: installHelperMethods: the prototype already has a method \w+$/);
  });
});
