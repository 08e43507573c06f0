/**
 * The timeline picture: every dated action on one horizontal time axis, one mark per date (a dot for a
 * day, a bar for a month or a year, so the source's precision shows), labels packed into lanes so that
 * none overlaps, coloured by authority, each item a link to its entity page. Time is to scale (every year
 * shown has the same width); runs of two or more years with nothing dated are cut out of the axis, and each
 * cut is drawn as a break (//) labelled with the years it leaves out. The legend says how to read it.
 * Standalone SVG (usable as `<img>` and inline), deterministic for a given graph.
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
  /** Draw every year, empty or not, without breaks (default false: runs of empty years are cut out). */
  noBreaks?: boolean;
}

/** How to read the timeline: scale, breaks, and what a bar's length means (the legend line and the home page caption). */
const TIMELINE_LEGEND_LINES: readonly string[] = [
  'Time is to scale: each year shown has the same width; // marks a break in the axis that leaves out years with nothing dated.',
  "A dot is a day; a bar is a month or a year, the precision of the date the source gives: bar length shows a date's precision, not a duration.",
];

/** The legend's reading note as one text. */
const TIMELINE_LEGEND = TIMELINE_LEGEND_LINES.join(' ');

/** The caption under the timeline on the home page. */
export const TIMELINE_CAPTION = `How to read the timeline: ${TIMELINE_LEGEND} Colour shows the acting authority.`;

/** A segment of the axis: one year drawn to scale, or a break standing for a run of years with nothing dated. */
export interface AxisSegment {
  /** First year of the segment. */
  readonly from: number;
  /** Year after its last year. */
  readonly to: number;
  /** Whether it is a break (years left out). */
  readonly gap: boolean;
  /** Relative width on the axis. */
  readonly weight: number;
}

/** The relative width of a break, against 1 for a year drawn to scale. */
export const BREAK_WEIGHT = 0.45;

/**
 * The axis segments from `from` to `to` (exclusive): each year with a dated item, or a lone empty year, is
 * one year to scale; a run of two or more years with nothing dated is one break.
 */
export function axisSegments(from: number, to: number, busyYears: ReadonlySet<number>, noBreaks = false): AxisSegment[] {
  const out: AxisSegment[] = [];
  for (let y = from; y < to; ) {
    let end = y;
    while (!noBreaks && end < to && !busyYears.has(end)) end++;
    if (end - y >= 2) {
      out.push({ from: y, to: end, gap: true, weight: BREAK_WEIGHT });
      y = end;
    } else {
      out.push({ from: y, to: y + 1, gap: false, weight: 1 });
      y++;
    }
  }
  return out;
}

const FONT = 11;
const CHAR = FONT * 0.62;
const LANE = 19;
const MAX_LABEL = 46;

