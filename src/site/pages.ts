/**
 * The pages of the site's nodes (entities, claims, sources, sentences: one page per `id:`/`claim:` IRI,
 * at a path mirroring the IRI), the entity and claim indexes and the home page.
 * @module
 */
import { posix } from 'node:path';
import { DataFactory, type Quad, type Term } from 'n3';
import type { ClaimSummary, Denial, Evidence, ExternalIdentifier } from '../helpers/types.js';
import { kg } from '../generated/vocab.js';
import { KG, PREFIXES } from '../namespaces.js';
import { naturalCompare } from '../rdf/order.js';
import { termKey } from '../rdf/term-key.js';
import type { NodeKind } from '../model/view.js';
import { curie, esc, hrefOf, page, pageBase, rel, scriptJson } from './html.js';
import { V, byLabel, specificTypes, type ClaimedTriple, type SiteModel } from './model.js';
import { verificationMark } from './story.js';

/** What a node page shows beyond the quads: helper results computed by the generator. */
export interface NodeExtras {
  /** The claims about the node (`KasperskyGraph.claimsAbout`), for entities. */
  claims?: readonly ClaimSummary[];
  /** The claim itself (from `KasperskyGraph.claims`), for a claim's page. */
  claim?: ClaimSummary;
  /** Every claim by IRI, for the words of contradicting and qualifying claims on cards. */
  catalogue?: ClaimCatalogue;
  /** What sources say did NOT happen about the node (`KasperskyGraph.denials`, as subject or object). */
  denials?: readonly Denial[];
  /** Its external identifiers (`KasperskyGraph.externalIds`). */
  identifiers?: readonly ExternalIdentifier[];
  /** Its framed JSON-LD document, embedded in the page and written beside it. */
  jsonld?: unknown;
  /** Whether a Turtle file is written beside the page (with its N-Triples and RDF/XML forms). */
  turtle?: boolean;
}

const NAME_PROPS = new Set<string>([V.label, V.altLabel, V.prefLabel, V.title]);

/** Renders links and values relative to one page. */
export class Linker {
  constructor(
    readonly model: SiteModel,
    readonly path: string,
  ) {}

  /** A link to an IRI (its page, ontology anchor or external address), or the compact IRI as code. */
  iri(iri: string, text?: string): string {
    const h = hrefOf(iri, this.model.pages);
    const label = text ?? (iri.startsWith(KG) || this.model.pages.has(iri) ? this.model.label(iri) : curie(iri));
    if (!h) return `<code>${esc(label)}</code>`;
    const ext = /^https?:/.test(h);
    return `<a href="${esc(rel(this.path, h))}"${ext ? ' rel="external"' : ''}${ext ? '' : ` title="${esc(curie(iri))}"`}>${esc(label)}</a>`;
  }

  /** A term: link for IRIs, text with language or datatype for literals. */
  term(t: Term): string {
    if (t.termType === 'NamedNode') return this.iri(t.value);
    if (t.termType === 'BlankNode') return `<code>_:${esc(t.value)}</code>`;
    if (t.termType !== 'Literal') return esc(t.value);
    if (t.language) return `${esc(t.value)}<span class="lang">@${esc(t.language)}</span>`;
    const dt = t.datatype.value;
    if (dt === `${PREFIXES.xsd}anyURI` && /^https?:\/\//.test(t.value)) return `<a href="${esc(t.value)}" rel="external">${esc(t.value)}</a>`;
    if (dt === `${PREFIXES.xsd}string`) return esc(t.value);
    return `${esc(t.value)}<span class="dt">${esc(curie(dt))}</span>`;
  }
}

/** Groups quads by predicate (natural order of the compact predicate, rdf:type first). */
function byPredicate(quads: readonly Quad[]): [string, Quad[]][] {
  const m = new Map<string, Quad[]>();
  for (const q of quads) m.set(q.predicate.value, [...(m.get(q.predicate.value) ?? []), q]);
  return [...m].sort((a, b) => (a[0] === V.type ? -1 : b[0] === V.type ? 1 : naturalCompare(curie(a[0]), curie(b[0]))));
}

function dedupe(quads: readonly Quad[], key: (q: Quad) => string): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const k = key(q);
    return seen.has(k) ? false : (seen.add(k), true);
  });
}
/** A quad's predicate and object, keyed (the subject is the page's). */
const objKey = (q: Quad) => `${q.predicate.value} ${termKey(q.object)}`;

