/**
 * Stable, human-friendly ordering for every export: "natural" order (claim C2 before C10), ties broken by
 * plain code-unit order, so that the same graph always gives the same bytes.
 * @module
 */

const ZEROS = '0000000000000000';

/** A sort key under which plain string comparison is natural order (digit runs zero-padded to 16). */
export function naturalKey(s: string): string {
  let out = '';
  let last = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    let j = i + 1;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d < 48 || d > 57) break;
      j++;
    }
    const len = j - i;
    if (len < 16) out += s.slice(last, i) + ZEROS.slice(len);
    else out += s.slice(last, i);
    last = i;
    i = j - 1;
  }
  return last === 0 && out === '' ? s : out + s.slice(last);
}

/** Compares two strings in natural order, then by code units (a total order). */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ka = naturalKey(a);
  const kb = naturalKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Compares two strings by code units. */
export function codeUnitCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Sorts items by a string key in natural order (the key computed once per item). */
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => {
    const k = key(item);
    return { item, k, nk: naturalKey(k) };
  });
  keyed.sort((a, b) => (a.nk !== b.nk ? (a.nk < b.nk ? -1 : 1) : codeUnitCompare(a.k, b.k)));
  return keyed.map((x) => x.item);
}
