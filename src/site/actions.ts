/**
 * The actions of the facts view, as the pictures need them: dated items for the timeline, actors and
 * targets for the parties graph, and the "authority" each action is coloured by (its actor rolled up to the
 * top-level body below the root of its organisation tree: BIS and OICTS count as the Department of
 * Commerce, OFAC as the Treasury). Everything is read from the data; nothing is listed by hand.
 * @module
 */
import type { Term } from 'n3';
import { kg } from '../generated/vocab.js';
import { KG } from '../namespaces.js';
import { naturalCompare } from '../rdf/order.js';
import { DATE_TYPES, byLabel, type SiteModel } from './model.js';

/** One dated item of the timeline: a date property of an action, restriction or other non-agent entity. */
export interface DatedItem {
  /** The dated resource. */
  readonly iri: string;
  /** Its display name. */
  readonly label: string;
  /** The date property's local name (`effectiveOn`). */
  readonly kind: string;
  /** The date as written (`2024`, `2024-06`, `2024-06-20`). */
  readonly date: string;
  /** Start and end of the date's period, in fractional years (a day, a month or a year long). */
  readonly start: number;
  readonly end: number;
  /** The precision: `year`, `month` or `day`. */
  readonly precision: 'year' | 'month' | 'day';
  /** The authority it is coloured by (see {@link authorityOf}), if any. */
  readonly authority: string | undefined;
  /** The direct actors (issuing bodies), if any. */
  readonly actors: readonly string[];
}

/** An authority and its colour. */
export interface AuthorityColour {
  /** The authority's IRI, or `''` for "no known authority". */
  readonly iri: string;
  /** Its display name. */
  readonly label: string;
  /** A CSS colour. */
  readonly colour: string;
}

/** Twenty colours that stay apart on white (Tableau-like first, the most frequent authorities get the first ones). */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#393b79',
  '#ad494a', '#637939', '#e6550d', '#3182bd', '#7b4173', '#31a354', '#843c39', '#bd9e39', '#5254a3', '#de9ed6',
];
/** Colour of items without a known authority. */
export const NO_AUTHORITY_COLOUR = '#7f7f7f';

const obj = (model: SiteModel, s: string, p: string): string[] => {
  const facts = model.facts(s, p, null).filter((q) => q.object.termType === 'NamedNode').map((q) => q.object.value);
  return [...new Set(facts)].sort(naturalCompare);
};
const subj = (model: SiteModel, p: string, o: string): string[] =>
  [...new Set(model.facts(null, p, o).filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value))].sort(naturalCompare);

/** The IRI objects of the propositions claims state (`kg:states`, never denials) for a subject and predicate. */
const statedObjects = (model: SiteModel, s: string, p: string): string[] =>
  [...new Set(model.claimed(s, p, null).filter((t) => t.statedBy.length && t.object.termType === 'NamedNode').map((t) => t.object.value))].sort(naturalCompare);
/** The IRI subjects of the propositions claims state for a predicate and object. */
const statedSubjects = (model: SiteModel, p: string, o: string): string[] =>
  [...new Set(model.claimed(null, p, o).filter((t) => t.statedBy.length && t.subject.termType === 'NamedNode').map((t) => t.subject.value))].sort(naturalCompare);

/** Facts first; when the facts view says nothing, what claims state (their propositions; denied ones never). */
function factsOrClaims(model: SiteModel, s: string, p: string): string[] {
  const f = obj(model, s, p);
  if (f.length) return f;
  return statedObjects(model, s, p);
}

/** The parent organisations of an organisation (kg:parentOrganization, or the inverse of kg:subsidiary). */
function parentsOf(model: SiteModel, org: string): string[] {
  const up = new Set([...factsOrClaims(model, org, kg.parentOrganization)]);
  for (const s of [...subj(model, kg.subsidiary, org), ...statedSubjects(model, kg.subsidiary, org)]) up.add(s);
  up.delete(org);
  return [...up].sort(naturalCompare);
}

/**
 * The authority an actor belongs to: the body just below the root of its chain of parent organisations
 * (the actor itself when it has no parent, or when it is the root).
 */
export function rollUp(model: SiteModel, actor: string): string {
  const chain = [actor];
  const seen = new Set(chain);
  for (;;) {
    const parent = parentsOf(model, chain[chain.length - 1]!).find((p) => !seen.has(p));
    if (!parent) break;
    chain.push(parent);
    seen.add(parent);
  }
  return chain.length >= 2 ? chain[chain.length - 2]! : chain[0]!;
}

/** The direct actors of an action: kg:actor (or kg:signatory), else those of the action it is part of. */
export function actorsOf(model: SiteModel, iri: string, depth = 0): string[] {
  const direct = [...factsOrClaims(model, iri, kg.actor)];
  if (direct.length) return direct;
  const signatories = factsOrClaims(model, iri, kg.signatory);
  if (signatories.length) return signatories;
  if (depth > 4) return [];
  const parents = new Set<string>();
  for (const p of [kg.hasRestriction, kg.hasExemption, kg.hasPart]) {
    for (const s of subj(model, p, iri)) parents.add(s);
    for (const s of statedSubjects(model, p, iri)) parents.add(s);
  }
  for (const p of [...parents].sort(naturalCompare)) {
    const a = actorsOf(model, p, depth + 1);
    if (a.length) return a;
  }
  return [];
}

