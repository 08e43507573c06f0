/**
 * What every bench prints its results with: medians, ratios against a peer, Markdown tables.
 * @module
 */

/** The median of `xs` (the mean of the two middle values for an even count; NaN for none). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `x / y` as `1.23×`, or `—` when either is not a positive finite time. */
export function ratio(x: number, y: number): string {
  return Number.isFinite(x) && Number.isFinite(y) && y > 0 ? `${(x / y).toFixed(2)}×` : '—';
}

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ')} |`;
  return [line(head), `|${w.map((n, i) => (i === 0 ? `${'-'.repeat(n + 1)}-` : `${'-'.repeat(n + 1)}:`)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
