/**
 * The ontology reference page: the ontology header (version, licence, how to cite), then every class,
 * property and concept of the kg: vocabulary with its label, comment, domain and range, super- and
 * sub-terms, alignments to external vocabularies, the SHACL constraints that apply to it and how the
 * data uses it. Read from the ontology graph of the dataset and from `ontology/shapes.ttl`.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFactory, Store, type Term } from 'n3';
import { KG, ONTOLOGY, PREFIXES } from '../namespaces.js';
import { naturalCompare } from '../rdf/order.js';
import { packageRoot, shapesFile } from '../data/paths.js';
import { parseRdfFile } from '../data/parse.js';
import { curie, esc, hrefOf, page, rel } from './html.js';
import { V, type SiteModel } from './model.js';

const { namedNode } = DataFactory;
const SH = 'http://www.w3.org/ns/shacl#';
const OWL = PREFIXES.owl;
const SKOS = PREFIXES.skos;
const RDF = PREFIXES.rdf;

/** Prefixes used to print external IRIs on the reference page. */
const REFERENCE_PREFIXES: Readonly<Record<string, string>> = {
  sh: SH,
  org: 'http://www.w3.org/ns/org#',
  time: 'http://www.w3.org/2006/time#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  ftm: 'https://schema.followthemoney.tech/#',
  ftm3: 'https://w3id.org/ftm#',
  vann: 'http://purl.org/vocab/vann/',
  kgsh: 'https://w3id.org/kaspersky-kg/shapes#',
};

const c = (iri: string) => curie(iri, REFERENCE_PREFIXES);

/** The predicates that count as alignments to other vocabularies, with how the page names them. */
const ALIGNMENT_PREDICATES: Readonly<Record<string, string>> = {
  [V.subClassOf]: 'subclass of',
  [V.subPropertyOf]: 'subproperty of',
  [`${OWL}equivalentClass`]: 'equivalent class',
  [`${OWL}equivalentProperty`]: 'equivalent property',
  [`${SKOS}exactMatch`]: 'exact match',
  [`${SKOS}closeMatch`]: 'close match',
  [`${SKOS}broadMatch`]: 'broad match',
  [`${SKOS}narrowMatch`]: 'narrow match',
  [`${SKOS}relatedMatch`]: 'related match',
};

/** The kinds of terms, in page order. */
const TERM_KINDS = [
  ['classes', 'Classes', `${OWL}Class`],
  ['object-properties', 'Object properties', `${OWL}ObjectProperty`],
  ['datatype-properties', 'Datatype properties', `${OWL}DatatypeProperty`],
  ['annotation-properties', 'Annotation properties', `${OWL}AnnotationProperty`],
  ['concept-schemes', 'Concept schemes', `${SKOS}ConceptScheme`],
] as const;

/** One term of the vocabulary. */
interface OntologyTerm {
  /** The term's IRI. */
  readonly iri: string;
  /** Its local name (the anchor on the reference page). */
  readonly name: string;
  /** Which section it belongs to (`classes`, `object-properties`, ..., or `concepts`). */
  readonly kind: string;
}

/** Every kg: term defined in the ontology graph, with its section. */
function ontologyTerms(model: SiteModel): OntologyTerm[] {
  const subjects = new Set<string>();
  for (const q of model.ontology(null, null, null)) if (q.subject.termType === 'NamedNode' && q.subject.value.startsWith(KG) && q.subject.value.length > KG.length) subjects.add(q.subject.value);
  return [...subjects]
    .map((iri) => {
      const types = model.ontology(iri, V.type, null).map((q) => q.object.value);
      const kind = TERM_KINDS.find(([, , t]) => types.includes(t))?.[0] ?? 'concepts';
      return { iri, name: iri.slice(KG.length), kind };
    })
    .sort((a, b) => naturalCompare(a.name, b.name));
}

/** Loads the SHACL shapes (empty store when the file is absent). */
export function loadShapes(file: string = shapesFile): Store {
  return new Store(existsSync(file) ? parseRdfFile(file) : []);
}

