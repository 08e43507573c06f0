/**
 * Person qualifiers from what the graph knows, beyond the name: nationality (stated, or expected from
 * the employer's country), birth year (stated, or plausible for someone the graph shows in office in a
 * given year), gender (stated, or read off a Russian patronymic), and occupation (the roles and employers
 * the graph holds, compared with a candidate's `position`). Each conflict is a named feature with its
 * penalty and a detail a reviewer can check; one conflict is enough to put an exact name below the
 * default threshold. A candidate whose position names one of the person's employers gets a small bonus
 * (it lets "A. G. Tikhonov, COO, Kaspersky Lab" reach the threshold).
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { values } from '../ftm/entity.js';
import type { LinkContext } from './linkable.js';
import { keyOf, tokens } from '../names/normalise.js';

/** Penalties and bonuses of the person qualifiers. */
export interface QualifierConfig {
  /** Candidate nationality disjoint from the stated or expected one. */
  nationalityMismatch: number;
  /** Birth years disjoint by more than a year. */
  dobYearDisjoint: number;
  /** Birth years one apart (a common clerical difference). */
  dobYearNear: number;
  /** A birth year that makes the person's role in an office year implausible (younger than 21 or older than 90). */
  dobImplausible: number;
  /** Candidate gender disagrees with ours (stated or read off the patronymic). */
  genderMismatch: number;
  /** Candidate position shares nothing with our roles and employers. */
  occupationMismatch: number;
  /** Candidate position names one of our employers. */
  employerSupport: number;
}

/** Default qualifier weights: a conflict costs 0.35, so an exact name with one conflict scores 0.65. */
export const DEFAULT_QUALIFIERS: Readonly<QualifierConfig> = Object.freeze({
  nationalityMismatch: -0.35,
  dobYearDisjoint: -0.35,
  dobYearNear: -0.1,
  dobImplausible: -0.35,
  genderMismatch: -0.35,
  occupationMismatch: -0.35,
  employerSupport: 0.15,
});

/** Youngest plausible age of someone in office (board member, executive). */
export const MIN_OFFICE_AGE = 21;
/** Oldest plausible age of someone in office. */
export const MAX_OFFICE_AGE = 90;

/** What we know of one of our people, for qualifiers. */
export interface QueryQualifiers {
  /** Nationalities stated for the person, else expected from the employers' countries; with the reason. */
  nationality?: { codes: Set<string>; why: string };
  /** Stated birth years. */
  birthYears: number[];
  /** Years in which the graph shows the person in office or acted against, with the role shown. */
  activeYears: number[];
  /** A role label for explanations. */
  roleLabel: string;
  /** Keys of the distinctive words of our roles (chief, officer, legal …). */
  roleKeys: Set<string>;
  /** Keys of the distinctive words of our employers' names (kaspersky). */
  employerKeys: Set<string>;
  /** Gender stated or read off the patronymic. */
  gender?: { value: string; why: string };
}

/** What a candidate says about a person, for qualifiers. */
export interface CandidateQualifiers {
  /** Nationality and citizenship codes (lower case). */
  nationalities: Set<string>;
  /** Birth years. */
  birthYears: number[];
  /** Positions as written. */
  positions: string[];
  /** Keys of the words of the positions. */
  positionKeys: Set<string>;
  /** Genders. */
  genders: Set<string>;
}

// Words that say nothing about which role or employer is meant.
const WEAK_WORDS = new Set(['of', 'the', 'and', 'for', 'in', 'at', 'a', 'an', 'to', 'lab', 'labs', 'laboratory', 'group', 'inc', 'ltd', 'limited', 'llc', 'ao', 'jsc', 'ooo', 'company', 'member', 'head', 'director', 'president', 'vice', 'deputy', 'executive', 'senior', 'business', 'unit', 'russia', 'russian'].map(keyOf));

function distinctiveKeys(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of texts) for (const tok of tokens(t)) {
    const k = keyOf(tok);
    if (k.length >= 3 && !WEAK_WORDS.has(k)) out.add(k);
  }
  return out;
}

function years(dates: readonly string[]): number[] {
  return dates.map((d) => Number(d.slice(0, 4))).filter((y) => Number.isInteger(y) && y > 1800);
}

/** The qualifiers of one of our people (entity properties plus its {@link LinkContext}). */
export function queryQualifiers(entity: FtmEntity, context: LinkContext | undefined, patronymics: readonly string[]): QueryQualifiers {
  const stated = values(entity, 'nationality', 'citizenship').map((c) => c.toLowerCase());
  const employers = context?.employers ?? [];
  const employerCountries = [...new Set(employers.flatMap((e) => e.countries))];
  let nationality: QueryQualifiers['nationality'];
  if (stated.length) nationality = { codes: new Set(stated), why: `nationality ${stated.join(',')}` };
  else if (employerCountries.length === 1) nationality = { codes: new Set(employerCountries), why: `expected from the employer ${employers.map((e) => e.name).join(', ')} (${employerCountries[0]})` };
  const roles = [...(context?.roles ?? []), ...values(entity, 'position')];
  const q: QueryQualifiers = {
    birthYears: years(values(entity, 'birthDate')),
    activeYears: context?.activeYears ?? [],
    roleLabel: roles[0] ?? 'in office',
    roleKeys: distinctiveKeys(roles),
    employerKeys: distinctiveKeys(employers.map((e) => e.name)),
  };
  if (nationality) q.nationality = nationality;
  const g = values(entity, 'gender')[0];
  if (g) q.gender = { value: g.toLowerCase(), why: `gender ${g}` };
  else {
    const p = patronymics.map((x) => x.toLowerCase()).find((x) => /(vich|vič|vych|ich)$/.test(x) || /(vna|ichna|ična)$/.test(x));
    if (p) q.gender = { value: /(vna|ichna|ična)$/.test(p) ? 'female' : 'male', why: `read off the patronymic ${p}` };
  }
  return q;
}

