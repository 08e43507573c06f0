/**
 * RDF/XML (default graph only): one `rdf:Description` per subject in natural order, one property element
 * per triple (`rdf:resource`, `rdf:nodeID`, `xml:lang`, `rdf:datatype`), namespaces from the package
 * prefixes (others numbered `ns1`, `ns2`, … in IRI order). Byte-stable. Literals that XML 1.0 cannot carry
 * (C0 controls other than tab, newline and carriage return) are refused with an error instead of being
 * corrupted.
 * @module
 */
import type { Quad } from 'n3';
import { PREFIXES, XSD_STRING } from '../namespaces.js';
import { codeUnitCompare, naturalKey } from '../rdf/order.js';
import { termKey } from '../rdf/term-key.js';

const RDF = PREFIXES.rdf;
const NCNAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NCNAME_CHAR = /[-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RESERVED_RDF = new Set(['RDF', 'Description', 'ID', 'about', 'parseType', 'resource', 'nodeID', 'datatype', 'li', 'aboutEach', 'aboutEachPrefix', 'bagID']);

/** Splits a predicate IRI into namespace and an XML NCName local part, or throws. */
export function splitPredicate(iri: string): [string, string] {
  let i = iri.length;
  while (i > 0 && NCNAME_CHAR.test(iri[i - 1]!)) i--;
  while (i < iri.length && !NCNAME_START.test(iri[i]!)) i++;
  if (i >= iri.length || i === 0) throw new Error(`RDF/XML cannot write the predicate <${iri}>: it does not end in an XML name`);
  return [iri.slice(0, i), iri.slice(i)];
}

function escText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}
function escAttr(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' })[c]!);
}
function checkXml(s: string, what: string): string {
  const m = XML_FORBIDDEN.exec(s);
  if (m) throw new Error(`RDF/XML cannot carry ${what}: it contains U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 forbids`);
  return s;
}

/** The default graph of `quads` as RDF/XML. */
export function toRdfXml(quads: readonly Quad[]): string {
  const triples = quads.filter((q) => q.graph.termType === 'DefaultGraph');
  const nsNames = new Map<string, string>(Object.entries(PREFIXES).map(([p, ns]) => [ns, p]));
  const usedNs = new Set<string>([RDF]);
  const qnames = new Map<string, string>();
  const extra = new Set<string>();
  const split = new Map<string, [string, string]>();
  for (const q of triples) {
    const p = q.predicate.value;
    if (split.has(p)) continue;
    const [ns, local] = splitPredicate(p);
    if (ns === RDF && RESERVED_RDF.has(local)) throw new Error(`RDF/XML cannot use <${p}> as a property`);
    split.set(p, [ns, local]);
    usedNs.add(ns);
    if (!nsNames.has(ns)) extra.add(ns);
  }
  let n = 0;
  for (const ns of [...extra].sort(codeUnitCompare)) {
    let name: string;
    do name = `ns${++n}`;
    while ([...nsNames.values()].includes(name));
    nsNames.set(ns, name);
  }
  for (const [p, [ns, local]] of split) qnames.set(p, `${nsNames.get(ns)!}:${local}`);
  const blank = new Map<string, string>();
  const nodeAttr = (t: Quad['subject'] | Quad['object'], el: 'about' | 'resource'): string => {
    if (t.termType === 'BlankNode') {
      let b = blank.get(t.value);
      if (!b) blank.set(t.value, (b = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(t.value) ? t.value : `b${blank.size}`));
      return `rdf:nodeID="${b}"`;
    }
    return `rdf:${el}="${escAttr(checkXml(t.value, `the IRI <${t.value}>`))}"`;
  };
  const bySubject = new Map<string, { key: string; head: string; props: Map<string, string> }>();
  for (const q of triples) {
    const s = q.subject;
    const sk = termKey(s);
    let e = bySubject.get(sk);
    if (!e) bySubject.set(sk, (e = { key: `${s.termType === 'BlankNode' ? '\uffff' : ''}${naturalKey(s.value)}\u0000${s.value}`, head: nodeAttr(s, 'about'), props: new Map() }));
    const qn = qnames.get(q.predicate.value)!;
    const o = q.object;
    let el: string;
    if (o.termType === 'Literal') {
      const text = escText(checkXml(o.value, `the literal "${o.value.slice(0, 40)}"`));
      if (o.language) el = `<${qn} xml:lang="${escAttr(o.language)}">${text}</${qn}>`;
      else if (o.datatype.value === XSD_STRING) el = `<${qn}>${text}</${qn}>`;
      else el = `<${qn} rdf:datatype="${escAttr(o.datatype.value)}">${text}</${qn}>`;
    } else el = `<${qn} ${nodeAttr(o as Quad['subject'], 'resource')}/>`;
    e.props.set(`${q.predicate.value === `${RDF}type` ? '0' : '1'}${qn}\u0000${naturalKey(el)}\u0000${el}`, el);
  }
  const subjects = [...bySubject.values()].sort((a, b) => codeUnitCompare(a.key, b.key));
  const nsDecl = [...usedNs]
    .map((ns) => [nsNames.get(ns)!, ns] as const)
    .sort((a, b) => codeUnitCompare(a[0], b[0]))
    .map(([p, ns]) => `\n    xmlns:${p}="${escAttr(ns)}"`)
    .join('');
  const body = subjects
    .map((s) => {
      const props = [...s.props.keys()].sort(codeUnitCompare).map((k) => `    ${s.props.get(k)!}`);
      return `  <rdf:Description ${s.head}>\n${props.join('\n')}\n  </rdf:Description>\n`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${nsDecl}>\n${body}</rdf:RDF>\n`;
}
