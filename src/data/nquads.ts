/**
 * N-Quads and N-Triples, written and read once for the whole package: the compiled dataset, the
 * `nquads`/`ntriples` exports, the site's `.nt` files, the input of RDFC-1.0 canonicalisation, the text the
 * query engines load, and the key of a quad where one is needed as text (proposition IRIs, de-duplication).
 *
 * Writing: n3's `Writer` in its line mode writes each quad in the canonical N-Triples/N-Quads form of RDF
 * 1.2 (ECHAR for `\\ " \n \r \t \b \f`, upper-case `\uXXXX` for the other control characters, U+007F,
 * U+FFFE and U+FFFF); the lines are sorted, so the same quads give the same bytes whatever their order.
 * bench/export.ts (`--writers`) times it against the hand-written line writer the package had: n3's takes
 * 1.07× (N-Quads) and 1.10× (N-Triples) its time on the package dataset, 1.01× and 1.00× on the
 * 100,000-quad synthetic graph, within the 1.3× the package accepts for a library, so the package keeps
 * no line writer of its own.
 *
 * Blank nodes are written `_:b0`, `_:b1`, … (PyLD's N-Quads parser and Perl RDF::Trine reject labels such
 * as `_:n3-0`), by every text writer (this one and the Turtle and TriG writers). Labels depend on the
 * graph, not on the labels the input came with (a store such as Oxigraph gives blank nodes new random
 * labels on every load): each blank node gets a colour from its surroundings ({@link blankColours}), and
 * labels are numbered in order of first appearance (subject, object, graph) in the input's N-Quads lines
 * sorted with blank nodes written as their colours, so the same graph gives the same text whatever its
 * order and its labels. Quads whose blank nodes are already
 * labelled `b0` … `b<n-1>` keep them, so text read back and written again is the same text (the N-Quads
 * export of the compiled dataset is that file). The relabelling is one-to-one, so the graph written is
 * isomorphic to the input.
 *
 * Reading: n3's parser through {@link parseRdf} (strict: UTF-8, well-formed terms, errors with file, line
 * and column).
 * @module
 */
import { createRequire } from 'node:module';
import type { Quad, Writer } from 'n3';
import { DataFactory } from '../rdf/factory.js';
import { parseRdf } from './parse.js';

// n3's writer is loaded on first use, not when the package is imported (as its parser is, in parse.ts).
const requireFromHere = createRequire(import.meta.url);
let lineWriter: Writer | undefined;
function writer(): Writer {
  lineWriter ??= new (requireFromHere('n3') as typeof import('n3')).Writer({ format: 'N-Quads' });
  return lineWriter;
}

/** One N-Quads line for a quad, newline included (a quad of the default graph is an N-Triples line). */
function line(q: Quad): string {
  return writer().quadToString(q.subject, q.predicate, q.object, q.graph);
}

/** One N-Quads line for a quad (without the newline): the quad's canonical text. */
export function nquadLine(q: Quad): string {
  const l = line(q);
  return l.slice(0, -1);
}

/** Sorted lines of already relabelled quads. */
function sortedLines(quads: readonly Quad[]): string {
  const lines = quads.map(line);
  lines.sort();
  return lines.join('');
}

/**
 * Every graph of `quads` as N-Quads, one line per quad, sorted for byte-stable output; blank nodes are
 * labelled `_:b0`, `_:b1`, … (labels every N-Quads parser accepts, see {@link relabelBlankNodes}).
 */
export function toNQuads(quads: readonly Quad[]): string {
  return sortedLines(relabelBlankNodes(quads));
}

/** The default graph of `quads` as N-Triples (named-graph quads are left out), sorted as {@link toNQuads}. */
export function toNTriples(quads: readonly Quad[]): string {
  return toNQuads(quads.filter((q) => q.graph.termType === 'DefaultGraph'));
}

/** Parses N-Quads text (errors: `RdfSyntaxError` naming `label`, the line and the column). Blank nodes keep their labels. */
export function fromNQuads(text: string, label = 'N-Quads'): Quad[] {
  return parseRdf(text, label, 'N-Quads');
}

type Node = Quad['subject'] | Quad['object'] | Quad['graph'];

