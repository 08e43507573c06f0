/**
 * The one string key of an RDF term, triple and quad: what every de-duplication, map, set and "same term?"
 * test of the package uses (issue 14: each rule once).
 *
 * The rule, n3's own `termToId` with language tags in lower case:
 * - an IRI: the IRI itself (so the key of a node is its JSON-LD `@id`; the empty relative IRI too, which n3
 *   writes `<>`);
 * - a blank node: `_:` and its label;
 * - a literal: `"` lexical form `"`, then `@` and the language tag in lower case (and `--` and the base
 *   direction, if any), or `^^` and the datatype IRI unless the datatype is `xsd:string` (an RDF 1.1 simple
 *   literal is an `xsd:string`: `"a"` and `"a"^^xsd:string` are one term);
 * - the default graph: the empty string; a variable: `?` and its name.
 *
 * Language tags compare case-insensitively (RDF 1.1 Concepts §3.3: the value space of language tags is lower
 * case; BCP 47 tags are case-insensitive), so `"x"@en-US` and `"x"@en-us` have one key. n3's data factory and
 * parser already lower-case the tags they make; terms of other libraries (RDF/JS objects, query results) are
 * lower-cased here.
 *
 * Different well-formed terms have different keys: an absolute IRI starts with a letter (never `_:`, `"` or
 * `?`), and the text after a literal key's last `"` is its tag or datatype, which contain no `"`. The
 * triple and quad keys join term keys with a space, which no IRI, blank node label or key of either holds,
 * and put the object (a literal may hold spaces) last.
 *
 * The key is an identity, not an order for people: exports and the site sort with `./order.ts`.
 * @module
 */
import { termToId, type Quad, type Term } from 'n3';

/** The language tag, lower-cased, and base direction of a literal of any RDF/JS library. */
interface Tagged {
  readonly value: string;
  readonly language: string;
  readonly direction?: string | null;
}

/** The key of a term (see the module documentation for the rule). */
export function termKey(t: Term): string {
  if (t.termType === 'NamedNode') return t.value;
  if (t.termType === 'Literal' && t.language) {
    const l = t as unknown as Tagged;
    return `"${l.value}"@${l.language.toLowerCase()}${l.direction ? `--${l.direction.toLowerCase()}` : ''}`;
  }
  // n3's own terms carry their key (`id`); for others termToId writes it the same way.
  return termToId(t);
}

/** The key of a triple: subject, predicate and object keys, the graph ignored. */
export function tripleKey(q: Pick<Quad, 'subject' | 'predicate' | 'object'>): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
}

/** The key of a quad: graph key (empty for the default graph), then {@link tripleKey}. */
export function quadKey(q: Pick<Quad, 'subject' | 'predicate' | 'object' | 'graph'>): string {
  return `${termKey(q.graph)} ${tripleKey(q)}`;
}
