/**
 * The "parties and actions" picture: three columns, who acts (left), the actions in date order (middle),
 * whom they target (right); edges coloured by the action's authority. A party that both acts and is
 * targeted appears in both outer columns. Many targets of one class for one action (the twelve designated
 * executives) are drawn as one group node, so the picture stays readable at a glance. An own layered
 * layout (barycentre ordering), no Graphviz needed; deterministic.
 * @module
 */
import { esc, svgItem, svgNum as r } from './html.js';
import { NO_AUTHORITY_COLOUR, type ActionEdges, type AuthorityColour } from './actions.js';
import type { SiteModel } from './model.js';
import { specificTypes } from './model.js';
import { naturalCompare } from '../rdf/order.js';

/** Options of {@link graphSvg}. */
export interface GraphSvgOptions {
  /** The link of a node's IRI (relative to where the SVG is shown), or undefined for no link. */
  href?: (iri: string) => string | undefined;
  /** Targets of one class per action above this number are drawn as one group node (default 3). */
  groupAbove?: number;
  /** Total width (default 1180). */
  width?: number;
}

/** A node of the picture: a party, an action or a group of targets, in its column at row `y`. */
interface GNode {
  key: string;
  iri: string;
  label: string;
  column: 0 | 1 | 2;
  y: number;
  order: number;
  colour?: string;
  kind: 'party' | 'action' | 'group';
}

const FONT = 11.5;
const CHAR = FONT * 0.6;
const ROW = 42;
const BOX_H = 34;

/** Wraps a label into at most two lines that fit `width` pixels (the second shortened with … if needed). */
function wrapLabel(s: string, width: number): string[] {
  const max = Math.max(6, Math.floor((width - 14) / CHAR));
  if (s.length <= max) return [s];
  let cut = s.lastIndexOf(' ', max);
  if (cut < max / 2) cut = max;
  const first = s.slice(0, cut).trimEnd();
  let second = s.slice(cut).trimStart();
  if (second.length > max) second = `${second.slice(0, max - 1).trimEnd()}…`;
  return [first, second];
}

/** A directed edge between two nodes (by key), coloured by the action's authority. */
interface GEdge {
  from: string;
  to: string;
  colour: string;
}

/** The columns' x positions and widths for a total width. */
interface Columns {
  readonly colX: readonly [number, number, number];
  readonly colW: readonly [number, number, number];
}

/**
 * The nodes and edges: each action (middle column, in the given order), its actors (left) and its targets
 * (right), targets of one class beyond `groupAbove` drawn as one group node.
 */
function graphNodes(model: SiteModel, actions: readonly ActionEdges[], colours: ReadonlyMap<string, AuthorityColour>, groupAbove: number): { nodes: Map<string, GNode>; edges: GEdge[] } {
  const nodes = new Map<string, GNode>();
  const edges: GEdge[] = [];
  const add = (n: Omit<GNode, 'y' | 'order'>): GNode => {
    let g = nodes.get(n.key);
    if (!g) nodes.set(n.key, (g = { ...n, y: 0, order: 0 }));
    return g;
  };
  actions.forEach((a, i) => {
    const colour = colours.get(a.authority ?? '')?.colour ?? NO_AUTHORITY_COLOUR;
    const node = add({ key: `a|${a.iri}`, iri: a.iri, label: a.date ? `${a.date.slice(0, 10)} ${a.label}` : a.label, column: 1, colour, kind: 'action' });
    node.order = i;
    for (const actor of a.actors) {
      add({ key: `l|${actor}`, iri: actor, label: model.label(actor), column: 0, kind: 'party' });
      edges.push({ from: `l|${actor}`, to: node.key, colour });
    }
    const byClass = new Map<string, string[]>();
    for (const t of a.targets) {
      const cls = specificTypes(model, t)[0] ?? '';
      const l = byClass.get(cls) ?? [];
      l.push(t);
      byClass.set(cls, l);
    }
    for (const [cls, ts] of [...byClass].sort((x, y) => naturalCompare(x[0], y[0]))) {
      if (ts.length > groupAbove && cls) {
        const key = `g|${a.iri}|${cls}`;
        add({ key, iri: a.iri, label: `${ts.length} × ${model.label(cls)}`, column: 2, kind: 'group' });
        edges.push({ from: node.key, to: key, colour });
      } else {
        for (const t of ts) {
          add({ key: `r|${t}`, iri: t, label: model.label(t), column: 2, kind: 'party' });
          edges.push({ from: node.key, to: `r|${t}`, colour });
        }
      }
    }
  });
  return { nodes, edges };
}

/**
 * Sets each node's row (`y`): the middle column in action order; the outer columns ordered by the
 * barycentre of their neighbours in the middle column. Returns how many actions the middle column holds.
 */