const PLAIN_DATATYPES = new Set(['integer', 'decimal', 'double', 'boolean'].map((d) => `${PREFIXES.xsd}${d}`));

function lit(t: Term): string {
  if (t.termType !== 'Literal') return t.value;
  if (PLAIN_DATATYPES.has(t.datatype.value)) return t.value;
  return t.language ? `"${t.value}"@${t.language}` : t.datatype.value === `${PREFIXES.xsd}string` ? `"${t.value}"` : `"${t.value}"^^${c(t.datatype.value)}`;
}

/** A SHACL node (IRI, literal, blank node or RDF list) printed compactly, Turtle-like. */
function shaclText(shapes: Store, t: Term, depth = 0): string {
  if (t.termType === 'NamedNode') return t.value === `${RDF}nil` ? '( )' : c(t.value);
  if (t.termType === 'Literal') return lit(t);
  if (t.termType !== 'BlankNode' || depth > 4) return t.value;
  const first = shapes.getQuads(t, namedNode(`${RDF}first`), null, null)[0];
  if (first) {
    const items: string[] = [];
    let cur: Term = t;
    for (let i = 0; i < 100 && cur.termType === 'BlankNode'; i++) {
      const f = shapes.getQuads(cur, namedNode(`${RDF}first`), null, null)[0];
      if (!f) break;
      items.push(shaclText(shapes, f.object, depth + 1));
      cur = shapes.getQuads(cur, namedNode(`${RDF}rest`), null, null)[0]?.object ?? namedNode(`${RDF}nil`);
    }
    return `( ${items.join(' ')} )`;
  }
  const parts = shapes.getQuads(t, null, null, null).map((q) => `${c(q.predicate.value)} ${shaclText(shapes, q.object, depth + 1)}`);
  return `[ ${parts.join(' ; ')} ]`;
}

/** The constraints of a property shape, one `predicate value` string each (path and message left out). */
function constraints(shapes: Store, ps: Term): { text: string[]; message: string | undefined; severity: string | undefined } {
  const text: string[] = [];
  let message: string | undefined;
  let severity: string | undefined;
  let comment: string | undefined;
  for (const q of shapes.getQuads(ps, null, null, null)) {
    const p = q.predicate.value;
    if (p === `${SH}path`) continue;
    if (p === `${SH}message`) message = q.object.value;
    else if (p === `${SH}severity`) severity = q.object.value.slice(SH.length);
    else if (p === V.comment || p === `${SH}description`) comment = q.object.value;
    else if (p !== `${SH}name` && p !== V.type && p !== V.label) text.push(`${c(p)} ${shaclText(shapes, q.object)}`);
  }
  return { text: text.sort(), message: message ?? comment, severity };
}

/** A SHACL constraint on a term, as the page shows it. */
interface ShaclRule {
  /** The node shape it belongs to. */
  readonly shape: string;
  /** What the shape targets (`sh:targetClass kg:Claim`). */
  readonly target: string;
  /** The property path, for property constraints. */
  readonly path: string | undefined;
  /** The constraint components (`sh:minCount 1`). */
  readonly constraints: readonly string[];
  /** The shape's message. */
  readonly message: string | undefined;
  /** Violation, Warning or Info. */
  readonly severity: string | undefined;
}

function targetsOf(shapes: Store, ns: Term): string {
  const ts = shapes
    .getQuads(ns, null, null, null)
    .filter((q) => q.predicate.value.startsWith(`${SH}target`))
    .map((q) => `${c(q.predicate.value)} ${shaclText(shapes, q.object)}`);
  return ts.sort().join('; ') || '(implicit)';
}

