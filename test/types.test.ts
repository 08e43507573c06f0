import { expectTypeOf } from 'expect-type';
import type { KasperskyGraph } from '../src/graph.js';
import type { ActionSummary, ClaimSummary, ContestedClaim, Denial, DesignationStatus, Evidence, SanctionedPerson, TimelineEntry, DateKind, EntitySummary, TripleSource } from '../src/helpers/types.js';
import type { ResultOf } from '../src/helpers/define.js';
import type * as H from '../src/helpers/queries.js';
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
