/**
 * Result types of the typed helpers. Class, property and concept names are the generated unions of
 * `generated/vocab.ts`, so the types follow the ontology instead of restating it.
 * @module
 */
import type { KgClassName, KgDatatypePropertyName, ModalityName, VerificationName, EventStatusName } from '../generated/vocab.js';
import type { Iri, IsoDate, LangString } from './rows.js';

export type { Iri, IsoDate, LangString } from './rows.js';

/** The date properties of the ontology that place an event on the timeline. */
export type DateKind = Extract<KgDatatypePropertyName, 'announcedOn' | 'effectiveOn' | 'publishedOn' | 'startedOn' | 'endedOn' | 'occurredOn' | 'signedOn'>;

/** An entity with its names, types and external identifiers. */
export interface EntitySummary {
  /** The entity's IRI. */
  iri: Iri;
  /** The English label (or another label when there is no English one). */
  label: string;
  /** Every label and alternative name, with languages (original-script names included). */
  names: LangString[];
  /** The entity's kg: classes (local names); other classes as full IRIs. */
  types: (KgClassName | Iri)[];
  /** Verified external identifiers (owl:sameAs, skos:exactMatch). */
  sameAs: Iri[];
}

/** A search hit of {@link findEntities}. */
export interface EntityMatch extends EntitySummary {
  /** The name that matched. */
  matchedName: string;
  /** 1 for an exact (normalised) name match, 0.5–0.99 for a prefix/substring match. */
  score: number;
}

/** A regulatory action or other event, with who, whom, when and under which authority. */
export interface ActionSummary {
  /** The event's IRI. */
  iri: Iri;
  /** Its label. */
  label: string;
  /** Its kg: classes. */
  types: KgClassName[];
  /** Actors (issuing bodies). */
  actors: Iri[];
  /** Actor labels, same order as actors. */
  actorLabels: string[];
  /** Targets. */
  targets: Iri[];
  /** Legal bases. */
  legalBases: Iri[];
  /** Dates by kind (each a date at the source's precision). */
  dates: Partial<Record<DateKind, IsoDate[]>>;
  /** The event status, where a source gives one. */
  status: EventStatusName | undefined;
}

/** One dated entry of the timeline. */
export interface TimelineEntry {
  /** The dated resource (an event or a restriction). */
  iri: Iri;
  /** Its label. */
  label: string;
  /** Its most specific kg: class. */
  type: KgClassName;
  /** Which date this is. */
  dateKind: DateKind;
  /** The date, at the source's precision. */
  date: IsoDate;
  /** The issuing body, when there is one (the most specific unit when several are named: OICTS rather than Commerce). */
  actor: Iri | undefined;
  /** The issuing body's label. */
  actorLabel: string | undefined;
}

/** A person designated in a sanctions action, with role and organisation. */
export interface SanctionedPerson {
  /** The person's IRI. */
  person: Iri;
  /** The name as reported. */
  name: string;
  /** Given name, patronymic and family name as reported. */
  givenName: string | undefined;
  patronymic: string | undefined;
  familyName: string | undefined;
  /** The role title as reported. */
  roleTitle: string | undefined;
  /** The organisation of the role. */
  organization: Iri | undefined;
  organizationLabel: string | undefined;
  /** The designation action. */
  designation: Iri;
  /** The designating body. */
  designatedBy: Iri[];
  /** The date of the designation. */
  date: IsoDate | undefined;
  /** The legal basis. */
  legalBasis: Iri[];
}

/** What changes for customers, resellers and other groups, and when. */
export interface CustomerImpact {
  /** The restriction, exemption or event. */
  iri: Iri;
  /** Its label. */
  label: string;
  /** Its kg: class. */
  type: KgClassName;
  /** The groups it affects. */
  affects: Iri[];
  /** What is restricted, exempted or offered, in the source's words. */
  description: string | undefined;
  /** When it takes effect (or starts). */
  date: IsoDate | undefined;
  /** The action it belongs to. */
  partOf: Iri | undefined;
}

/** A region or market and how the graph refers to it. */
export interface RegionSummary {
  /** The region's (or market's) IRI. */
  iri: Iri;
  /** Its label. */
  label: string;
  /** Country, Continent, Region or Market. */
  type: KgClassName;
  /** Verified external identifiers. */
  sameAs: Iri[];
  /** The resources that point at it (headquarters, jurisdiction, market...). */
  referencedBy: Iri[];
}

/** A claim and its provenance. */
export interface ClaimSummary {
  /** The claim's IRI (also its graph's name). */
  claim: Iri;
  /** Its key in the research notes (C15, E12b...). */
  key: string;
  /** Its label. */
  label: string;
  /** How the source states it. */
  modality: ModalityName;
  /** What other sources say of it. */
  verification: VerificationName;
  /** True when its triples are in the facts view. */
  licensed: boolean;
  /** The source's exact words, where recorded. */
  quote: string | undefined;
  /** The sentence keys it comes from (article claims). */
  sentences: string[];
  /** Its source documents. */
  sources: Iri[];
  /** Their titles, same order. */
  sourceTitles: string[];
  /** Claims that contradict it. */
  contradictedBy: Iri[];
  /** Claims that qualify it. */
  qualifiedBy: Iri[];
}

/** Where a triple comes from. */
export interface TripleSource {
  /** The claim that states the triple. */
  claim: Iri;
  /** The claim's key. */
  key: string;
  /** Its modality and verification. */
  modality: ModalityName;
  verification: VerificationName;
  /** The source document. */
  source: Iri;
  /** Its title. */
  sourceTitle: string | undefined;
  /** Where it was read. */
  url: string | undefined;
  /** The exact quote, where recorded. */
  quote: string | undefined;
  /** The full sentence text, for article claims. */
  sentence: string | undefined;
}

/** An article claim that an official source contradicts or qualifies. */
export interface ContestedClaim {
  /** The contested claim. */
  claim: Iri;
  key: string;
  quote: string | undefined;
  verification: VerificationName;
  /** `contradicts` or `qualifies`. */
  relation: 'contradicts' | 'qualifies';
  /** The claim that contradicts or qualifies it. */
  by: Iri;
  byKey: string;
  /** What that claim's source says (quote or note). */
  byStatement: string | undefined;
  /** That claim's source document titles. */
  bySources: string[];
}

/** An identifier of an entity: an external IRI or a typed identifier string. */
export interface ExternalIdentifier {
  /** The entity. */
  entity: Iri;
  /** `sameAs`, `exactMatch`, or the kg: identifier property (caseNumber, frDocumentNumber...). */
  scheme: string;
  /** The identifier (an IRI for sameAs/exactMatch). */
  value: string;
}