/** The SHACL rules about a class (shapes targeting it) or a property (property shapes with it as path). */
function shaclRules(shapes: Store, iri: string): ShaclRule[] {
  const out: ShaclRule[] = [];
  const shapeName = (t: Term) => (t.termType === 'NamedNode' ? c(t.value) : '(anonymous shape)');
  // Node shapes targeting the class: their own constraints and their property shapes.
  for (const q of shapes.getQuads(null, namedNode(`${SH}targetClass`), namedNode(iri), null)) {
    const ns = q.subject;
    const own = constraints(shapes, ns);
    const ownText = own.text.filter((t) => !t.startsWith('sh:target') && !t.startsWith('sh:property '));
    if (ownText.length || own.message) out.push({ shape: shapeName(ns), target: targetsOf(shapes, ns), path: undefined, constraints: ownText, message: own.message, severity: own.severity });
    for (const pq of shapes.getQuads(ns, namedNode(`${SH}property`), null, null)) {
      const path = shapes.getQuads(pq.object, namedNode(`${SH}path`), null, null)[0];
      const k = constraints(shapes, pq.object);
      out.push({ shape: shapeName(ns), target: targetsOf(shapes, ns), path: path ? shaclText(shapes, path.object) : undefined, constraints: k.text, message: k.message, severity: k.severity });
    }
  }
  // Property shapes whose path is the property, wherever they sit.
  for (const q of shapes.getQuads(null, namedNode(`${SH}path`), namedNode(iri), null)) {
    const owner = shapes.getQuads(null, namedNode(`${SH}property`), q.subject, null)[0]?.subject ?? q.subject;
    const k = constraints(shapes, q.subject);
    out.push({ shape: shapeName(owner), target: targetsOf(shapes, owner), path: c(iri), constraints: k.text, message: k.message, severity: k.severity });
  }
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = JSON.stringify(r);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

interface CitationInfo {
  title: string;
  authors: string;
  version: string | undefined;
  year: string | undefined;
  url: string | undefined;
}

/** Reads the few fields of CITATION.cff the page needs (top-level scalars and author names). */
export function readCitation(file: string = join(packageRoot, 'CITATION.cff')): Partial<CitationInfo> | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const scalar = (k: string) => {
    const m = new RegExp(`^${k}:\\s*(.+)$`, 'm').exec(text)?.[1]?.trim();
    return m?.replace(/^["']|["']$/g, '');
  };
  const authors = [...text.matchAll(/^\s+-\s+(?:name|family-names):\s*(.+)$/gm)].map((m) => m[1]!.trim().replace(/^["']|["']$/g, ''));
  const url = /identifiers:[\s\S]*?value:\s*"?([^"\n]+)"?/.exec(text)?.[1] ?? scalar('url') ?? scalar('repository-code');
  const out: Partial<CitationInfo> = {};
  const title = scalar('title');
  if (title) out.title = title;
  if (authors.length) out.authors = authors.join(', ');
  const version = scalar('version');
  if (version) out.version = version;
  const date = scalar('date-released');
  if (date) out.year = date.slice(0, 4);
  if (url) out.url = url;
  return out;
}

const firstValue = (model: SiteModel, s: string, p: string): string | undefined => {
  const vals = model.ontology(s, p, null).map((q) => q.object);
  const en = vals.find((v) => v.termType === 'Literal' && v.language === 'en');
  return (en ?? vals[0])?.value;
};

/** The ontology document's RDF files at the site root (file, media type): what `…/ontology` (and so `…/ontology#Term`) dereferences to. */
const ONTOLOGY_RDF_FILES: readonly (readonly [string, string])[] = [
  ['ontology.ttl', 'text/turtle'],
  ['ontology.jsonld', 'application/ld+json'],
  ['ontology.nt', 'application/n-triples'],
  ['ontology.rdf', 'application/rdf+xml'],
];

/** Renders a term as a link to its page (relative to the page), or as code when it has none. */
type Linker = (iri: string, text?: string) => string;

/** The {@link Linker} of the page at `path`. */
function linkerFor(model: SiteModel, path: string): Linker {
  return (iri, text) => {
    const h = hrefOf(iri, model.pages);
    const label = text ?? (iri.startsWith(KG) ? c(iri) : c(iri));
    return h ? `<a href="${esc(rel(path, h))}"${/^https?:/.test(h) ? ' rel="external"' : ''}>${esc(label)}</a>` : `<code>${esc(label)}</code>`;
  };
}

/** The ontology's metadata as a table (version, licence, creator, dates, namespace, source). */
function metadataTable(model: SiteModel, link: Linker): string {
  const o = ONTOLOGY;
  const rows: [string, string][] = [];
  const add = (label: string, p: string, asLink = false) => {
    const vals = model.ontology(o, p, null).map((q) => q.object);
    if (vals.length) rows.push([label, vals.map((v) => (asLink && v.termType === 'NamedNode' ? link(v.value, v.value) : esc(v.value))).join(', ')]);
  };
  add('Version', `${OWL}versionInfo`);
  add('Version IRI', `${OWL}versionIRI`, true);
  add('Licence', `${PREFIXES.dcterms}license`, true);
  add('Creator', `${PREFIXES.dcterms}creator`);
  add('Publisher', `${PREFIXES.dcterms}publisher`);
  add('Created', `${PREFIXES.dcterms}created`);
  add('Modified', `${PREFIXES.dcterms}modified`);
  add('Preferred prefix', 'http://purl.org/vocab/vann/preferredNamespacePrefix');
  add('Namespace', 'http://purl.org/vocab/vann/preferredNamespaceUri');
  add('Source', `${PREFIXES.dcterms}source`, true);
  return `<table>${rows.map(([k, v]) => `<tr><td class="p">${esc(k)}</td><td>${v}</td></tr>`).join('')}</table>`;
}

/** The other ontologies in the graph (alignments) and the shapes document, as a list (none: no lines). */
function companionDocuments(model: SiteModel, shapes: Store): string[] {
  const out: string[] = [];
  const others = model
    .ontology(null, V.type, `${OWL}Ontology`)
    .map((q) => q.subject.value)
    .filter((s) => s !== ONTOLOGY)
    .sort();
  const shapesOnto = shapes.getQuads(null, namedNode(V.type), namedNode(`${OWL}Ontology`), null).map((q) => q.subject.value);
  if (others.length || shapesOnto.length) {
    out.push('<h3>Companion documents</h3><ul>');
    for (const s of others) out.push(`<li><strong>${esc(firstValue(model, s, V.label) ?? s)}</strong> <code class="iri">${esc(s)}</code>, version ${esc(firstValue(model, s, `${OWL}versionInfo`) ?? '?')}: ${esc(firstValue(model, s, `${PREFIXES.dcterms}description`) ?? '')}</li>`);
    for (const s of shapesOnto) {
      const get = (p: string) => shapes.getQuads(namedNode(s), namedNode(p), null, null)[0]?.object.value;
      out.push(`<li><strong>${esc(get(V.label) ?? s)}</strong> <code class="iri">${esc(s)}</code>, version ${esc(get(`${OWL}versionInfo`) ?? '?')}: ${esc(get(`${PREFIXES.dcterms}description`) ?? '')}</li>`);
    }
    out.push('</ul>');
  }
  return out;
}

/** "How to cite": a reference and a BibTeX entry, from CITATION.cff where given, else from the ontology's metadata. */
function citeSection(model: SiteModel, citation: Partial<CitationInfo> | undefined, title: string, path: string): string[] {
  const o = ONTOLOGY;
  const out: string[] = [];
  const version = citation?.version ?? firstValue(model, o, `${OWL}versionInfo`);
  const year = citation?.year ?? firstValue(model, o, `${PREFIXES.dcterms}created`)?.slice(0, 4);
  const authors = citation?.authors ?? firstValue(model, o, `${PREFIXES.dcterms}creator`) ?? 'kaspersky-kg developers';
  const ctitle = citation?.title ?? title;
  const url = citation?.url ?? firstValue(model, o, `${OWL}versionIRI`) ?? o;
  out.push('<h3 id="cite">How to cite</h3>');
  out.push(`<blockquote>${esc(authors)} (${esc(year ?? 'n.d.')}). <em>${esc(ctitle)}</em>${version ? ` (version ${esc(version)})` : ''}. ${esc(url)}</blockquote>`);
  const bibKey = `kasperskykg${year ?? ''}`;
  out.push(
    `<pre class="result">@misc{${esc(bibKey)},\n  author = {{${esc(authors)}}},\n  title = {${esc(ctitle)}},\n  year = {${esc(year ?? '')}},\n  version = {${esc(version ?? '')}},\n  url = {${esc(url)}}\n}</pre>`,
  );
  if (citation) out.push(`<p class="muted">Citation metadata: <a href="${esc(rel(path, 'CITATION.cff'))}">CITATION.cff</a>.</p>`);
  return out;
}

/** The page's head: title, IRI, description, metadata, companion documents, how to cite. */
function headerSection(model: SiteModel, shapes: Store, citation: Partial<CitationInfo> | undefined, link: Linker, path: string): string[] {
  const o = ONTOLOGY;
  const header: string[] = [];
  const title = firstValue(model, o, `${PREFIXES.dcterms}title`) ?? firstValue(model, o, V.label) ?? 'Ontology';
  header.push(`<h1>${esc(title)}</h1>`);
  header.push(`<p class="iri"><code>${esc(o)}</code></p>`);
  const desc = firstValue(model, o, `${PREFIXES.dcterms}description`);
  if (desc) header.push(`<p>${esc(desc)}</p>`);
  const comment = firstValue(model, o, V.comment);
  if (comment) header.push(`<p class="muted">${esc(comment)}</p>`);
  header.push(metadataTable(model, link));
  header.push(...companionDocuments(model, shapes));
  header.push(...citeSection(model, citation, title, path));
  return header;
}

/** The table of contents: the class hierarchy (kg: classes only) and the list of each other kind of term. */
function contentsSection(model: SiteModel, byKind: ReadonlyMap<string, OntologyTerm[]>, link: Linker): string[] {
  const classes = byKind.get('classes') ?? [];
  const classSet = new Set(classes.map((t) => t.iri));
  const kgSupers = (iri: string) => model.ontology(iri, V.subClassOf, null).map((q) => q.object.value).filter((s) => classSet.has(s));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const t of classes) {
    const sup = kgSupers(t.iri);
    if (!sup.length) roots.push(t.iri);
    for (const s of sup) children.set(s, [...(children.get(s) ?? []), t.iri]);
  }
  const tree = (iri: string, depth: number): string =>
    `<li>${link(iri, iri.slice(KG.length))}${depth < 8 && children.get(iri)?.length ? `<ul>${children.get(iri)!.sort(naturalCompare).map((ch) => tree(ch, depth + 1)).join('')}</ul>` : ''}</li>`;
  const toc: string[] = ['<h2 id="contents">Contents</h2>'];
  toc.push(`<div class="grid"><div class="tree"><h3>Class hierarchy</h3><ul>${roots.sort(naturalCompare).map((r) => tree(r, 0)).join('')}</ul></div>`);
  for (const [kind, heading] of [...TERM_KINDS.slice(1).map(([k, h]) => [k, h] as const), ['concepts', 'Concepts'] as const]) {
    const list = byKind.get(kind);
    if (!list?.length) continue;
    toc.push(`<div><h3><a href="#${kind}">${esc(heading)}</a> (${list.length})</h3><p>${list.map((t) => link(t.iri, t.name)).join(', ')}</p></div>`);
  }
  toc.push('</div>');
  return toc;
}

/** How a class is used in the data: how many resources have it, in the facts and in what claims state, with a few of them. */
function usageOfClass(model: SiteModel, link: Linker, iri: string): string {
  const inFacts = new Set(model.facts(null, V.type, iri).map((q) => q.subject.value));
  const inClaims = new Set(model.claimed(null, V.type, iri).filter((t) => t.statedBy.length).map((t) => t.subject.value));
  const all = [...new Set([...inFacts, ...inClaims])].sort(naturalCompare);
  if (!all.length) return '<p class="muted">No resource of the data has this type directly.</p>';
  const shown = all.slice(0, 12).map((i) => link(i, model.label(i)));
  return `<p>${inFacts.size} in the default graph (facts view and descriptions), ${inClaims.size} in what claims state: ${shown.join(', ')}${all.length > 12 ? `, … (${all.length} in all)` : ''}</p>`;
}

/** How a property is used in the data: triples, propositions, and a few of its subjects. */
function usageOfProperty(model: SiteModel, link: Linker, iri: string): string {
  const f = model.facts(null, iri, null);
  const cl = model.claimed(null, iri, null);
  if (!f.length && !cl.length) return '<p class="muted">Not used in the data.</p>';
  const subjects = [...new Set([...f, ...cl].map((q) => q.subject.value))].sort(naturalCompare);
  const shown = subjects.slice(0, 8).map((i) => link(i, model.label(i)));
  return `<p>${f.length} triples in the default graph (facts and descriptions), ${cl.length} propositions claims state or deny; used on ${shown.join(', ')}${subjects.length > 8 ? `, … (${subjects.length} subjects)` : ''}</p>`;
}

/** How a concept is used in the data: the resources that point at it (other than by rdf:type). */
function usageOfConcept(model: SiteModel, link: Linker, iri: string): string {
  const uses = model.facts(null, null, iri).filter((q) => q.predicate.value !== V.type);
  const users = [...new Set(uses.map((q) => q.subject.value))].sort(naturalCompare);
  if (!users.length) return '<p class="muted">Not used in the data.</p>';
  return `<p>Used by ${users.length} resources: ${users.slice(0, 12).map((i) => link(i, model.label(i))).join(', ')}${users.length > 12 ? ', …' : ''}</p>`;
}

/** Predicates a term card shows in its own rows (everything else the ontology says goes in the rows after them). */
const CARD_HANDLED = new Set<string>([V.type, V.label, V.comment, V.subClassOf, V.subPropertyOf, V.domain, V.range, ...Object.keys(ALIGNMENT_PREDICATES)]);

/** The table rows of a term card: its type, its place in the hierarchy, then everything else the ontology says of it. */
function cardRows(model: SiteModel, t: OntologyTerm, values: (ts: Term[]) => string): string[] {
  const iri = t.iri;
  const q = (p: string) => model.ontology(iri, p, null).map((x) => x.object);
  const inv = (p: string) => model.ontology(null, p, iri).map((x) => x.subject);
  const rowsHtml: string[] = [];
  const row = (k: string, v: string) => v && rowsHtml.push(`<tr><td class="p">${esc(k)}</td><td>${v}</td></tr>`);
  row('type', values(q(V.type)));
  const kgOnly = (ts: Term[]) => ts.filter((x) => x.termType !== 'NamedNode' || x.value.startsWith(KG));
  if (t.kind === 'classes') {
    row('superclasses', values(kgOnly(q(V.subClassOf))));
    row('subclasses', values(inv(V.subClassOf).filter((s) => s.value.startsWith(KG))));
    row('properties with this domain', values(inv(V.domain)));
    row('properties with this range', values(inv(V.range)));
    row('instances', values(inv(V.type).filter((s) => s.value.startsWith(KG))));
  } else if (t.kind.endsWith('properties')) {
    row('domain', values(q(V.domain)));
    row('range', values(q(V.range)));
    row('superproperties', values(kgOnly(q(V.subPropertyOf))));
    row('subproperties', values(inv(V.subPropertyOf).filter((s) => s.value.startsWith(KG))));
  }
  // Everything else the ontology says of the term.
  const rest = model.ontology(iri, null, null).filter((x) => !CARD_HANDLED.has(x.predicate.value));
  const restBy = new Map<string, Term[]>();
  for (const x of rest) restBy.set(x.predicate.value, [...(restBy.get(x.predicate.value) ?? []), x.object]);
  for (const [p, vs] of [...restBy].sort((a, b) => naturalCompare(a[0], b[0]))) row(c(p), values(vs));
  return rowsHtml;
}

/** The SHACL constraints on a term, as a table (or "None specific to this term."). */
function shaclSection(shapes: Store, iri: string): string {
  const rules = shaclRules(shapes, iri);
  if (!rules.length) return '<h4>SHACL constraints</h4><p class="muted">None specific to this term.</p>';
  return `<h4>SHACL constraints</h4><table><tr><th>shape (target)</th><th>path</th><th>constraints</th><th>message</th></tr>${rules
    .map((r) => `<tr><td>${esc(r.shape)}<br><span class="muted">${esc(r.target)}</span></td><td>${esc(r.path ?? '—')}</td><td><code>${r.constraints.map(esc).join('<br>')}</code></td><td>${esc(r.message ?? '')}${r.severity ? ` <span class="muted">(${esc(r.severity)})</span>` : ''}</td></tr>`)
    .join('')}</table>`;
}

/** One term's card: label, IRI, comment, rows, alignments, SHACL constraints, use in the data. */
function termCard(model: SiteModel, shapes: Store, link: Linker, t: OntologyTerm): string {
  const iri = t.iri;
  const values = (ts: Term[]): string => ts.map((x) => (x.termType === 'NamedNode' ? link(x.value) : x.termType === 'Literal' ? esc(x.value) : shaclTextModel(model, x))).join(', ');
  const parts: string[] = [];
  const label = firstValue(model, iri, V.label);
  parts.push(`<div class="card" id="${esc(t.name)}"><h3>${esc(label ?? t.name)} <code>kg:${esc(t.name)}</code></h3>`);
  parts.push(`<p class="iri"><code>${esc(iri)}</code></p>`);
  const cm = firstValue(model, iri, V.comment);
  if (cm) parts.push(`<p>${esc(cm)}</p>`);
  const rowsHtml = cardRows(model, t, values);
  if (rowsHtml.length) parts.push(`<table>${rowsHtml.join('')}</table>`);
  // Alignments: relations to terms outside kg:.
  const aligned = Object.entries(ALIGNMENT_PREDICATES).flatMap(([p, name]) =>
    model
      .ontology(iri, p, null)
      .map((x) => x.object)
      .filter((x) => x.termType === 'NamedNode' && !x.value.startsWith(KG))
      .map((x) => `<li>${esc(name)} ${link(x.value)}</li>`),
  );
  parts.push(`<h4>Alignments</h4>${aligned.length ? `<ul class="values">${aligned.join('')}</ul>` : '<p class="muted">None.</p>'}`);
  parts.push(shaclSection(shapes, iri));
  parts.push('<h4>Use in the data</h4>');
  parts.push(t.kind === 'classes' ? usageOfClass(model, link, iri) : t.kind.endsWith('properties') ? usageOfProperty(model, link, iri) : usageOfConcept(model, link, iri));
  parts.push('</div>');
  return parts.join('\n');
}

/** Renders the ontology reference page (`ontology/index.html`). */
export function ontologyPage(model: SiteModel, shapes: Store = loadShapes(), citation = readCitation()): string {
  const path = 'ontology/index.html';
  const link = linkerFor(model, path);
  const byKind = new Map<string, OntologyTerm[]>();
  for (const t of ontologyTerms(model)) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t]);
  const header = headerSection(model, shapes, citation, link, path);
  const toc = contentsSection(model, byKind, link);
  const sections: string[] = [];
  for (const [kind, heading] of [...TERM_KINDS.map(([k, h]) => [k, h] as const), ['concepts', 'Concepts'] as const]) {
    const list = byKind.get(kind);
    if (!list?.length) continue;
    sections.push(`<h2 id="${kind}">${esc(heading)}</h2>`);
    sections.push(...list.map((t) => termCard(model, shapes, link, t)));
  }
  const body = [...header, ...toc, ...sections].join('\n');
  // The ontology document's RDF representations (ontology.ttl …, beside the site root; /ontology negotiates among them).
  const head = ONTOLOGY_RDF_FILES.map(([file, type]) => `<link rel="alternate" type="${type}" href="../${file}">\n`).join('');
  return page({ path, title: 'Ontology reference', body, head });
}

function shaclTextModel(model: SiteModel, t: Term): string {
  return esc(shaclText(model.store, t));
}