function isBlank(q: Quad): boolean {
  return q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode';
}

const WRITTEN_LABEL = /^b(?:0|[1-9][0-9]*)$/;

/** Whether the blank nodes of `quads` are labelled `b0` … `b<n-1>` already (as this module writes them). */
function labelledAlready(quads: readonly Quad[]): boolean {
  const labels = new Set<string>();
  const see = (t: Node): boolean => t.termType !== 'BlankNode' || (WRITTEN_LABEL.test(t.value) && (labels.add(t.value), true));
  for (const q of quads) if (!see(q.subject) || !see(q.object) || !see(q.graph)) return false;
  for (let i = 0; i < labels.size; i++) if (!labels.has(`b${i}`)) return false;
  return true;
}

/**
 * The quads with every blank node relabelled `b0`, `b1`, … (see the module comment). Without blank nodes,
 * or with blank nodes labelled so already, `quads` itself is returned.
 */
export function relabelBlankNodes(quads: readonly Quad[]): readonly Quad[] {
  if (!quads.some(isBlank) || labelledAlready(quads)) return quads;
  const colour = blankColours(quads.filter(isBlank));
  const masked = (q: Quad): string => (isBlank(q) ? line(maskBlanks(q, colour)) : line(q));
  const keyed = quads.map((q) => ({ q, key: masked(q), line: isBlank(q) ? line(q) : '' }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : a.line > b.line ? 1 : 0));
  const labels = new Map<string, string>();
  const see = (t: Node) => {
    if (t.termType === 'BlankNode' && !labels.has(t.value)) labels.set(t.value, `b${labels.size}`);
  };
  for (const { q } of keyed) {
    see(q.subject);
    see(q.object);
    see(q.graph);
  }
  const map = <T extends Node>(t: T): T => (t.termType === 'BlankNode' ? (DataFactory.blankNode(labels.get(t.value)) as T) : t);
  return quads.map((q) => (isBlank(q) ? DataFactory.quad(map(q.subject), q.predicate, map(q.object), map(q.graph)) : q));
}

/** The quad with each blank node written as its colour (`_:c<colour>`), for ordering by structure only. */
function maskBlanks(q: Quad, colour: ReadonlyMap<string, string>): Quad {
  const m = <T extends Node>(t: T): T => (t.termType === 'BlankNode' ? (DataFactory.blankNode(`c${colour.get(t.value)}`) as T) : t);
  return DataFactory.quad(m(q.subject), q.predicate, m(q.object), m(q.graph));
}

/**
 * A colour per blank node that depends on the graph's structure, not on the labels it came with (colour
 * refinement: start alike, then, round after round, a node's colour is a hash of the lines it sits in
 * with every blank node written as its current colour, until the number of colours stops growing). Blank
 * nodes that end with one colour cannot be told apart by their surroundings; for the trees and lists of
 * RDF data (OWL restrictions, RDF collections, reified statements) that means they are interchangeable.
 */
function blankColours(blankQuads: readonly Quad[]): Map<string, string> {
  let colour = new Map<string, string>();
  for (const q of blankQuads) for (const t of [q.subject, q.object, q.graph]) if (t.termType === 'BlankNode') colour.set(t.value, '0');
  let classes = 1;
  for (let round = 0; round < 64; round++) {
    const seen = new Map<string, string[]>();
    for (const q of blankQuads) {
      const text = line(maskBlanks(q, colour));
      const at = (t: Node, pos: string) => {
        if (t.termType === 'BlankNode') (seen.get(t.value) ?? seen.set(t.value, []).get(t.value)!).push(pos + text);
      };
      at(q.subject, 's');
      at(q.object, 'o');
      at(q.graph, 'g');
    }
    const next = new Map<string, string>();
    for (const [b, lines] of seen) next.set(b, textHash(`${colour.get(b)}\n${lines.sort().join('')}`));
    const n = new Set(next.values()).size;
    colour = next;
    if (n <= classes) break;
    classes = n;
  }
  return colour;
}

/** A 64-bit hash of a string, as 16 hex digits (two 32-bit FNV-1a lanes over its UTF-16 code units). */
function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x1b873593;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
