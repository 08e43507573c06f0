import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Term } from 'n3';
import * as H from '../src/helpers/queries.js';
import { runHelper, type Helper } from '../src/helpers/define.js';
import { bindQuery, valuesBlock, ParameterError, type Bindings } from '../src/query/terms.js';
import { embeddedTarget } from '../src/graph.js';
import { EmbeddedTarget, loadOxigraph } from '../src/query/embedded.js';

// Strings built to break out of a literal or an IRI, plus arbitrary unicode.
const nasty = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"', '\\', '"\\"', '>', '<', '}', '{', '\n', '\r\n', '\u0022', '\\u0022', '\\U00000022', "'", '"""', "'''",
    '" . } DROP ALL ; SELECT * WHERE { ?s ?p ?o } #', '> } UNION { ?s ?p ?o } <', 'x\u2028y', 'é', 'Касперский', '\u0000', '#', '^^', '@en'),
  fc.array(fc.constantFrom('"', '\\', '>', '}', '{', '\n', 'u0022', 'a', ' ', '#', '<', '^'), { maxLength: 12 }).map((a) => a.join('')),
);
const iriLike = fc.oneof(nasty, nasty.map((s) => `https://w3id.org/kaspersky-kg/id/${s}`));

/** Every helper parameter that takes a caller string, with how to build the params object. */
const CASES: { helper: Helper<any, unknown>; params: (s: string) => unknown; arb: fc.Arbitrary<string> }[] = [
  { helper: H.entity, params: (s) => ({ iri: s }), arb: iriLike },
  { helper: H.findEntities, params: (s) => ({ name: s }), arb: nasty },
  { helper: H.actionsAgainst, params: (s) => ({ party: s }), arb: iriLike },
  { helper: H.actionsBy, params: (s) => ({ authority: s }), arb: iriLike },
  { helper: H.timeline, params: (s) => ({ from: s }), arb: nasty },
  { helper: H.timeline, params: (s) => ({ to: s }), arb: nasty },
  { helper: H.claimsAbout, params: (s) => ({ iri: s }), arb: iriLike },
  { helper: H.claims, params: (s) => ({ source: s }), arb: iriLike },
  { helper: H.externalIds, params: (s) => ({ iri: s }), arb: iriLike },
  { helper: H.sourcesOf, params: (s) => ({ subject: s, predicate: 'https://w3id.org/kaspersky-kg/ontology#actor', object: 'https://w3id.org/kaspersky-kg/id/x' }), arb: iriLike },
  { helper: H.sourcesOf, params: (s) => ({ subject: 'https://w3id.org/kaspersky-kg/id/x', predicate: s, object: 'https://w3id.org/kaspersky-kg/id/x' }), arb: iriLike },
  { helper: H.sourcesOf, params: (s) => ({ subject: 'https://w3id.org/kaspersky-kg/id/x', predicate: 'https://w3id.org/kaspersky-kg/ontology#quote', object: { value: s } }), arb: nasty },
  { helper: H.sourcesOf, params: (s) => ({ subject: 'https://w3id.org/kaspersky-kg/id/x', predicate: 'https://w3id.org/kaspersky-kg/ontology#quote', object: { value: 'v', datatype: s } }), arb: iriLike },
  { helper: H.denials, params: (s) => ({ subject: s }), arb: iriLike },
  { helper: H.denials, params: (s) => ({ predicate: s }), arb: iriLike },
  { helper: H.denials, params: (s) => ({ object: { value: s, language: 'en' } }), arb: nasty },
  { helper: H.designationStatus, params: (s) => ({ target: s }), arb: iriLike },
];

describe('helper parameters cannot inject SPARQL (property-based)', function () {
  this.timeout(600_000);
  let probe: EmbeddedTarget;
  before(async () => {
    probe = new EmbeddedTarget(await loadOxigraph(''));
  });

  /** The bound query is the template plus exactly one VALUES line whose terms read back as the input terms. */
  async function assertStructureKept(helper: Helper<any, unknown>, bindings: Bindings): Promise<void> {
    const bound = bindQuery(helper.sparql, bindings);
    const block = valuesBlock(bindings);
    if (!block) return assert.equal(bound, helper.sparql);
    assert.equal(bound.replace(`\n  ${block}\n`, ''), helper.sparql, 'the query text changed outside the VALUES block');
    const names = Object.keys(bindings);
    const rows = await probe.select(`SELECT * WHERE { ${block} }`);
    assert.equal(rows.length, 1, 'the VALUES block must hold exactly one row');
    for (const n of names) assert.ok((bindings[n] as Term).equals(rows[0]![n]!), `?${n} did not read back unchanged`);
  }

  for (const c of CASES) {
    it(`${c.helper.name}(${JSON.stringify(c.params('…')).slice(0, 60)})`, async () => {
      const kg = await embeddedTarget();
      await fc.assert(
        fc.asyncProperty(c.arb, async (s) => {
          let bindings: Bindings;
          try {
            bindings = c.helper.bind(c.params(s));
          } catch (error) {
            assert.ok(error instanceof ParameterError || (error instanceof TypeError && /^invalid parameter/.test(error.message)), `unexpected ${String(error)}`);
            return;
          }
          await assertStructureKept(c.helper, bindings);
          await runHelper(kg, c.helper, c.params(s)); // must not throw a QueryError
        }),
        { numRuns: 150, seed: 20261129 },
      );
    });
  }
});