/** The label of an item: its name (shortened) and which date it is. */
function itemText(item: DatedItem): string {
  const name = item.label.length > MAX_LABEL ? `${item.label.slice(0, MAX_LABEL - 1).trimEnd()}…` : item.label;
  const kind = item.kind.replace(/On$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${name} (${kind} ${item.date})`;
}

/** Left and right margin of the picture, in pixels. */
const MARGIN = 24;

/** The time axis: the years shown, its segments, and where a time (a fractional year) is drawn. */
interface TimeScale {
  /** First year shown. */
  readonly from: number;
  /** Year after the last one shown. */
  readonly to: number;
  readonly segments: readonly AxisSegment[];
  /** Where each segment starts, in summed weights (one more entry than segments: the total at the end). */
  readonly offsets: readonly number[];
  /** Sum of the segments' weights. */
  readonly total: number;
  /** The x coordinate of a time. */
  x(t: number): number;
}

/** The axis for the items: every year shown is drawn to scale; runs of years with nothing dated are cut out as marked breaks. */
function timeScale(items: readonly DatedItem[], options: TimelineSvgOptions, width: number): TimeScale {
  const from = options.fromYear ?? (items.length ? Math.floor(Math.min(...items.map((i) => i.start))) : new Date().getUTCFullYear());
  const to = Math.max(from + 1, options.toYear !== undefined ? options.toYear + 1 : items.length ? Math.ceil(Math.max(...items.map((i) => i.end))) : from + 1);
  const busy = new Set<number>();
  for (const i of items) for (let y = Math.floor(i.start); y < Math.max(Math.floor(i.start) + 1, Math.ceil(i.end)); y++) busy.add(y);
  const segments = axisSegments(from, to, busy, options.noBreaks);
  const offsets = [0];
  for (const g of segments) offsets.push(offsets[offsets.length - 1]! + g.weight);
  const total = offsets[offsets.length - 1]!;
  const x = (t: number) => {
    let k = segments.findIndex((g) => t < g.to);
    if (k < 0) k = segments.length - 1;
    const g = segments[k]!;
    const u = offsets[k]! + (g.gap ? 0.5 : Math.min(1, Math.max(0, t - g.from))) * g.weight;
    return MARGIN + (u / total) * (width - 2 * MARGIN);
  };
  return { from, to, segments, offsets, total, x };
}

/** One authority in the legend, placed. */
interface LegendItem {
  readonly c: AuthorityColour;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** The legend's authorities (in colour order, with counts), wrapped into rows; `rowsEnd`: the y of the last row. */
function legendLayout(items: readonly DatedItem[], colours: ReadonlyMap<string, AuthorityColour>, width: number): { legendItems: LegendItem[]; rowsEnd: number } {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.authority ?? '', (counts.get(i.authority ?? '') ?? 0) + 1);
  const legend = [...colours.values()].filter((c) => counts.has(c.iri));
  const legendItems: LegendItem[] = [];
  let lx = MARGIN;
  let ly = 0;
  for (const c of legend) {
    const text = `${c.label} (${counts.get(c.iri)})`;
    const w = 16 + text.length * CHAR + 18;
    if (lx + w > width - MARGIN && lx > MARGIN) (lx = MARGIN), (ly += 18);
    legendItems.push({ c, x: lx, y: ly, text });
    lx += w;
  }
  return { legendItems, rowsEnd: ly };
}

/** An item placed on its lane: its mark from `mx0` to `mx1`, its label at `tx`. */
interface Placed {
  readonly item: DatedItem;
  readonly lane: number;
  readonly mx0: number;
  readonly mx1: number;
  readonly tx: number;
  readonly anchor: 'start' | 'end';
  readonly text: string;
}

/** Lane packing: each item occupies [left, right] on the first lane free there; label to the right, or left near the edge. */
function packLanes(items: readonly DatedItem[], x: (t: number) => number, width: number): { placed: Placed[]; lanes: number } {
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
  return { placed, lanes: lanesEnd.length };
}

/** The legend group: the authorities' swatches, then the reading note (at `noteTop`). */
function legendSvg(legendItems: readonly LegendItem[], legendTop: number, noteTop: number): string[] {
  const out: string[] = ['<g class="legend">'];
  for (const l of legendItems) {
    out.push(
      `<rect x="${r(l.x)}" y="${r(legendTop + l.y)}" width="12" height="12" rx="2" fill="${l.c.colour}"/><text x="${r(l.x + 16)}" y="${r(legendTop + l.y + 10)}" fill="#1d2430">${esc(l.text)}</text>`,
    );
  }
  TIMELINE_LEGEND_LINES.forEach((line, k) => out.push(`<text class="how-to-read" x="${MARGIN}" y="${r(noteTop + 10 + 15 * k)}" fill="#5b6575" font-size="10.5">${esc(line)}</text>`));
  out.push('</g>');
  return out;
}

/** The axis group: a line, a tick and label per year, faint grid lines down to `height`, a marked break for each cut. */
function axisSvg(scale: TimeScale, axisY: number, width: number, height: number): string[] {
  const out: string[] = [`<g class="axis" stroke="#9aa3b2">`];
  scale.segments.forEach((g, k) => {
    const x0 = MARGIN + (scale.offsets[k]! / scale.total) * (width - 2 * MARGIN);
    const x1 = MARGIN + (scale.offsets[k + 1]! / scale.total) * (width - 2 * MARGIN);
    if (g.gap) {
      // A break: the axis is interrupted by two slanted strokes, with the years it leaves out.
      const mid = (x0 + x1) / 2;
      out.push(`<g class="axis-break" data-from="${g.from}" data-to="${g.to - 1}"><line x1="${r(x0)}" y1="${axisY}" x2="${r(mid - 5)}" y2="${axisY}"/><line x1="${r(mid + 5)}" y1="${axisY}" x2="${r(x1)}" y2="${axisY}"/>` +
        `<line x1="${r(mid - 8)}" y1="${axisY + 6}" x2="${r(mid - 2)}" y2="${axisY - 6}"/><line x1="${r(mid + 2)}" y1="${axisY + 6}" x2="${r(mid + 8)}" y2="${axisY - 6}"/>` +
        `<text x="${r(mid)}" y="${axisY - 8}" text-anchor="middle" stroke="none" fill="#5b6575" font-size="9">${g.from}–${g.to - 1} //</text><title>Axis break: ${g.from}–${g.to - 1}, nothing dated</title></g>`);
      return;
    }
    out.push(`<line x1="${r(x0)}" y1="${axisY}" x2="${r(x1)}" y2="${axisY}"/>`);
    for (const xx of [x0, x1]) {
      out.push(`<line x1="${r(xx)}" y1="${axisY - 5}" x2="${r(xx)}" y2="${height - 8}" stroke="#e3e7ee"/>`);
      out.push(`<line x1="${r(xx)}" y1="${axisY - 5}" x2="${r(xx)}" y2="${axisY + 5}"/>`);
    }
    const y = g.from;
    const w = x1 - x0;
    if (w >= 34) out.push(`<text x="${r((x0 + x1) / 2)}" y="${axisY - 8}" text-anchor="middle" stroke="none" fill="#1d2430" font-weight="bold">${y}</text>`);
    else if (w >= 18) out.push(`<text x="${r((x0 + x1) / 2)}" y="${axisY - 8}" text-anchor="middle" stroke="none" fill="#5b6575" font-size="9">’${String(y).slice(-2)}</text>`);
    const ticks = w >= 120 ? 12 : w >= 50 ? 2 : 1;
    for (let m = 1; m < ticks; m++) {
      const xm = r(x0 + (m / ticks) * w);
      out.push(`<line x1="${xm}" y1="${axisY - 2}" x2="${xm}" y2="${axisY + 2}"/>`);
    }
  });
  out.push('</g>');
  return out;
}