function layoutRows(nodes: ReadonlyMap<string, GNode>, edges: readonly GEdge[]): number {
  const middle = [...nodes.values()].filter((n) => n.column === 1).sort((a, b) => a.order - b.order);
  const rows = Math.max(1, middle.length);
  middle.forEach((n, i) => (n.y = i));
  for (const column of [0, 2] as const) {
    const col = [...nodes.values()].filter((n) => n.column === column);
    for (const n of col) {
      const ys = edges.filter((e) => e.from === n.key || e.to === n.key).map((e) => nodes.get(e.from === n.key ? e.to : e.from)!.y);
      n.order = ys.length ? ys.reduce((s, v) => s + v, 0) / ys.length : 0;
    }
    col.sort((a, b) => a.order - b.order || naturalCompare(a.label, b.label));
    // Each node at its barycentre, at least one row below the previous; then pulled up into the frame.
    const limit = Math.max(rows, col.length) - 1;
    let prev = -Infinity;
    for (const n of col) prev = n.y = Math.max(n.order, prev + 1);
    for (let i = col.length - 1; i >= 0; i--) col[i]!.y = Math.min(col[i]!.y, limit - (col.length - 1 - i));
  }
  return middle.length;
}

/** The edges group: a curve with an arrow head from each node's right side to the next column's left side. */
function edgesSvg(nodes: ReadonlyMap<string, GNode>, edges: readonly GEdge[], cols: Columns, cy: (n: GNode) => number): string[] {
  const { colX, colW } = cols;
  const out: string[] = ['<g class="edges" fill="none">'];
  for (const e of edges) {
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    const x1 = colX[a.column] + colW[a.column];
    const x2 = colX[b.column];
    const y1 = cy(a);
    const y2 = cy(b);
    const dx = (x2 - x1) / 2;
    out.push(`<path d="M${x1},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${x2 - 2},${r(y2)}" stroke="${e.colour}" stroke-width="1.6" stroke-opacity="0.65" marker-end="url(#arrow)"/>`);
  }
  out.push('</g>');
  return out;
}

/** One node: a box (an action framed in its authority's colour, a group dashed), its label on up to two lines; a link when `href` gives one. */
function nodeSvg(n: GNode, cols: Columns, cy: (n: GNode) => number, href: GraphSvgOptions['href']): string {
  const x0 = cols.colX[n.column];
  const w = cols.colW[n.column];
  const y0 = cy(n) - BOX_H / 2;
  const fill = n.kind === 'action' ? '#ffffff' : n.kind === 'group' ? '#f4f6fa' : '#eef3fb';
  const stroke = n.kind === 'action' ? (n.colour ?? NO_AUTHORITY_COLOUR) : '#9aa3b2';
  const box = `<rect x="${x0}" y="${r(y0)}" width="${w}" height="${BOX_H}" rx="${n.kind === 'action' ? 4 : 12}" fill="${fill}" stroke="${stroke}" stroke-width="${n.kind === 'action' ? 2 : 1}"${n.kind === 'group' ? ' stroke-dasharray="4 3"' : ''}/>`;
  const lines = wrapLabel(n.label, w);
  const text =
    lines.length === 1
      ? `<text x="${x0 + 8}" y="${r(y0 + BOX_H / 2 + 4)}" fill="#1d2430">${esc(lines[0]!)}</text>`
      : `<text x="${x0 + 8}" y="${r(y0 + BOX_H / 2 - 3)}" fill="#1d2430">${esc(lines[0]!)}<tspan x="${x0 + 8}" dy="14">${esc(lines[1]!)}</tspan></text>`;
  const link = href?.(n.iri);
  const attrs = `class="g-node g-${n.kind}" data-iri="${esc(n.iri)}"`;
  const inner = `<title>${esc(n.label)}</title>${box}${text}`;
  return svgItem(link, attrs, inner);
}

/** Renders the parties-and-actions graph as SVG text. */
export function graphSvg(model: SiteModel, actions: readonly ActionEdges[], colours: ReadonlyMap<string, AuthorityColour>, options: GraphSvgOptions = {}): string {
  const width = options.width ?? 1180;
  const groupAbove = options.groupAbove ?? 3;
  const colW = [Math.round(width * 0.22), Math.round(width * 0.34), Math.round(width * 0.24)] as const;
  const colX = [16, Math.round((width - colW[1]) / 2), width - 16 - colW[2]] as const;
  const cols: Columns = { colX, colW };

  const { nodes, edges } = graphNodes(model, actions, colours, groupAbove);
  const actionCount = layoutRows(nodes, edges);
  const rows = Math.max(1, actionCount);
  const span = Math.max(rows, ...[0, 2].map((c) => [...nodes.values()].filter((n) => n.column === c).length));
  const rowH = ROW;
  const top = 56;
  const height = top + span * rowH + 24;
  const cy = (n: GNode) => top + n.y * rowH + BOX_H / 2;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round(height)}" viewBox="0 0 ${width} ${Math.round(height)}" role="img" aria-labelledby="g-title" class="parties" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="${FONT}">`,
  );
  out.push(`<title id="g-title">Parties and actions: ${actionCount} actions</title>`);
  out.push(`<rect width="${width}" height="${Math.round(height)}" fill="#ffffff"/>`);
  out.push(
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6575"/></marker></defs>`,
  );
  const heads = ['who acts', 'action (by date)', 'whom it targets'];
  heads.forEach((h, i) => out.push(`<text x="${colX[i as 0 | 1 | 2] + 4}" y="30" font-weight="bold" fill="#1d2430">${h}</text>`));
  out.push(...edgesSvg(nodes, edges, cols, cy));
  out.push('<g class="nodes">');
  for (const n of [...nodes.values()].sort((a, b) => a.column - b.column || a.y - b.y)) out.push(nodeSvg(n, cols, cy, options.href));
  out.push('</g>');
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