/** Highlights each of `quotes` inside `sentence` (first occurrence of each; overlapping ones merged) with `<mark>`. */
export function highlight(sentence: string, quotes: string | readonly (string | undefined)[] | undefined): string {
  const spans: [number, number][] = [];
  for (const q of typeof quotes === 'string' ? [quotes] : (quotes ?? [])) {
    if (!q) continue;
    const i = sentence.indexOf(q);
    if (i >= 0) spans.push([i, i + q.length]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const sp of spans) {
    const last = merged[merged.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([...sp]);
  }
  let out = '';
  let at = 0;
  for (const [a, b] of merged) {
    out += `${esc(sentence.slice(at, a))}<mark>${esc(sentence.slice(a, b))}</mark>`;
    at = b;
  }
  return out + esc(sentence.slice(at));
}

/** A proposition's triple as `subject predicate object`, with links. */
function tripleHtml(L: Linker, t: ClaimedTriple): string {
  return `${L.term(t.subject)} <span class="muted">${t.predicate.value.startsWith(KG) ? L.iri(t.predicate.value) : esc(curie(t.predicate.value))}</span> ${L.term(t.object)}`;
}

/** The propositions a claim states or denies (from the model view), sorted by their text. */
function claimTriples(model: SiteModel, claim: string, which: 'states' | 'denies'): ClaimedTriple[] {
  const info = model.view.claimInfo(claim);
  return (info?.[which] ?? [])
    .flatMap((p) => {
      const pr = model.view.propositions.get(p);
      return pr ? model.claimed(pr.subject.value, pr.predicate.value, pr.object).filter((t) => t.proposition === p) : [];
    })
    .map((t) => ({ t, k: `${model.label(t.subject.value)} ${curie(t.predicate.value)} ${t.object.value}` }))
    .sort((a, b) => naturalCompare(a.k, b.k))
    .map(({ t }) => t);
}

/** The list of what a claim states (`kg:states`) or denies (`kg:denies`), one line per proposition. */
function triplesList(L: Linker, triples: readonly ClaimedTriple[], denied: boolean): string {
  if (!triples.length) return '';
  const items = triples.map((t) => `<li${denied ? ' class="denied"' : ''}>${denied ? '<strong>not</strong> ' : ''}${tripleHtml(L, t)}</li>`);
  return `<ul class="triples${denied ? ' denied' : ''}">${items.join('')}</ul>`;
}

/** The source's display name: its title or label (as the helper returns it), else the site's name for it. */
const sourceName = (model: SiteModel, e: Evidence): string => e.sourceTitle ?? model.label(e.source);

/**
 * One source's evidence for a claim: the source (linked, with its address and kind), then its own words —
 * the article sentence with the quote marked, or the quote, or "paraphrase" and the note.
 */
export function evidenceItem(model: SiteModel, L: Linker, e: Evidence): string {
  const parts: string[] = [];
  parts.push(
    `<span class="per">per ${L.iri(e.source, sourceName(model, e))}${e.sourceType ? ` <span class="muted">(${esc(model.label(`${KG}${e.sourceType}`))})</span>` : ''}${e.url ? ` <a href="${esc(e.url)}" rel="external">[read]</a>` : ''}:</span>`,
  );
  const sentences = model
    .facts(e.evidence, kg.sentence, null)
    .map((q) => q.object.value)
    .sort(naturalCompare)
    .map((s) => ({ s, text: model.facts(s, kg.text, null)[0]?.object.value }))
    .filter((s) => s.text !== undefined);
  // Every quote the evidence node carries (a source may be quoted in several places), read from the data.
  const quotes = [...new Set([...model.facts(e.evidence, kg.quote, null).map((q) => q.object.value), ...(e.quote === undefined ? [] : [e.quote])])].sort(naturalCompare);
  for (const s of sentences)
    parts.push(`<blockquote class="sentence" cite="${esc(s.s)}">${highlight(s.text!, quotes)} <span class="muted">— ${L.iri(s.s, model.facts(s.s, kg.sentenceKey, null)[0]?.object.value ?? 'sentence')}</span></blockquote>`);
  for (const q of quotes) if (!sentences.some((s) => s.text!.includes(q))) parts.push(`<blockquote class="quote">“${esc(q)}”</blockquote>`);
  if (e.paraphrase) parts.push(`<span class="tag paraphrase" title="the source's substance in other words, not its exact words">paraphrase</span>`);
  if (e.note !== undefined) parts.push(`<p class="note${e.paraphrase ? '' : ' muted'}">${esc(e.note)}</p>`);
  if (!quotes.length && e.note === undefined) parts.push('<span class="muted nowords">(the data records no words of this source for this claim)</span>');
  return `<li class="evidence" data-source="${esc(e.source)}">${parts.join(' ')}</li>`;
}

/** Every source's evidence for a claim, one item per source document. */
function evidenceList(model: SiteModel, L: Linker, evidence: readonly Evidence[]): string {
  return evidence.length ? `<ul class="evidence">${evidence.map((e) => evidenceItem(model, L, e)).join('')}</ul>` : '';
}

/** Whether the claim's propositions are in the facts view, or its denial is established, in words. */
function standing(c: ClaimSummary): { cls: string; text: string } {
  if (c.denies) return c.licensed ? { cls: 'fact', text: 'established: did not happen (per the sources)' } : { cls: 'notfact', text: 'denial not established' };
  return c.licensed ? { cls: 'fact', text: 'in the facts view' } : { cls: 'notfact', text: 'not a fact (claim only)' };
}

/** The claims a card refers to (contradicting or qualifying claims), by IRI. */
export type ClaimCatalogue = ReadonlyMap<string, ClaimSummary>;

const cardCache = new WeakMap<SiteModel, Map<string, string>>();

/**
 * One claim as a card: key, label, modality, verification and whether it is licensed (`kg:licensed`);
 * what it states (or, for a denial, what the source says did NOT happen); one item per source with that
 * source's own words; and the claims contradicting or qualifying it, with their sources' words.
 */
export function claimCard(model: SiteModel, L: Linker, c: ClaimSummary, catalogue: ClaimCatalogue = new Map()): string {
  let cache = cardCache.get(model);
  if (!cache) cardCache.set(model, (cache = new Map()));
  const key = `${c.claim}|${posix.dirname(L.path)}`;
  let html = cache.get(key);
  if (html === undefined) cache.set(key, (html = renderClaimCard(model, L, c, catalogue)));
  return html;
}

function renderClaimCard(model: SiteModel, L: Linker, c: ClaimSummary, catalogue: ClaimCatalogue): string {
  const st = standing(c);
  const hedges = model.facts(c.claim, kg.hedge, null).map((q) => q.object.value);
  const notes = model.facts(c.claim, kg.note, null).map((q) => q.object.value);
  const parts: string[] = [];
  const disputed = verificationMark(c.verification);
  parts.push(`<div class="claim ${c.licensed ? 'fact' : 'notfact'}${c.denies ? ' denial' : ''}${disputed ? ` verif-${disputed.cls}` : ''}" data-claim="${esc(c.key)}" data-licensed="${c.licensed}" data-verification="${esc(c.verification)}"${c.denies ? ' data-denies="true"' : ''}>`);
  parts.push(`<h3>${L.iri(c.claim, c.key)} <span class="muted">${esc(c.label.replace(new RegExp(`^${c.key}:\\s*`), ''))}</span></h3>`);
  parts.push(
    `<p><span class="tag" title="modality">${esc(model.label(`${KG}${c.modality}`))}</span><span class="tag${disputed ? ` verif-${disputed.cls}` : ''}" title="verification">${esc(model.label(`${KG}${c.verification}`))}</span>${disputed ? `<span class="tag verif-${disputed.cls} disputed">${esc(disputed.words)}</span>` : ''}` +
      `<span class="tag ${st.cls}" title="kg:licensed ${c.licensed}">${esc(st.text)}</span>${hedges.map((h) => `<span class="tag" title="hedge">hedge: ${esc(h)}</span>`).join('')}</p>`,
  );
  const denied = claimTriples(model, c.claim, 'denies');
  if (denied.length) parts.push(`<p class="denial">What the source${c.evidence.length > 1 ? 's say' : ' says'} did NOT happen:</p>${triplesList(L, denied, true)}`);
  parts.push(evidenceList(model, L, c.evidence));
  if (!c.evidence.length && notes.length) parts.push(`<p class="muted">${esc(notes[0]!)}</p>`);
  for (const [relation, by] of [['Contradicted', c.contradictedBy], ['Qualified', c.qualifiedBy]] as const) {
    for (const x of by) {
      const other = catalogue.get(x);
      const head = `${relation} by ${L.iri(x, other?.key)}${other ? ` <span class="muted">${esc(other.label)}</span>` : ''}`;
      parts.push(`<p class="${relation.toLowerCase()}">${head}</p>${other ? evidenceList(model, L, other.evidence) : ''}`);
    }
  }
  const stated = claimTriples(model, c.claim, 'states');
  if (stated.length) parts.push(`<details><summary>What the claim states</summary>${triplesList(L, stated, false)}</details>`);
  parts.push('</div>');
  return parts.join('\n');
}

/** A node page's title, IRI and types, and for an entity only claims mention, the claims that do. */
function headerSection(model: SiteModel, L: Linker, iri: string, kind: NodeKind, label: string): string[] {
  const types = model.typesOf(iri);
  const claimedOnly = kind === 'entity' && model.claimedOnly(iri);
  const statedTypes = claimedOnly ? model.statedTypes(iri).filter((t) => !types.includes(t)) : [];
  const out = [
    `<h1>${esc(label)}</h1>`,
    `<p class="iri"><code>${esc(iri)}</code></p>`,
    `<p class="tags">${types.map((t) => `<span>${L.iri(t)}</span>`).join('')}${statedTypes.map((t) => `<span title="a type claims state, not a fact">${L.iri(t)} (claimed)</span>`).join('')}<span class="muted">${esc(kind)}</span></p>`,
  ];
  if (claimedOnly) {
    const keys = [...new Set([...model.claimed(iri, null, null), ...model.claimed(null, null, iri)].flatMap((t) => [...t.statedBy, ...t.deniedBy]))].sort(naturalCompare);
    out.push(
      `<p class="claimed-only"><span class="tag notfact">claimed only</span> No established fact mentions this: its name and what is said of it come only from claims the sources do not establish (${keys.map((c) => L.iri(c, model.view.claimInfo(c)?.key)).join(', ')}).</p>`,
    );
  }
  return out;
}

/** Names in every language, from every graph. */
function namesSection(model: SiteModel, iri: string): string[] {
  const nameQuads = dedupe(
    model.store.getQuads(DataFactory.namedNode(iri), null, null, null).filter((q) => NAME_PROPS.has(q.predicate.value) && q.object.termType === 'Literal'),
    objKey,
  );
  if (!nameQuads.length) return [];
  const out = ['<h2 id="names">Names</h2><table><tr><th>name</th><th>language</th><th>kind</th></tr>'];
  const lang = (q: Quad) => (q.object.termType === 'Literal' ? q.object.language : '');
  for (const q of nameQuads.sort((a, b) => naturalCompare(`${lang(a)} ${a.object.value}`, `${lang(b)} ${b.object.value}`)))
    out.push(`<tr><td>${esc(q.object.value)}</td><td>${esc(lang(q) || '—')}</td><td class="muted">${esc(curie(q.predicate.value))}</td></tr>`);
  out.push('</table>');
  return out;
}

/** External identifiers. */
function identifiersSection(ids: readonly ExternalIdentifier[]): string[] {
  if (!ids.length) return [];
  return [
    '<h2 id="identifiers">External identifiers</h2><ul class="values">',
    ...ids.map((i) => `<li><span class="muted">${esc(i.scheme)}</span> ${/^https?:\/\//.test(i.value) ? `<a href="${esc(i.value)}" rel="external">${esc(curie(i.value))}</a>` : `<code>${esc(i.value)}</code>`}</li>`),
    '</ul>',
  ];
}

/**
 * Default-graph description (facts, or provenance for claims and sources), with the claims stating each fact.
 * A claim's propositions and evidence are shown in words below, not as bare node links.
 */
function factsSection(model: SiteModel, L: Linker, iri: string, kind: NodeKind): string[] {
  const shownElsewhere = kind === 'claim' ? new Set<string>([kg.states, kg.denies, kg.evidence]) : new Set<string>();
  const facts = model.facts(iri, null, null).filter((q) => q.predicate.value !== V.type && !NAME_PROPS.has(q.predicate.value) && !shownElsewhere.has(q.predicate.value));
  if (!facts.length) return [];
  const out = [`<h2 id="facts">${kind === 'entity' ? 'Facts' : 'Description'}</h2><table>`];
  const sortText = (q: Quad) => (q.object.termType === 'NamedNode' ? model.label(q.object.value) : q.object.value);
  for (const [p, qs] of byPredicate(facts)) {
    const vals = dedupe(qs, objKey)
      .sort((a, b) => naturalCompare(sortText(a), sortText(b)))
      .map((q) => {
        const by = kind === 'entity' ? model.view.statedBy(q) : [];
        const keys = by.length ? ` <span class="muted">(${by.map((c) => L.iri(c, model.view.claimInfo(c)?.key ?? model.label(c))).join(', ')})</span>` : '';
        return `<li>${L.term(q.object)}${keys}</li>`;
      });
    out.push(`<tr><td class="p">${L.iri(p)}</td><td><ul class="values${vals.length === 1 ? ' single' : ''}">${vals.join('')}</ul></td></tr>`);
  }
  out.push('</table>');
  return out;
}

/** What the sources say did NOT happen (denials naming the node as subject or object). */
function denialsSection(model: SiteModel, L: Linker, denials: readonly Denial[]): string[] {
  if (!denials.length) return [];
  const out = ['<h2 id="denied">What the sources say did not happen</h2><ul class="denials">'];
  for (const d of denials) {
    const t = model.claimed(d.subject, d.predicate, typeof d.object === 'string' ? d.object : null).find((x) => x.deniedBy.includes(d.claim) && (typeof d.object === 'string' || x.object.value === d.object.value));
    const established = model.licensed(d.claim);
    out.push(
      `<li class="denial" data-claim="${esc(d.key)}"><strong>${esc(d.label)}</strong> <span class="tag ${established ? 'fact' : 'notfact'}">${established ? 'established' : 'not established'}</span> <span class="muted">(${L.iri(d.claim, d.key)}${t ? `: <strong>not</strong> ${tripleHtml(L, t)}` : ''})</span>${evidenceList(model, L, d.evidence)}</li>`,
    );
  }
  out.push('</ul>');
  return out;
}

/** Claims about an entity. */
function claimsSection(model: SiteModel, L: Linker, claims: readonly ClaimSummary[], catalogue: ClaimCatalogue | undefined): string[] {
  if (!claims.length) return [];
  const facts = claims.filter((c) => c.licensed && !c.denies).length;
  const negatives = claims.filter((c) => c.licensed && c.denies).length;
  return [
    `<h2 id="claims">Claims (${claims.length})</h2>`,
    `<p class="muted">${facts} of these claims are in the facts view${negatives ? `, ${negatives} establish that something did not happen` : ''}; the others are stated by a source but hedged, planned, attributed, unverified, partly accurate or contradicted. Each source is shown with its own words.</p>`,
    ...claims.map((c) => claimCard(model, L, c, catalogue)),
  ];
}

/** A claim's own card: what it states or denies, in each source's words. */
function ownClaimSection(model: SiteModel, L: Linker, c: ClaimSummary, catalogue: ClaimCatalogue | undefined): string {
  const why = c.denies
    ? c.licensed
      ? 'The sources establish that this did not happen (kg:licensed true); what is denied is never a fact.'
      : 'The sources do not establish this denial (kg:licensed false).'
    : c.licensed
      ? 'The sources establish this claim (kg:licensed true): what it states is in the facts view.'
      : 'The sources do not establish this claim (kg:licensed false): what it states is not in the facts view.';
  return `<h2 id="states">What this claim ${c.denies ? 'denies' : 'states'}, per source</h2><p class="muted">${esc(why)}</p>${claimCard(model, L, c, catalogue)}`;
}

/** Incoming links from the default graph (not from proposition and evidence nodes: those are shown as claims). */
function incomingSection(model: SiteModel, L: Linker, iri: string): string[] {
  const incoming = model.facts(null, null, iri).filter((q) => q.subject.termType === 'NamedNode' && !['proposition', 'evidence'].includes(model.view.kindOf(q.subject.value)));
  if (!incoming.length) return [];
  const out = [`<h2 id="referenced-by">Referenced by</h2><table>`];
  for (const [p, qs] of byPredicate(incoming)) {
    const subs = [...new Set(qs.map((q) => q.subject.value))].sort(byLabel(model));
    out.push(`<tr><td class="p">${L.iri(p, `${p.startsWith(KG) ? model.label(p) : curie(p)} of`)}</td><td><ul class="values${subs.length === 1 ? ' single' : ''}">${subs.map((s) => `<li>${L.iri(s)}</li>`).join('')}</ul></td></tr>`);
  }
  out.push('</table>');
  return out;
}

/** The node's data files: download links for the body, and the embedded JSON-LD and alternate links for the head. */
function dataSection(base: string, extras: NodeExtras): { body: string[]; head: string } {
  const file = base.split('/').pop()!;
  const downloads: string[] = [];
  if (extras.jsonld !== undefined) downloads.push(`<a href="${esc(file)}.jsonld" type="application/ld+json">JSON-LD</a>`);
  if (extras.turtle)
    downloads.push(`<a href="${esc(file)}.ttl" type="text/turtle">Turtle</a>`, `<a href="${esc(file)}.nt" type="application/n-triples">N-Triples</a>`, `<a href="${esc(file)}.rdf" type="application/rdf+xml">RDF/XML</a>`);
  let head = '';
  if (extras.jsonld !== undefined) {
    head += `<script type="application/ld+json">${scriptJson(extras.jsonld)}</script>\n`;
    head += `<link rel="alternate" type="application/ld+json" href="${esc(file)}.jsonld">\n`;
  }
  if (extras.turtle) {
    head += `<link rel="alternate" type="text/turtle" href="${esc(file)}.ttl">\n`;
    head += `<link rel="alternate" type="application/n-triples" href="${esc(file)}.nt">\n`;
    head += `<link rel="alternate" type="application/rdf+xml" href="${esc(file)}.rdf">\n`;
  }
  return { body: downloads.length ? [`<h2 id="data">Data</h2><p class="downloads">${downloads.join('')}</p>`] : [], head };
}

/** Renders the page of one node (entity, claim, source or sentence). */
export function nodePage(model: SiteModel, iri: string, extras: NodeExtras = {}): string {
  const base = pageBase(iri)!;
  const path = `${base}.html`;
  const L = new Linker(model, path);
  const kind = model.view.kindOf(iri);
  const label = model.label(iri);
  const data = dataSection(base, extras);
  const body = [
    ...headerSection(model, L, iri, kind, label),
    ...namesSection(model, iri),
    ...identifiersSection(extras.identifiers ?? []),
    ...factsSection(model, L, iri, kind),
    ...denialsSection(model, L, extras.denials ?? []),
    ...claimsSection(model, L, extras.claims ?? [], extras.catalogue),
    ...(kind === 'claim' && extras.claim ? [ownClaimSection(model, L, extras.claim, extras.catalogue)] : []),
    ...incomingSection(model, L, iri),
    ...data.body,
  ];
  return page({ path, title: label, body: body.join('\n'), head: data.head });
}

/** The entity index (`id/index.html`): every entity, grouped by its most specific type; then sources. */
export function entityIndexPage(model: SiteModel): string {
  const path = 'id/index.html';
  const L = new Linker(model, path);
  const groups = new Map<string, string[]>();
  const sources: string[] = [];
  for (const iri of model.pages) {
    const kind = model.view.kindOf(iri);
    if (kind === 'source') sources.push(iri);
    if (kind !== 'entity') continue;
    // An entity only claims speak of is listed under the type a claim states for it, marked "claimed only".
    const t = specificTypes(model, iri)[0] ?? (model.claimedOnly(iri) ? model.statedTypes(iri)[0] : undefined) ?? '';
    groups.set(t, [...(groups.get(t) ?? []), iri]);
  }
  const body: string[] = ['<h1>Entities</h1>', `<p>${[...groups.values()].reduce((n, l) => n + l.length, 0)} entities, grouped by type. Every page shows the entity's names, facts, the claims about it and their sources.</p>`];
  const order = [...groups.keys()].sort((a, b) => naturalCompare(a ? model.label(a) : '~', b ? model.label(b) : '~'));
  body.push(`<p>${order.map((t) => `<a href="#${esc(t ? t.slice(KG.length) || 'other' : 'untyped')}">${esc(t ? model.label(t) : 'untyped')}</a>`).join(' · ')}</p>`);
  body.push('<div class="grid">');
  for (const t of order) {
    const list = groups.get(t)!.sort(byLabel(model));
    const item = (i: string) => `<li>${L.iri(i)}${model.claimedOnly(i) ? ' <span class="tag notfact">claimed only</span>' : ''}</li>`;
    body.push(`<div><h3 id="${esc(t ? t.slice(KG.length) || 'other' : 'untyped')}">${t ? L.iri(t) : 'untyped'} (${list.length})</h3><ul class="values">${list.map(item).join('')}</ul></div>`);
  }
  body.push('</div>');
  if (sources.length) body.push(`<h2 id="sources">Sources (${sources.length})</h2><ul class="values">${sources.sort(byLabel(model)).map((i) => `<li>${L.iri(i)}</li>`).join('')}</ul>`);
  return page({ path, title: 'Entities', body: body.join('\n') });
}

/** The claim index (`claim/index.html`): every claim with modality, verification and whether it is a fact. */
export function claimIndexPage(model: SiteModel, claims: readonly ClaimSummary[]): string {
  const path = 'claim/index.html';
  const L = new Linker(model, path);
  const row = (c: ClaimSummary) => {
    const d = verificationMark(c.verification);
    return `<tr data-claim="${esc(c.key)}"${d ? ` class="verif-${d.cls}"` : ''}><td>${L.iri(c.claim, c.key)}</td><td>${esc(c.label.replace(new RegExp(`^${c.key}:\\s*`), ''))}</td><td>${esc(model.label(`${KG}${c.modality}`))}</td><td>${d ? `<span class="tag verif-${d.cls}" title="${esc(d.words)}">${esc(model.label(`${KG}${c.verification}`))}</span>` : esc(model.label(`${KG}${c.verification}`))}</td><td>${c.licensed ? (c.denies ? '<span class="tag fact">established: did not happen</span>' : '<span class="tag fact">fact</span>') : '<span class="tag notfact">claim only</span>'}</td><td>${c.sources.map((s) => L.iri(s)).join(', ')}</td></tr>`;
  };
  const rows = claims.map(row);
  const head = '<tr><th>key</th><th>claim</th><th>modality</th><th>verification</th><th>facts view</th><th>source</th></tr>';
  const disputed = claims.filter((c) => verificationMark(c.verification));
  const disputedHtml = `<h2 id="disputed">Contradicted and partly accurate claims (${disputed.length})</h2><p>Claims other sources <span class="tag verif-contradicted">contradict</span> or <span class="tag verif-partly">qualify</span> (partly accurate): they are never facts. Each claim's page shows what it says and, beside it, the contradicting or qualifying sources in their own words.</p>
<table id="disputed-claims">${head}${disputed.map(row).join('\n')}</table>
<h2 id="all">All claims (${claims.length})</h2>`;
  const body = `<h1>Claims</h1><p>${claims.length} claims. A claim states (or denies) propositions; the sources establish it when its modality and its verification both license it (<code>kg:licensed</code>, computed when the data is built). Only the propositions an established claim states are in the facts view; an established denial says that something did not happen.</p>
${disputedHtml}<table>${head}${rows.join('\n')}</table>`;
  return page({ path, title: 'Claims', body });
}

/** Counts shown on the home page. */
export interface SiteStats {
  /** Entities (pages of kind entity). */
  entities: number;
  /** Claims. */
  claims: number;
  /** Default-graph triples whose subject is an entity. */
  facts: number;
  /** Source documents. */
  sources: number;
  /** Dated actions on the timeline. */
  datedActions: number;
}

/** What the home page shows beyond counts and links: the story and the timeline's caption. */
export interface HomeExtras {
  /** The story (the briefing as HTML, `story.ts`), shown first. */
  story?: string;
  /** The caption under the timeline picture (how to read it). */
  timelineCaption?: string;
}

/**
 * The home page: the story first (the briefing as text), the timeline with its caption, then counts, the
 * parties picture, the pages to explore, downloads and the competency questions (label, site path).
 */
export function homePage(
  stats: SiteStats,
  questions: readonly { name: string; question: string }[],
  description: string | undefined,
  downloads: readonly (readonly [string, string])[] = [],
  extras: HomeExtras = {},
): string {
  const path = 'index.html';
  const body: string[] = [];
  body.push('<h1>Kaspersky and the US government: what the sources establish</h1>');
  body.push(
    '<p class="lede">The US ban on Kaspersky software, the sanctions on Kaspersky executives and Kaspersky\'s exit from the US market, as a sourced knowledge graph: every line below links to the claim and the source that says it; what the sources contradict is marked.</p>',
  );
  if (extras.story) body.push(extras.story);
  body.push(
    `<h2 id="timeline">Timeline</h2><figure class="tl"><a href="timeline.html"><img src="timeline.svg" alt="Timeline of the dated actions, coloured by authority" style="max-width:100%"></a>${
      extras.timelineCaption ? `<figcaption id="timeline-caption">${esc(extras.timelineCaption)}</figcaption>` : ''
    }</figure>`,
  );
  body.push('<h2 id="pictures">Parties and actions</h2><p><a href="graph.html"><img src="graph.svg" alt="Who acted against whom" style="max-width:100%"></a></p>');
  body.push('<h2 id="data">The data</h2>');
  if (description) body.push(`<p>${esc(description)}</p>`);
  body.push(
    `<div class="stats"><div>${stats.entities}<small>entities</small></div><div>${stats.claims}<small><a href="claim/index.html">claims</a></small></div><div>${stats.facts}<small>facts (default-graph triples about entities)</small></div><div>${stats.sources}<small>sources</small></div><div>${stats.datedActions}<small>dated actions</small></div></div>`,
  );
  body.push('<h2>Explore</h2><ul>');
  body.push('<li><a href="id/index.html">Entities</a>: one page per entity, with its claims and their sources</li>');
  body.push('<li><a href="claim/index.html">Claims</a>: every claim with modality and verification; <a href="claim/index.html#disputed">the contradicted and partly accurate ones</a></li>');
  body.push('<li><a href="ontology/index.html">Ontology reference</a>: classes, properties, alignments, SHACL constraints</li>');
  body.push('<li><a href="sparql.html">SPARQL</a>: run queries in your browser (no server needed), with the competency questions answered</li></ul>');
  if (downloads.length) body.push(`<h2>Downloads</h2><p class="downloads">${downloads.map(([label, to]) => `<a href="${esc(to)}">${esc(label)}</a>`).join('')}</p>`);
  if (questions.length) {
    body.push('<h2 id="questions">Competency questions</h2><p>Each is answered on the SPARQL page (query and answer table).</p><ol>');
    for (const q of questions) body.push(`<li><a href="sparql.html#${esc(q.name)}">${esc(q.question)}</a></li>`);
    body.push('</ol>');
  }
  return page({ path, title: 'Home', body: body.join('\n') });
}