/** One placed item: a dot (a day) or a bar, a stem down from the axis, its label and tooltip; a link when `href` gives one. */
function itemSvg(p: Placed, colours: ReadonlyMap<string, AuthorityColour>, axisY: number, lanesTop: number, href: TimelineSvgOptions['href']): string {
  const colour = colours.get(p.item.authority ?? '')?.colour ?? NO_AUTHORITY_COLOUR;
  const cy = lanesTop + p.lane * LANE + LANE / 2;
  const link = href?.(p.item.iri);
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
  return svgItem(link, attrs, inner);
}

/** Renders the timeline as SVG text. */
export function timelineSvg(items: readonly DatedItem[], colours: ReadonlyMap<string, AuthorityColour>, options: TimelineSvgOptions = {}): string {
  const width = options.width ?? 1200;
  const scale = timeScale(items, options, width);
  const { legendItems, rowsEnd } = legendLayout(items, colours, width);
  const titleH = options.title ? 26 : 6;
  const legendTop = titleH + 6;
  const noteTop = legendTop + (legendItems.length ? rowsEnd + 18 : 0);
  const legendH = (legendItems.length ? rowsEnd + 18 : 0) + 15 * TIMELINE_LEGEND_LINES.length + 8;
  const axisY = legendTop + legendH + 22;
  const { placed, lanes } = packLanes(items, scale.x, width);
  const lanesTop = axisY + 16;
  const height = lanesTop + Math.max(1, lanes) * LANE + 16;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="tl-title" class="timeline" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(`<title id="tl-title">${esc(options.title ?? 'Timeline')}: ${items.length} dated actions, ${scale.from}–${scale.to - 1}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) out.push(`<text x="${MARGIN}" y="18" font-size="14" font-weight="bold" fill="#1d2430">${esc(options.title)}</text>`);
  out.push(...legendSvg(legendItems, legendTop, noteTop));
  out.push(...axisSvg(scale, axisY, width, height));
  out.push('<g class="items">');
  for (const p of placed) out.push(itemSvg(p, colours, axisY, lanesTop, options.href));
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