/** The authority an action is coloured by: its first actor (in name order), rolled up; undefined if none. */
export function authorityOf(model: SiteModel, iri: string): string | undefined {
  const actors = actorsOf(model, iri).sort(byLabel(model));
  return actors.length ? rollUp(model, actors[0]!) : undefined;
}

/** Parses a date literal into its period in fractional years; undefined when it is not a date. */
export function datePeriod(lexical: string): { start: number; end: number; precision: DatedItem['precision'] } | undefined {
  const m = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(lexical.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  if (m[2] === undefined) return { start: y, end: y + 1, precision: 'year' };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return undefined;
  if (m[3] === undefined) return { start: y + (mo - 1) / 12, end: y + mo / 12, precision: 'month' };
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = leap ? 366 : 365;
  const t = Date.UTC(y, mo - 1, Number(m[3]));
  if (Number.isNaN(t)) return undefined;
  const doy = Math.round((t - Date.UTC(y, 0, 1)) / 86_400_000);
  return { start: y + doy / days, end: y + (doy + 1) / days, precision: 'day' };
}

/**
 * True for the nodes the timeline shows: events and regulatory actions, their restrictions and exemptions,
 * and legal instruments (signed, published, effective); also dated nodes the data gives no type at all.
 * Roles, agents, places and products are not actions even when dated.
 */
export function isAction(model: SiteModel, iri: string): boolean {
  if (!model.typesOf(iri).length) return true;
  return [kg.Event, kg.Restriction, kg.Exemption, kg.LegalInstrument].some((c) => model.isA(iri, c));
}

/**
 * Every dated action of the facts view: each (entity, kg: date property, date) of the default graph whose
 * subject is an entity (not a claim, sentence or source) and an action ({@link isAction}).
 * Sorted by date, then name.
 */
export function datedItems(model: SiteModel): DatedItem[] {
  const out: DatedItem[] = [];
  const seen = new Set<string>();
  for (const q of model.facts(null, null, null)) {
    const o: Term = q.object;
    if (o.termType !== 'Literal' || !DATE_TYPES.has(o.datatype.value)) continue;
    if (q.subject.termType !== 'NamedNode' || !q.predicate.value.startsWith(KG)) continue;
    const iri = q.subject.value;
    if (model.view.kindOf(iri) !== 'entity' || !isAction(model, iri)) continue;
    const period = datePeriod(o.value);
    if (!period) continue;
    const kind = q.predicate.value.slice(KG.length);
    const key = `${iri}|${kind}|${o.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ iri, label: model.label(iri), kind, date: o.value, ...period, authority: authorityOf(model, iri), actors: actorsOf(model, iri) });
  }
  return out.sort((a, b) => a.start - b.start || naturalCompare(a.label, b.label) || naturalCompare(a.kind, b.kind));
}

/** Assigns colours to authorities: the most frequent first, ties by name; one grey for "none". */
export function authorityColours(model: SiteModel, authorities: readonly (string | undefined)[]): Map<string, AuthorityColour> {
  const counts = new Map<string, number>();
  for (const a of authorities) counts.set(a ?? '', (counts.get(a ?? '') ?? 0) + 1);
  const named = [...counts.keys()].filter((k) => k !== '');
  named.sort((a, b) => counts.get(b)! - counts.get(a)! || byLabel(model)(a, b));
  const out = new Map<string, AuthorityColour>();
  named.forEach((iri, i) => out.set(iri, { iri, label: model.label(iri), colour: PALETTE[i % PALETTE.length]! }));
  if (counts.has('')) out.set('', { iri: '', label: 'no recorded authority', colour: NO_AUTHORITY_COLOUR });
  return out;
}

/** An action of the parties graph with its actors and targets (facts view). */
export interface ActionEdges {
  /** The action. */
  readonly iri: string;
  /** Its display name. */
  readonly label: string;
  /** Its earliest date (sort key), if dated. */
  readonly date: string | undefined;
  /** Its actors. */
  readonly actors: readonly string[];
  /** Its targets. */
  readonly targets: readonly string[];
  /** Its authority (for the colour). */
  readonly authority: string | undefined;
}

/** The actions of the facts view that have both an actor and a target: the "who did what to whom" of the graph. */
export function actionEdges(model: SiteModel): ActionEdges[] {
  const subjects = new Set<string>();
  for (const q of model.facts(null, kg.actor, null)) if (q.subject.termType === 'NamedNode') subjects.add(q.subject.value);
  const out: ActionEdges[] = [];
  for (const iri of subjects) {
    if (model.view.kindOf(iri) !== 'entity') continue;
    const actors = obj(model, iri, kg.actor);
    const targets = obj(model, iri, kg.target);
    if (!actors.length || !targets.length) continue;
    const dates = model
      .facts(iri, null, null)
      .filter((q) => q.object.termType === 'Literal' && DATE_TYPES.has(q.object.datatype.value))
      .map((q) => q.object.value)
      .sort();
    out.push({ iri, label: model.label(iri), date: dates[0], actors, targets, authority: authorityOf(model, iri) });
  }
  return out.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || naturalCompare(a.label, b.label));
}
