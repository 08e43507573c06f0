/**
 * What the briefing says, as data (shared by `kaspersky-kg briefing`, `src/cli/briefing.ts`, and the site's
 * home page, `src/site/story.ts`). The briefing, written for a journalist, tells who acted, a dated timeline of actions, who
 * was sanctioned (and who was not), what customers lose, what stays exempt or is offered, and which of the
 * article's claims other sources contradict — saying what kind of source (official, news, law firm) and in
 * its own words. Everything is read through the typed helpers (timeline, people, impacts, contested claims,
 * denials, statistics, entity names); `queries.ts` holds only what no helper answers.
 * @module
 */
import type { KasperskyGraph } from '../graph.js';
import type { CustomerImpact, Denial, Evidence, SanctionedPerson, TimelineEntry } from '../helpers/types.js';
import { graphStatistics } from '../helpers/queries.js';
import { superClassesOf, type KgClassName } from '../generated/vocab.js';
import { ID } from '../namespaces.js';
import { actingParties, signatories, type ActingParty } from './queries.js';

const GROUP = `${ID}kaspersky`;

const isA = (type: KgClassName, root: KgClassName) => type === root || (superClassesOf[type] ?? []).includes(root);

/** What kind of source a document is, in a journalist's words (who says so?). */
export type SourceKind = 'official' | 'news' | 'law firm' | 'reference';

/** The briefing's word for each kind of source document (the helpers' `Evidence.sourceType`), most telling first. */
const KIND_OF_CLASS: readonly (readonly [KgClassName, SourceKind])[] = [
  ['FederalRegisterDocument', 'official'],
  ['PressRelease', 'official'],
  ['LegalAnalysis', 'law firm'],
  ['NewsArticle', 'news'],
  ['ReferenceWork', 'reference'],
];
const KIND_ORDER: readonly SourceKind[] = ['official', 'law firm', 'news', 'reference'];

/** The kind of a source document from its class (a subclass counts as its superclass); undefined for none of them. */
export function sourceKind(type: KgClassName | undefined): SourceKind | undefined {
  return type === undefined || !(type in superClassesOf) ? undefined : KIND_OF_CLASS.find(([c]) => isA(type, c))?.[1];
}

