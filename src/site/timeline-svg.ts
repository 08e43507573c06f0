/**
 * The timeline picture: every dated action on one horizontal time axis, one mark per date (a dot for a
 * day, a bar for a month or a year, so the source's precision shows), labels packed into lanes so that
 * none overlaps, coloured by authority, each item a link to its entity page. Standalone SVG (usable as
 * `<img>` and inline), deterministic for a given graph.
 * @module
 */
import { esc, svgItem, svgNum as r } from './html.js';
import type { AuthorityColour, DatedItem } from './actions.js';
import { NO_AUTHORITY_COLOUR } from './actions.js';

/** Options of {@link timelineSvg}. */
export interface TimelineSvgOptions {
  /** The link of an item (relative to where the SVG is shown), or undefined for no links. */
  href?: (iri: string) => string | undefined;
  /** First and last year on the axis (default: the data's range). */
  fromYear?: number;
  toYear?: number;
  /** Total width in pixels (default 1200). */
  width?: number;
  /** A heading drawn at the top. */
  title?: string;
  /** Give every year the same width (default false: busy years are wider). */
  uniformYears?: boolean;
}

/** The relative width of a year on the axis, from the number of items dated in it. */
export function yearWeight(count: number, uniform = false): number {
  if (uniform) return 1;
  return count === 0 ? 0.45 : 1 + 0.45 * count;
}

const FONT = 11;
const CHAR = FONT * 0.62;
const LANE = 19;
const MAX_LABEL = 46;

