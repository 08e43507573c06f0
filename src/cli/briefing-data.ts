/**
 * What the briefing reads beyond the typed helpers, on the published model (claims state or deny
 * propositions; evidence per source): who acted, the signatories, the fact count, each source's own words
 * and kind, and the denials. Each is one query; the helpers stay the source of everything else.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import { KG, PREFIXES } from '../namespaces.js';

const PROLOGUE = `PREFIX kg: <${KG}>
PREFIX rdf: <${PREFIXES.rdf}>
PREFIX rdfs: <${PREFIXES.rdfs}>
PREFIX prov: <${PREFIXES.prov}>
PREFIX dcterms: <${PREFIXES.dcterms}>`;

/** What kind of source a document is, from its class (a journalist's question: who says so?). */
export type SourceKind = 'official' | 'news' | 'law firm' | 'reference';

const KIND_OF_CLASS: ReadonlyMap<string, SourceKind> = new Map([
  [`${KG}FederalRegisterDocument`, 'official'],
  [`${KG}PressRelease`, 'official'],
  [`${KG}NewsArticle`, 'news'],
  [`${KG}LegalAnalysis`, 'law firm'],
  [`${KG}ReferenceWork`, 'reference'],
]);
const SOURCE_CLASSES = [...KIND_OF_CLASS.keys()].map((c) => `<${c}>`).join(' ');

/** The kind of a source document from its classes (official before law firm before news before reference). */
export function sourceKind(classes: Iterable<string>): SourceKind | undefined {
  const kinds = new Set([...classes].map((c) => KIND_OF_CLASS.get(c)).filter((k): k is SourceKind => k !== undefined));
  return (['official', 'law firm', 'news', 'reference'] as const).find((k) => kinds.has(k));
}

