/**
 * The natural order every export is sorted in: `naturalCompare` (allocation-free) must order exactly as
 * comparing `naturalKey`s and then code units does, on any strings (property-based), and sort claim keys
 * the way a reader expects (C2 before C10).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { codeUnitCompare, naturalCompare, naturalKey, sortNatural } from '../src/rdf/order.js';

/** The reference: the keys, then code units. */
function byKeys(a: string, b: string): number {
  const ka = naturalKey(a);
  const kb = naturalKey(b);
  return ka !== kb ? (ka < kb ? -1 : 1) : codeUnitCompare(a, b);
}

describe('export: natural order', () => {
  it('orders claim keys and IRIs as a reader expects', () => {
    assert.deepEqual(sortNatural(['C10', 'C2', 'C1', 'C02', 'B9', 'C1a'], (x) => x), ['B9', 'C1', 'C1a', 'C02', 'C2', 'C10']);
    const claim = 'https://w3id.org/kaspersky-kg/claim/';
    assert.deepEqual(sortNatural([`${claim}E10a`, `${claim}E2b`, `${claim}E2a`, `${claim}C47`], (x) => x), [`${claim}C47`, `${claim}E2a`, `${claim}E2b`, `${claim}E10a`]);
  });

  it('naturalCompare agrees with comparing naturalKeys, then code units, on any strings', () => {
    // Strings from a small alphabet of digits and separators, so that digit runs meet at the difference;
    // long runs (16 digits and more are not padded) included.
    const piece = fc.oneof(fc.constantFrom('0', '1', '9', '00', '123', '0000000000000001', '12345678901234567', '999999999999999', '000000000000001', 'a', '/', '-', 'C', 'é', ''), fc.string({ maxLength: 3 }));
    const str = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(str, str, (a, b) => {
        const want = Math.sign(byKeys(a, b));
        assert.equal(Math.sign(naturalCompare(a, b)), want, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
        assert.equal(Math.sign(naturalCompare(b, a)), want === 0 ? 0 : -want, `${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
      }),
      { numRuns: 20000, seed: 42 },
    );
  });
});