/** The label of an item: its name (shortened) and which date it is. */
export function itemText(item: DatedItem): string {
  const name = item.label.length > MAX_LABEL ? `${item.label.slice(0, MAX_LABEL - 1).trimEnd()}…` : item.label;
  const kind = item.kind.replace(/On$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${name} (${kind} ${item.date})`;
}

/** Renders the timeline as SVG text. */
export function timelineSvg(items: readonly DatedItem[], colours: ReadonlyMap<string, AuthorityColour>, options: TimelineSvgOptions = {}): string {
  const width = options.width ?? 1200;
  const margin = 24;
  const from = options.fromYear ?? (items.length ? Math.floor(Math.min(...items.map((i) => i.start))) : new Date().getUTCFullYear());
  const to = Math.max(from + 1, options.toYear !== undefined ? options.toYear + 1 : items.length ? Math.ceil(Math.max(...items.map((i) => i.end))) : from + 1);
  const span = to - from;
  // Each year's width grows with the number of items dated in it, so busy years get room for their labels
  // and quiet stretches do not take the page; within a year, time is linear.
  const perYear = new Map<number, number>();
  for (const i of items) perYear.set(Math.floor(i.start), (perYear.get(Math.floor(i.start)) ?? 0) + 1);
  const weights = Array.from({ length: span }, (_, k) => yearWeight(perYear.get(from + k) ?? 0, options.uniformYears));
  const offsets = [0];
  for (const w of weights) offsets.push(offsets[offsets.length - 1]! + w);
  const total = offsets[offsets.length - 1]!;
  const x = (t: number) => {
    const k = Math.min(span - 1, Math.max(0, Math.floor(t - from)));
    const u = offsets[k]! + (t - from - k) * weights[k]!;
    return margin + (u / total) * (width - 2 * margin);
  };

  // Legend rows (authorities in colour order, with counts).
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.authority ?? '', (counts.get(i.authority ?? '') ?? 0) + 1);
  const legend = [...colours.values()].filter((c) => counts.has(c.iri));
  const legendItems: { c: AuthorityColour; x: number; y: number; text: string }[] = [];
  let lx = margin;
  let ly = 0;
  for (const c of legend) {
    const text = `${c.label} (${counts.get(c.iri)})`;
    const w = 16 + text.length * CHAR + 18;
    if (lx + w > width - margin && lx > margin) (lx = margin), (ly += 18);
    legendItems.push({ c, x: lx, y: ly, text });
    lx += w;
  }
  const titleH = options.title ? 26 : 6;
  const legendTop = titleH + 6;
  const legendH = legend.length ? ly + 18 + 8 : 0;
  const axisY = legendTop + legendH + 22;

  // Lane packing: each item occupies [left, right] on its lane; label to the right, or left near the edge.
  type Placed = { item: DatedItem; lane: number; mx0: number; mx1: number; tx: number; anchor: 'start' | 'end'; text: string };
  const lanesEnd: number[] = [];
  const placed: Placed[] = [];
  for (const item of items) {
    const mx0 = x(item.start);
    const mx1 = item.precision === 'day' ? mx0 : Math.max(x(item.end), mx0 + 3);
    const text = itemText(item);
    const tw = text.length * CHAR;
    let anchor: 'start' | 'end' = 'start';
    let left = mx0 - 6;
    let right = mx1 + 8 + tw;
    let tx = mx1 + 8;
    if (right > width - 4) {
      anchor = 'end';
      tx = mx0 - 8;
      left = tx - tw;
      right = mx1 + 6;
    }
    let lane = lanesEnd.findIndex((end) => end + 6 < left);
    if (lane < 0) (lane = lanesEnd.length), lanesEnd.push(right);
    else lanesEnd[lane] = right;
    placed.push({ item, lane, mx0, mx1, tx, anchor, text });
  }
  const lanesTop = axisY + 16;
  const height = lanesTop + Math.max(1, lanesEnd.length) * LANE + 16;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="tl-title" class="timeline" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(`<title id="tl-title">${esc(options.title ?? 'Timeline')}: ${items.length} dated actions, ${from}–${to - 1}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${margin}" y="18" font-size="14" font-weight="bold" fill="#1d2430">${esc(options.title)}</text>`);
  out.push('<g class="legend">');
  for (const l of legendItems) {
    out.push(
      `<rect x="${r(l.x)}" y="${r(legendTop + l.y)}" width="12" height="12" rx="2" fill="${l.c.colour}"/><text x="${r(l.x + 16)}" y="${r(legendTop + l.y + 10)}" fill="#1d2430">${esc(l.text)}</text>`,
    );
  }
  out.push('</g>');
  // Axis: a line, a tick and label per year, faint grid lines across the lanes.
  out.push(`<g class="axis" stroke="#9aa3b2">`);
  out.push(`<line x1="${margin}" y1="${axisY}" x2="${width - margin}" y2="${axisY}"/>`);
  for (let y = from; y <= to; y++) {
    const xx = r(x(y));
    out.push(`<line x1="${xx}" y1="${axisY - 5}" x2="${xx}" y2="${height - 8}" stroke="#e3e7ee"/>`);
    out.push(`<line x1="${xx}" y1="${axisY - 5}" x2="${xx}" y2="${axisY + 5}"/>`);
    if (y === to) break;
    const w = x(y + 1) - x(y);
    // A year label where it fits (a short one in narrow years), month ticks in wide years.
    if (w >= 34) out.push(`<text x="${r(x(y + 0.5))}" y="${axisY - 8}" text-anchor="middle" stroke="none" fill="#1d2430" font-weight="bold">${y}</text>`);
    else if (w >= 18) out.push(`<text x="${r(x(y + 0.5))}" y="${axisY - 8}" text-anchor="middle" stroke="none" fill="#5b6575" font-size="9">’${String(y).slice(-2)}</text>`);
    const ticks = w >= 120 ? 12 : w >= 50 ? 2 : 1;
    for (let m = 1; m < ticks; m++) {
      const xm = r(x(y + m / ticks));
      out.push(`<line x1="${xm}" y1="${axisY - 2}" x2="${xm}" y2="${axisY + 2}"/>`);
    }
  }
  out.push('</g>');
  out.push('<g class="items">');
  for (const p of placed) {
    const colour = colours.get(p.item.authority ?? '')?.colour ?? NO_AUTHORITY_COLOUR;
    const cy = lanesTop + p.lane * LANE + LANE / 2;
    const link = options.href?.(p.item.iri);
    const actor = p.item.authority ? (colours.get(p.item.authority)?.label ?? '') : '';
    const tip = `${p.item.label} — ${p.item.kind} ${p.item.date}${actor ? ` — ${actor}` : ''}`;
    const mark =
      p.item.precision === 'day'
        ? `<circle cx="${r(p.mx0)}" cy="${r(cy)}" r="5" fill="${colour}"/>`
        : `<rect x="${r(p.mx0)}" y="${r(cy - 4)}" width="${r(p.mx1 - p.mx0)}" height="8" rx="3" fill="${colour}" fill-opacity="0.85"/>`;
    const stem = `<line x1="${r(p.mx0)}" y1="${axisY}" x2="${r(p.mx0)}" y2="${r(cy)}" stroke="${colour}" stroke-opacity="0.25"/>`;
    const text = `<text x="${r(p.tx)}" y="${r(cy + 4)}" text-anchor="${p.anchor}" fill="#1d2430">${esc(p.text)}</text>`;
    const attrs = `class="tl-item" data-iri="${esc(p.item.iri)}" data-date="${esc(p.item.date)}" data-kind="${esc(p.item.kind)}"`;
    const inner = `<title>${esc(tip)}</title>${stem}${mark}${text}`;
    out.push(svgItem(link, attrs, inner));
  }
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

