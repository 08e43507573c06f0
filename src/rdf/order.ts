/**
 * Stable, human-friendly ordering for every export: "natural" order (claim C2 before C10), ties broken by
 * plain code-unit order, so that the same graph always gives the same bytes.
 * @module
 */

const ZEROS = '0000000000000000';
const DIGIT = /[0-9]/;
/** The padding zeros of a digit run of each length below 16. */
const PADDING = Array.from({ length: 16 }, (_, len) => ZEROS.slice(len));

/** A sort key under which plain string comparison is natural order (digit runs zero-padded to 16). */
export function naturalKey(s: string): string {
  // Most keys have no digit (proposition IRIs): found by the native regular expression engine.
  if (!DIGIT.test(s)) return s;
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
    if (len < 16) out += s.slice(last, i) + PADDING[len]!;
    else out += s.slice(last, i);
    last = i;
    i = j - 1;
  }
  return last === 0 && out === '' ? s : out + s.slice(last);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Compares two strings in natural order, then by code units (a total order): the order of
 * {@link naturalKey} without building the keys (nothing is allocated). The strings are compared from the
 * start of the digit run at their first difference, with each run's padding zeros produced on the fly.
 */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  const n = la < lb ? la : lb;
  let d = 0;
  while (d < n && a.charCodeAt(d) === b.charCodeAt(d)) d++;
  // Before r both strings are the same and end at a token boundary, so their keys share that prefix.
  let r = d;
  while (r > 0 && isDigit(a.charCodeAt(r - 1))) r--;
  A[0] = r;
  A[1] = 0;
  A[2] = r;
  B[0] = r;
  B[1] = 0;
  B[2] = r;
  for (;;) {
    const ca = nextKeyChar(a, A);
    const cb = nextKeyChar(b, B);
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca === -1) return a < b ? -1 : 1;
  }
}

/** Cursors of {@link naturalCompare} (reused, so a comparison allocates nothing): position, padding zeros still to produce, end of the digit run being read. */
const A = new Int32Array(3);
const B = new Int32Array(3);

/** The next character of a string's natural key (a padding zero, or the string's own), or -1 at its end. */
function nextKeyChar(s: string, cursor: Int32Array): number {
  if (cursor[1]! > 0) {
    cursor[1]!--;
    return 48;
  }
  const i = cursor[0]!;
  if (i >= s.length) return -1;
  const c = s.charCodeAt(i);
  if (i >= cursor[2]! && isDigit(c)) {
    let e = i + 1;
    while (e < s.length && isDigit(s.charCodeAt(e))) e++;
    cursor[2] = e;
    if (e - i < 16) {
      cursor[1] = 16 - (e - i) - 1;
      return 48;
    }
  }
  cursor[0] = i + 1;
  return c;
}

/** Compares two strings by code units. */
export function codeUnitCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Sorts items by a string key in natural order (a new array; the key and its natural key computed once per item). */
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[] {
  const n = items.length;
  // Parallel arrays and a sort of item numbers (no wrapper object per item).
  const ks = new Array<string>(n);
  const nks = new Array<string>(n);
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const k = key(items[i]!);
    ks[i] = k;
    nks[i] = naturalKey(k);
    idx[i] = i;
  }
  idx.sort((a, b) => {
    const x = nks[a]!;
    const y = nks[b]!;
    if (x !== y) return x < y ? -1 : 1;
    const kx = ks[a]!;
    const ky = ks[b]!;
    return kx === ky ? 0 : kx < ky ? -1 : 1;
  });
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = items[idx[i]!]!;
  return out;
}