/** The qualifiers of a candidate. */
export function candidateQualifiers(entity: FtmEntity): CandidateQualifiers {
  const positions = values(entity, 'position');
  const keys = new Set<string>();
  for (const p of positions) for (const t of tokens(p)) keys.add(keyOf(t));
  return {
    nationalities: new Set(values(entity, 'nationality', 'citizenship').map((c) => c.toLowerCase())),
    birthYears: years(values(entity, 'birthDate')),
    positions,
    positionKeys: keys,
    genders: new Set(values(entity, 'gender').map((g) => g.toLowerCase())),
  };
}

/** One explained feature. */
export interface Feature {
  /** Contribution to the score. */
  score: number;
  /** What was compared. */
  detail: string | null;
}

/**
 * Compares a candidate with one of our people; writes one feature per qualifier into `ex` (0 when it
 * does not apply) and returns the sum of their contributions.
 */
export function comparePersonQualifiers(q: QueryQualifiers, c: CandidateQualifiers, ex: Record<string, Feature>, cfg: QualifierConfig = DEFAULT_QUALIFIERS): number {
  let sum = 0;
  // the detail is written only for a feature that applies (most pairs scored are dropped below the floor)
  const put = (name: string, applies: boolean, score: number, detail: () => string) => {
    ex[name] = { score: applies ? score : 0, detail: applies ? detail() : null };
    if (applies) sum += score;
  };
  const nat = q.nationality;
  put('nationality_mismatch', !!nat && c.nationalities.size > 0 && ![...c.nationalities].some((x) => nat.codes.has(x)), cfg.nationalityMismatch,
    () => `candidate nationality ${[...c.nationalities].join(',')}; ours ${[...(nat?.codes ?? [])].join(',')} (${nat?.why ?? ''})`);
  // birth year: against a stated one, else against plausibility in the office years
  let yearFeature: [string, number, string] | undefined;
  if (q.birthYears.length && c.birthYears.length) {
    const gap = Math.min(...c.birthYears.flatMap((y) => q.birthYears.map((x) => Math.abs(x - y))));
    if (gap > 1) yearFeature = ['dob_year_disjoint', cfg.dobYearDisjoint, `born ${c.birthYears.join(',')}; ours ${q.birthYears.join(',')} (${gap} years apart)`];
    else if (gap === 1) yearFeature = ['dob_year_disjoint', cfg.dobYearNear, `born ${c.birthYears.join(',')}; ours ${q.birthYears.join(',')} (one year apart)`];
  }
  put('dob_year_disjoint', yearFeature?.[0] === 'dob_year_disjoint', yearFeature?.[1] ?? 0, () => yearFeature?.[2] ?? '');
  let implausible: string | undefined;
  if (q.activeYears.length && c.birthYears.length) {
    const y0 = Math.min(...q.activeYears);
    const y1 = Math.max(...q.activeYears);
    const ok = c.birthYears.some((b) => y0 - b >= MIN_OFFICE_AGE && y1 - b <= MAX_OFFICE_AGE);
    if (!ok) {
      const b = c.birthYears[0]!;
      implausible = `born ${c.birthYears.join(',')}: aged ${y0 - b} in ${y0}, when the graph shows ours as ${q.roleLabel} (plausible ages ${MIN_OFFICE_AGE}–${MAX_OFFICE_AGE})`;
    }
  }
  put('dob_implausible', implausible !== undefined, cfg.dobImplausible, () => implausible ?? '');
  put('gender_mismatch', !!q.gender && c.genders.size > 0 && !c.genders.has(q.gender.value), cfg.genderMismatch, () => `candidate ${[...c.genders].join(',')}; ours ${q.gender?.value} (${q.gender?.why})`);
  // occupation
  const employerHit = [...c.positionKeys].some((k) => q.employerKeys.has(k));
  const roleHit = [...c.positionKeys].some((k) => q.roleKeys.has(k));
  const known = q.employerKeys.size > 0 || q.roleKeys.size > 0;
  put('employer_match', employerHit, cfg.employerSupport, () => `position "${c.positions.join('; ')}" names our employer`);
  put('occupation_mismatch', known && c.positions.length > 0 && !employerHit && !roleHit, cfg.occupationMismatch, () => `position "${c.positions.join('; ')}" shares nothing with ours (${q.roleLabel})`);
  return sum;
}
