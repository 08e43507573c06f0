import { expectTypeOf } from 'expect-type';
import type { KasperskyGraph } from '../src/graph.js';
import type { ActionSummary, ClaimSummary, SanctionedPerson, TimelineEntry, DateKind, EntitySummary, TripleSource } from '../src/helpers/types.js';
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