/** A label with a leading claim key (`C21: …`) removed: the statement, not the numbering. */
export function statementOf(label: string, key?: string): string {
  return label.replace(key ? new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`) : /^[A-Z]\d+[a-z]?:\s*/, '');
}

/** An acting body: its label, the organisation it belongs to, and what it did. */
export interface ActingParty {
  iri: string;
  label: string;
  /** The organisations it belongs to, nearest first (kg:parentOrganization). */
  partOf: string[];
  /** The labels of the actions it took against the group, or of its statements about them. */
  did: string[];
  /** True when it only made statements about the actions (kg:Statement ... kg:about), and is not a government body. */
  reactingOnly: boolean;
}

/**
 * Every party that acted against the group `group`: the actors of actions that target the group or one of
 * its companies, or a person holding a role in one of them (the OFAC designations), and of statements
 * about such actions (the State Department's). Members of the group itself are not acting parties; a
 * non-governmental party that only commented (resellers) is marked `reactingOnly`.
 */
export async function actingParties(kg: KasperskyGraph, group: string): Promise<ActingParty[]> {
  const rows = await kg.select(`${PROLOGUE}
SELECT DISTINCT ?actor ?label ?claimedLabel ?what ?whatLabel ?statement ?gov WHERE {
  { SELECT DISTINCT ?a WHERE {
      { ?a kg:target/(kg:memberOfGroup|kg:parentOrganization)* <${group}> }
      UNION { ?a kg:target ?person . ?role kg:person ?person ; kg:organization/(kg:memberOfGroup|kg:parentOrganization)* <${group}> }
  } }
  { ?a kg:actor ?actor BIND(?a AS ?what) BIND(false AS ?statement) } UNION { ?what kg:about ?a ; kg:actor ?actor BIND(true AS ?statement) }
  FILTER NOT EXISTS { ?actor (kg:memberOfGroup|kg:parentOrganization)* <${group}> }
  OPTIONAL { ?actor rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?px rdf:subject ?actor ; rdf:predicate rdfs:label ; rdf:object ?claimedLabel FILTER(LANGMATCHES(LANG(?claimedLabel), "en")) }
  OPTIONAL { ?what rdfs:label ?whatLabel FILTER(LANGMATCHES(LANG(?whatLabel), "en")) }
  BIND(EXISTS { ?actor a kg:GovernmentBody } AS ?gov)
}`);
  const parents = await kg.select(`${PROLOGUE}
SELECT DISTINCT ?x ?up ?upLabel WHERE { ?x kg:parentOrganization ?up . OPTIONAL { ?up rdfs:label ?upLabel FILTER(LANGMATCHES(LANG(?upLabel), "en")) } }`);
  const up = new Map<string, { iri: string; label: string }>();
  for (const r of parents) up.set(r.x!.value, { iri: r.up!.value, label: r.upLabel?.value ?? r.up!.value });
  const bool = (v: string | undefined) => v === 'true' || v === '1';
  const out = new Map<string, ActingParty & { acted: boolean; gov: boolean }>();
  for (const r of rows) {
    const iri = r.actor!.value;
    let a = out.get(iri);
    if (!a) {
      const partOf: string[] = [];
      const seen = new Set([iri]);
      for (let p = up.get(iri); p && !seen.has(p.iri); p = up.get(p.iri)) (seen.add(p.iri), partOf.push(p.label));
      out.set(iri, (a = { iri, label: r.label?.value ?? r.claimedLabel?.value ?? iri, partOf, did: [], reactingOnly: false, acted: false, gov: bool(r.gov?.value) }));
    }
    const what = r.whatLabel?.value ?? r.what!.value;
    if (!a.did.includes(what)) a.did.push(what);
    if (!bool(r.statement?.value)) a.acted = true;
  }
  return [...out.values()]
    .map(({ acted, gov, ...a }) => ({ ...a, did: a.did.sort(), reactingOnly: !acted && !gov }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Who signed each signed instrument (`kg:signatory`): instrument IRI → signatory labels. */
export async function signatories(kg: KasperskyGraph): Promise<Map<string, string[]>> {
  const rows = await kg.select(`${PROLOGUE}
SELECT DISTINCT ?x ?who ?label WHERE { ?x kg:signatory ?who . OPTIONAL { ?who rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) } }`);
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const l = out.get(r.x!.value) ?? [];
    const name = r.label?.value ?? r.who!.value;
    if (!l.includes(name)) l.push(name);
    out.set(r.x!.value, l.sort());
  }
  return out;
}

/** The number of facts: plain triples of propositions stated by a licensed claim (not descriptions of sources or claims). */
export async function factCount(kg: KasperskyGraph): Promise<{ facts: number; claims: number }> {
  const rows = await kg.select(`${PROLOGUE}
SELECT (COUNT(DISTINCT ?x) AS ?facts) (COUNT(DISTINCT ?c) AS ?claims) WHERE {
  { ?c a kg:Claim } UNION { ?l kg:states ?x ; kg:licensed true . ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }
}`);
  return { facts: Number(rows[0]?.facts?.value ?? 0), claims: Number(rows[0]?.claims?.value ?? 0) };
}

/** One source's words for a claim: the document, its kind and label, and its exact quote (absent for a paraphrase). */
export interface SourceWords {
  document: string;
  documentLabel: string;
  kind: SourceKind | undefined;
  quote: string | undefined;
  /** Whether the evidence is flagged as the source's paraphrase (kg:paraphrase true), not its exact words. */
  paraphrase: boolean;
}

const WORDS = `
  ?claim prov:wasDerivedFrom ?doc .
  OPTIONAL { ?claim kg:evidence ?ev . ?ev kg:document ?doc ; kg:quote ?quote }
  OPTIONAL { ?claim kg:evidence ?pev . ?pev kg:document ?doc ; kg:paraphrase ?para }
  OPTIONAL { ?doc a ?cls VALUES ?cls { ${SOURCE_CLASSES} } }
  OPTIONAL { ?doc rdfs:label ?docLabel FILTER(LANGMATCHES(LANG(?docLabel), "en") || LANG(?docLabel) = "") }
  OPTIONAL { ?doc dcterms:title ?docTitle }`;

function groupWords(rows: Awaited<ReturnType<KasperskyGraph['select']>>): Map<string, SourceWords[]> {
  const acc = new Map<string, Map<string, { label: string; classes: Set<string>; quotes: Set<string>; paraphrase: boolean }>>();
  for (const r of rows) {
    const c = r.claim!.value, d = r.doc!.value;
    const docs = acc.get(c) ?? acc.set(c, new Map()).get(c)!;
    const w = docs.get(d) ?? docs.set(d, { label: r.docLabel?.value ?? r.docTitle?.value ?? d, classes: new Set(), quotes: new Set(), paraphrase: false }).get(d)!;
    if (r.cls) w.classes.add(r.cls.value);
    if (r.quote) w.quotes.add(r.quote.value);
    if (r.para && (r.para.value === 'true' || r.para.value === '1')) w.paraphrase = true;
  }
  const out = new Map<string, SourceWords[]>();
  for (const [c, docs] of acc) {
    const list: SourceWords[] = [];
    for (const [d, w] of docs) {
      const quotes = [...w.quotes].sort();
      if (!quotes.length) list.push({ document: d, documentLabel: w.label, kind: sourceKind(w.classes), quote: undefined, paraphrase: w.paraphrase });
      for (const q of quotes) list.push({ document: d, documentLabel: w.label, kind: sourceKind(w.classes), quote: q, paraphrase: w.paraphrase });
    }
    const rank = (k: SourceKind | undefined) => ['official', 'law firm', 'news', 'reference'].indexOf(k ?? 'reference');
    out.set(c, list.sort((a, b) => rank(a.kind) - rank(b.kind) || a.documentLabel.localeCompare(b.documentLabel)));
  }
  return out;
}

/** Each source's own words for some claims (its evidence quote, never another source's): claim IRI → words. */
export async function sourceWords(kg: KasperskyGraph, claims: readonly string[]): Promise<Map<string, SourceWords[]>> {
  if (!claims.length) return new Map();
  const rows = await kg.select(`${PROLOGUE}
SELECT ?claim ?doc ?quote ?para ?cls ?docLabel ?docTitle WHERE {
  VALUES ?claim { ${[...new Set(claims)].map((c) => `<${c}>`).join(' ')} }
  ${WORDS}
}`);
  return groupWords(rows);
}

/** A denial: a claim that a source says some triple does NOT hold (`kg:denies`). */
export interface Denial {
  claim: string;
  /** What the claim says, in words (its label without the claim key). */
  statement: string;
  /** The denied triples' subjects and objects (IRIs), to place the denial. */
  mentions: string[];
  /** The denied triples' predicates. */
  predicates: string[];
  /** Each source's words. */
  sources: SourceWords[];
}

/** Every denial of the data, with each source's own words. */
export async function denials(kg: KasperskyGraph): Promise<Denial[]> {
  const rows = await kg.select(`${PROLOGUE}
SELECT ?claim ?key ?label ?s ?p ?o WHERE {
  ?claim kg:denies ?x . ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?claim kg:claimKey ?key } OPTIONAL { ?claim rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
}`);
  const by = new Map<string, Denial>();
  for (const r of rows) {
    const c = r.claim!.value;
    const d = by.get(c) ?? by.set(c, { claim: c, statement: statementOf(r.label?.value ?? c, r.key?.value), mentions: [], predicates: [], sources: [] }).get(c)!;
    for (const t of [r.s!, r.o!]) if (t.termType === 'NamedNode' && !d.mentions.includes(t.value)) d.mentions.push(t.value);
    if (!d.predicates.includes(r.p!.value)) d.predicates.push(r.p!.value);
  }
  const words = await sourceWords(kg, [...by.keys()]);
  for (const d of by.values()) d.sources = words.get(d.claim) ?? [];
  return [...by.values()].sort((a, b) => a.statement.localeCompare(b.statement));
}