/** A label with a leading claim key (`C21: …`) removed: the statement, not the numbering. */
export function statementOf(label: string, key?: string): string {
  return label.replace(key ? new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`) : /^[A-Z]\d+[a-z]?:\s*/, '');
}

/** One source's words for a claim, as the briefing cites it: the source's name and kind, and one exact quote (absent for a paraphrase). */
export interface SourceWords {
  source: string;
  /** The source's name (its label: who published it, e.g. "BIS press release of 2024-06-20: …"). */
  name: string;
  kind: SourceKind | undefined;
  quote: string | undefined;
  /** Whether the evidence gives the source's substance in other words (kg:paraphrase true), not its exact words. */
  paraphrase: boolean;
}

/**
 * A claim's evidence (one per source, from the helpers) as the lines the briefing cites: one per quote of
 * each source (every quote of its evidence node), or one without a quote; each source named by its label
 * (which names the publisher); official sources first, then law firms, news and reference works, by name.
 */
export function citations(evidence: readonly Evidence[]): SourceWords[] {
  const out: SourceWords[] = [];
  for (const e of evidence) {
    const base = { source: e.source, name: e.sourceLabel ?? e.sourceTitle ?? e.source, kind: sourceKind(e.sourceType), paraphrase: e.paraphrase };
    const qs = e.quotes;
    if (!qs.length) out.push({ ...base, quote: undefined });
    for (const quote of qs) out.push({ ...base, quote });
  }
  const rank = (k: SourceKind | undefined) => KIND_ORDER.indexOf(k ?? 'reference');
  return out.sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
}

/** One source's words as a line fragment: `official — BIS press release: “…”`. */
export function citeSource(w: SourceWords): string {
  return `${w.kind ?? 'source'} — ${w.name}${w.quote ? `: “${w.quote}”` : w.paraphrase ? ' (in its own words, paraphrased)' : ''}`;
}

/** A denial as the briefing places and cites it: one per denying claim, with the entities its denied triples name. */
export interface DenialRow {
  claim: string;
  /** The claim key. */
  key: string;
  /** What the claim says, in words (its label without the claim key). */
  statement: string;
  /** The denied triples' subjects and IRI objects, to place the denial. */
  mentions: string[];
  evidence: Evidence[];
}

/** The helpers' denials (one per denied triple) grouped by claim, in statement order. */
function denialRows(denied: readonly Denial[]): DenialRow[] {
  const by = new Map<string, DenialRow>();
  for (const d of denied) {
    const row = by.get(d.claim) ?? by.set(d.claim, { claim: d.claim, key: d.key, statement: statementOf(d.label, d.key), mentions: [], evidence: d.evidence }).get(d.claim)!;
    for (const m of [d.subject, ...(typeof d.object === 'string' ? [d.object] : [])]) if (!row.mentions.includes(m)) row.mentions.push(m);
  }
  return [...by.values()].sort((a, b) => a.statement.localeCompare(b.statement));
}

/** One line of the briefing's timeline: an event on one date, the kinds of that date, and who acted (or signed). */
export interface TimelineItem {
  iri: string;
  date: string;
  label: string;
  /** The kinds of the date in words (`announced`, `takes effect`, …; none for a plain occurrence). */
  words: string[];
  /** Who acted, or who signed and who passed it. */
  who: string | undefined;
}

/** Timeline items: one per (event, date), the kinds of that date joined; the signatory named for signed instruments. */
function timelineItems(entries: readonly TimelineEntry[], signedBy: ReadonlyMap<string, readonly string[]>): TimelineItem[] {
  const kinds: Record<string, string> = { announcedOn: 'announced', effectiveOn: 'takes effect', publishedOn: 'published', startedOn: 'starts', endedOn: 'ends', occurredOn: '', signedOn: 'signed' };
  const merged = new Map<string, { e: TimelineEntry; kinds: string[] }>();
  for (const e of entries) {
    const k = `${e.iri}|${e.date}`;
    const m = merged.get(k) ?? merged.set(k, { e, kinds: [] }).get(k)!;
    if (!m.kinds.includes(e.dateKind)) m.kinds.push(e.dateKind);
  }
  return [...merged.values()].map(({ e, kinds: ks }) => {
    const signers = ks.includes('signedOn') ? signedBy.get(e.iri) : undefined;
    const who = signers?.length ? `signed by ${signers.join(', ')}${e.actorLabel ? `; passed by ${e.actorLabel}` : ''}` : e.actorLabel;
    return { iri: e.iri, date: e.date, label: e.label, words: ks.map((k) => kinds[k]!).filter(Boolean), who };
  });
}

/** Timeline rows as text: one per (event, date), the kinds of that date joined; the signatory named for signed instruments. */
export function timelineRows(entries: readonly TimelineEntry[], signedBy: ReadonlyMap<string, readonly string[]>): string[] {
  const rows: string[] = [];
  for (const t of timelineItems(entries, signedBy)) {
    const row = `${t.date.padEnd(10)}  ${t.label}${t.words.length ? ` (${t.words.join(', ')})` : ''}${t.who ? ` — ${t.who}` : ''}`;
    if (!rows.includes(row)) rows.push(row);
  }
  return rows;
}

/** Splits customer impacts into what is lost (restrictions), what stays allowed (exemptions) and what is offered. */
export function splitImpacts(impacts: readonly CustomerImpact[]): { losses: CustomerImpact[]; exemptions: CustomerImpact[]; offers: CustomerImpact[] } {
  const t = (i: CustomerImpact) => i.type as KgClassName;
  return {
    losses: impacts.filter((i) => i.type in superClassesOf && isA(t(i), 'Restriction')),
    exemptions: impacts.filter((i) => i.type in superClassesOf && isA(t(i), 'Exemption')),
    offers: impacts.filter((i) => !(i.type in superClassesOf) || (!isA(t(i), 'Restriction') && !isA(t(i), 'Exemption'))),
  };
}

/** One contradicting or qualifying claim of a contested claim, with its sources' words. */
export interface ContestingClaim {
  relation: 'contradicts' | 'qualifies';
  /** The contradicting or qualifying claim. */
  by: string;
  byKey: string;
  /** What it says (its label without the claim key). */
  byStatement: string;
  /** Its sources' words, official sources first ({@link citations}). */
  citations: SourceWords[];
}

/** An article claim other sources contradict or qualify, with each claim that does. */
export interface ContestedGroup {
  claim: string;
  key: string;
  /** The claim's verification (`Contradicted`, `PartlyAccurate`, …). */
  verification: string;
  /** The article's words (its first quote), else undefined. */
  quote: string | undefined;
  /** What the claim says in words, when it has no quote (its label without the key). */
  statement: string | undefined;
  /** The claims contradicting or qualifying it. */
  by: ContestingClaim[];
}

/**
 * Everything the briefing says, as data: read once through the typed helpers (and `briefing-data.ts`
 * for what no helper answers), shared by the text briefing ({@link briefingText}) and the site's home page.
 */
export interface Briefing {
  /** Facts established by the sources, and sourced claims. */
  counts: { facts: number; claims: number };
  /** The parties that acted against the group (and, `reactingOnly`, those that only commented). */
  acting: ActingParty[];
  /** The names of the group's companies that actions targeted, sorted. */
  targets: string[];
  /** The timeline of actions (restrictions and exemptions are under losses and exemptions). */
  timeline: TimelineItem[];
  /** The designated people, once each. */
  people: SanctionedPerson[];
  /** What customers and resellers lose (restrictions), with dates. */
  losses: CustomerImpact[];
  /** What stays allowed (exemptions). */
  exemptions: CustomerImpact[];
  /** What customers are offered. */
  offers: CustomerImpact[];
  /** What sources say did not happen: about the designations, about customers, and the rest. */
  denials: { designations: DenialRow[]; customers: DenialRow[]; other: DenialRow[] };
  /** Article claims that other sources contradict or qualify. */
  contested: ContestedGroup[];
}

/** Reads the briefing's data from a graph (embedded or remote). */
export async function briefingData(kg: KasperskyGraph): Promise<Briefing> {
  const [acting, against, timeline, peopleRows, impacts, contestedRows, counts, signedBy, denialList] = await Promise.all([
    actingParties(kg, GROUP), kg.actionsAgainst(GROUP), kg.timeline(), kg.sanctionedPeople(), kg.customerImpacts(), kg.contestedClaims(),
    kg.run(graphStatistics, undefined), signatories(kg), kg.denials(),
  ]);
  const denied = denialRows(denialList);
  const targetIris = [...new Set(against.flatMap((a) => a.targets))];
  const targetNames = await Promise.all(targetIris.map(async (t) => (await kg.entity(t))?.label ?? t));
  const seenPeople = new Set<string>();
  const people = peopleRows.filter((p) => (seenPeople.has(p.person) ? false : (seenPeople.add(p.person), true)));
  // Restrictions and exemptions are listed under what customers lose, not twice.
  const events = timeline.filter((e) => !(e.type in superClassesOf) || !(isA(e.type, 'Restriction') || isA(e.type, 'Exemption')));
  // Denials placed where a reader looks for them: about the designations, about customers, or on their own.
  const designationIris = new Set(peopleRows.map((p) => p.designation));
  const customerNodes = new Set(impacts.flatMap((i) => [i.iri, ...(i.partOf ? [i.partOf] : [])]));
  const designations = denied.filter((d) => d.mentions.some((m) => designationIris.has(m)));
  const customers = denied.filter((d) => !designations.includes(d) && d.mentions.some((m) => customerNodes.has(m)));
  const other = denied.filter((d) => !designations.includes(d) && !customers.includes(d));
  // a contested claim with no quote is given by its label (read only when one lacks a quote)
  const labels = contestedRows.some((c) => c.quote === undefined) ? new Map((await kg.claims()).map((c) => [c.claim, statementOf(c.label, c.key)])) : new Map<string, string>();
  const contested = new Map<string, ContestedGroup>();
  for (const c of contestedRows) {
    let g = contested.get(c.claim);
    if (!g) contested.set(c.claim, (g = { claim: c.claim, key: c.key, verification: c.verification, quote: c.quote, statement: c.quote === undefined ? labels.get(c.claim) : undefined, by: [] }));
    g.by.push({ relation: c.relation, by: c.by, byKey: c.byKey, byStatement: statementOf(c.byLabel ?? '', c.byKey), citations: citations(c.byEvidence) });
  }
  return {
    counts: { facts: Number(counts.facts), claims: Number(counts.claims) },
    acting,
    targets: [...new Set(targetNames)].sort(),
    timeline: timelineItems(events, signedBy),
    people,
    ...splitImpacts(impacts),
    denials: { designations, customers, other },
    contested: [...contested.values()],
  };
}

/** The kinds of a claim's sources in words: `official`, `official and news`. */
export function kindsText(ws: readonly SourceWords[]): { text: string; plural: boolean } {
  const kinds = [...new Set(ws.map((w) => w.kind ?? 'source'))];
  const text = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0] ?? '';
  return { text, plural: kinds.length > 1 || ws.length > 1 };
}


/** An impact's description after its label (`: …`), unless the label already says it. */
export function impactDescription(i: CustomerImpact): string {
  return i.description && !i.label.toLowerCase().includes(i.description.toLowerCase()) ? `: ${i.description}` : '';
}
