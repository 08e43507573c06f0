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

/** What one source document says for one claim (a `kg:Evidence` node). */
export interface Evidence {
  /** The evidence node's IRI. */
  evidence: Iri;
  /** The one document that carries it. */
  source: Iri;
  /** The document's title (or, when it has no real title, its label). */
  sourceTitle: string | undefined;
  /** The document's label (names the publisher: "Fenwick post on …"). */
  sourceLabel: string | undefined;
  /** The document's most specific kind (`FederalRegisterDocument`, `PressRelease`, `NewsArticle`, `LegalAnalysis`...). */
  sourceType: KgClassName | undefined;
  /** Where the document was read. */
  url: string | undefined;
  /** This source's exact words, where quoted (the first of {@link Evidence.quotes}). */
  quote: string | undefined;
  /** Every passage of this source's exact words that the evidence quotes, sorted (a source may support a claim in several places). */
  quotes: string[];
  /** The keys of the article sentences it comes from (`P2e`), for the article's claims, in key order. */
  sentences: string[];
  /** Those sentences' full texts, same order. */
  sentenceTexts: string[];
  /** True when the evidence gives the source's substance in other words (see `note`) rather than its exact words. */
  paraphrase: boolean;
  /** A note on the evidence (for a paraphrase: what the source says). */
  note: string | undefined;
}

/** A claim and its provenance. */
export interface ClaimSummary {
  /** The claim's IRI. */
  claim: Iri;
  /** Its key (C15, E12b...), also the last segment of its IRI. */
  key: string;
  /** Its label. */
  label: string;
  /** How the source states it. */
  modality: ModalityName;
  /** What other sources say of it. */
  verification: VerificationName;
  /** True when what it states is in the facts view (the claim's `kg:licensed`). */
  licensed: boolean;
  /** True when the claim denies propositions (says they are not the case) rather than stating them. */
  denies: boolean;
  /** A quote of the claim (the first source's, in source order, that has one); every source's words are in `evidence`. */
  quote: string | undefined;
  /** The sentence keys it comes from (article claims). */
  sentences: string[];
  /** Its source documents. */
  sources: Iri[];
  /** Their titles (or labels), same order. */
  sourceTitles: string[];
  /** One piece of evidence per source document, in source order. */
  evidence: Evidence[];
  /** Claims that contradict it. */
  contradictedBy: Iri[];
  /** Claims that qualify it. */
  qualifiedBy: Iri[];
}

/** One source of a triple: a claim stating it, and one of that claim's source documents with its own words. */
export interface TripleSource {
  /** The claim that states the triple. */
  claim: Iri;
  /** The claim's key. */
  key: string;
  /** Its modality and verification. */
  modality: ModalityName;
  verification: VerificationName;
  /** True when the claim's statements are facts (`kg:licensed`). */
  licensed: boolean;
  /** The source document. */
  source: Iri;
  /** Its title (or label). */
  sourceTitle: string | undefined;
  /** Where it was read. */
  url: string | undefined;
  /** This source's exact words, where quoted (never another source's). */
  quote: string | undefined;
  /** The article sentence the quote comes from (the first that contains it, else the first), for article claims. */
  sentence: string | undefined;
  /** The full texts of every article sentence it comes from, in sentence-key order. */
  sentences: string[];
  /** True when the source is paraphrased (see `note`), not quoted. */
  paraphrase: boolean;
  /** The evidence's note. */
  note: string | undefined;
}

/** A negative statement: a claim saying that a triple does NOT hold, with each source's words. */
export interface Denial {
  /** The denying claim. */
  claim: Iri;
  key: string;
  label: string;
  modality: ModalityName;
  verification: VerificationName;
  /** The denied triple. */
  subject: Iri;
  predicate: Iri;
  /** An IRI, or a literal with its language or datatype. */
  object: Iri | { value: string; language?: string; datatype?: string };
  /** One piece of evidence per source document. */
  evidence: Evidence[];
}

/** The answer to "was X designated by a sanctions action?". */
export interface DesignationStatus {
  /** The party asked about. */
  target: Iri;
  /** `yes`: a designation in the facts view targets it; `no`: none does and a source says it was not designated; `unknown`: neither. */
  designated: 'yes' | 'no' | 'unknown';
  /** The designations (facts) that target it. */
  designations: Iri[];
  /** The sources' statements that it was not designated. */
  denials: Denial[];
}

/** A claim that another claim contradicts or qualifies. */
export interface ContestedClaim {
  /** The contested claim. */
  claim: Iri;
  key: string;
  /** Its words (the first quote among its evidence). */
  quote: string | undefined;
  verification: VerificationName;
  /** `contradicts` or `qualifies`. */
  relation: 'contradicts' | 'qualifies';
  /** The claim that contradicts or qualifies it. */
  by: Iri;
  byKey: string;
  /** That claim's label. */
  byLabel: string | undefined;
  /** What that claim's sources say: the first quote, else the claim's note. */
  byStatement: string | undefined;
  /** That claim's source document titles (or labels). */
  bySources: string[];
  /** That claim's evidence, one per source: the document, its kind and its words. */
  byEvidence: Evidence[];
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
