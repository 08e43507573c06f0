/**
 * Explainable pairwise scoring in the structure of nomenklatura's logic-v2: the score is the best *main*
 * feature (name match, identifier match, ID match) plus the sum of *qualifiers* (penalties for country,
 * birth-date, gender, patronymic and legal-form disagreement), clamped to [0, 1].
 *
 * Persons: the parts of each of our names (given, patronymic, family; variants in several romanisations)
 * are aligned with the candidate's name tokens, and the aligned similarity is weighted (family 1.3,
 * given 1.0, patronymic 0.8). Organisations: legal forms are stripped and classed (AO ≡ JSC ≡ АО,
 * ООО ≡ LLC, Ltd ≡ Limited), synonyms become symbols, and the core tokens are compared.
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { values } from '../ftm/entity.js';
import {
  foldText,
  GENERIC_SYMBOLS,
  keyOf,
  levenshtein,
  looksLikePatronymic,
  orgStem,
  parseOrgName,
  rawTokens,
  tokens,
  type LegalFormClass,
} from '../names/normalise.js';
import { hasCyrillic, nameVariants, romanisations } from '../names/transliterate.js';
import type { LinkableEntity } from './linkable.js';
import { candidateQualifiers, comparePersonQualifiers, DEFAULT_QUALIFIERS, queryQualifiers, type CandidateQualifiers, type QualifierConfig, type QueryQualifiers } from './qualifiers.js';

/** Tunable weights and penalties. Defaults follow logic-v2 where it has an equivalent. */
export interface ScoreConfig {
  /** Weight of the family name (logic-v2 `nm_family_name_weight`). */
  familyWeight: number;
  /** Weight of the given name. */
  givenWeight: number;
  /** Weight of the patronymic (only counted when the candidate has one). */
  patronymicWeight: number;
  /** Weight, in the denominator, of each candidate name token left unaligned. */
  extraTokenWeight: number;
  /** Credit for an initial that agrees with a given name/patronymic. */
  initialCredit: number;
  /** Qualifier: the candidate's patronymic disagrees with ours. */
  patronymicMismatch: number;
  /** Qualifier: countries (jurisdictions) of organisations disjoint: another legal entity. */
  countryMismatch: number;
  /** Qualifier: an organisation name without legal form or country that names several of ours alike. */
  ambiguousOrg: number;
  /** Person qualifiers (nationality, birth year, gender, occupation). */
  person: QualifierConfig;
  /** Qualifier: birth years disjoint (logic-v2 `dob_year_disjoint`). */
  dobYearDisjoint: number;
  /** Qualifier: full birth dates disjoint while years agree (logic-v2 `dob_day_disjoint`). */
  dobDayDisjoint: number;
  /** Qualifier: genders disagree (logic-v2 `gender_mismatch`). */
  genderMismatch: number;
  /** Qualifier: both organisation names carry legal forms and no class is shared. */
  legalFormMismatch: number;
  /** Main feature weight of a strong identifier (LEI, INN, OGRN, BIC …) match. */
  strongIdentifier: number;
  /** Main feature weight of any other identifier match. */
  identifier: number;
  /** Cap of a match found only through a weak alias. */
  weakAlias: number;
}

/** The default configuration. */
export const DEFAULT_CONFIG: Readonly<ScoreConfig> = Object.freeze({
  familyWeight: 1.3,
  givenWeight: 1.0,
  patronymicWeight: 0.8,
  extraTokenWeight: 0.5,
  initialCredit: 0.3,
  patronymicMismatch: -0.4,
  countryMismatch: -0.35,
  ambiguousOrg: -0.35,
  person: DEFAULT_QUALIFIERS,
  dobYearDisjoint: -0.15,
  dobDayDisjoint: -0.25,
  genderMismatch: -0.2,
  legalFormMismatch: -0.35,
  strongIdentifier: 0.95,
  identifier: 0.85,
  weakAlias: 0.8,
});

/** One feature of an explanation (yente's shape). */
export interface FeatureExplanation {
  /** The feature's contribution (main features: 0–1; qualifiers: ≤ 0). */
  score: number;
  /** What was compared, for a reviewer. */
  detail: string | null;
}

/** A scored pair. */
export interface PairScore {
  /** Final score in [0, 1]. */
  score: number;
  /** Per-feature explanations (main features and qualifiers). */
  explanations: Record<string, FeatureExplanation>;
}

/** Identifier properties compared, with whether a match is strong (0.95) or ordinary (0.85). */
export const IDENTIFIER_PROPS: Readonly<Record<string, boolean>> = {
  leiCode: true, innCode: true, ogrnCode: true, swiftBic: true, uniqueEntityId: true, isinCode: true, npiCode: true,
  registrationNumber: false, idNumber: false, taxNumber: false, vatCode: false, dunsCode: false, okpoCode: false,
  passportNumber: false, permId: false, kppCode: false, imoNumber: false, authorityId: false,
};

/** Normalises an identifier value for comparison (letters and digits, upper case). */
export function normaliseIdentifier(v: string): string {
  return v.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

const PERSON_SCHEMATA = new Set(['Person', 'LegalEntity']);
const ORG_SCHEMATA = new Set(['Organization', 'Company', 'LegalEntity', 'PublicBody']);

/** Which kind of matching a schema gets (undefined: not matchable). */
export function kindOfSchema(schema: string): 'person' | 'org' | undefined {
  if (schema === 'Person') return 'person';
  if (ORG_SCHEMATA.has(schema)) return 'org';
  return undefined;
}

/** Whether a candidate schema can be compared with a query of `kind`. */
export function compatible(kind: 'person' | 'org', candidateSchema: string): boolean {
  return kind === 'person' ? PERSON_SCHEMATA.has(candidateSchema) : ORG_SCHEMATA.has(candidateSchema);
}

type PartRole = 'F' | 'G' | 'P' | 'M';

/** One spelling variant of a name part. */
interface Variant {
  fold: string;
  key: string;
}

/** A name part (given, patronymic, family, other middle) with its spelling variants. */
export interface NamePart {
  /** F family, G given, P patronymic, M other middle name. */
  role: PartRole;
  /** The part as written in our data. */
  text: string;
  /** Folded forms and keys of every variant (romanisations; Cyrillic reconstruction). */
  variants: Variant[];
}

/** A person name of ours as aligned parts. */
export interface PersonNameStructure {
  /** The full name it came from. */
  source: string;
  /** Its parts. */
  parts: NamePart[];
}

/** One of our entities, prepared for matching. */
export interface PreparedQuery {
  /** Our entity. */
  entity: FtmEntity;
  /** Person or organisation matching. */
  kind: 'person' | 'org';
  /** Person names as part structures. */
  personNames: PersonNameStructure[];
  /** Organisation names split into legal forms and core tokens. */
  orgNames: { source: string; forms: LegalFormClass[]; core: string[] }[];
  /** Country codes (nationality, citizenship, country, jurisdiction, mainCountry). */
  countries: Set<string>;
  /** Birth dates (ISO prefixes). */
  birthDates: string[];
  /** Genders. */
  genders: Set<string>;
  /** Identifier values (normalised) → property name. */
  identifiers: Map<string, string>;
  /** IDs under which other datasets may carry this entity (our ID, verified authority IDs, referents). */
  ids: Set<string>;
  /** Person qualifiers from the graph (people only). */
  qualifiers?: QueryQualifiers;
  /** Legal-form classes over all of an organisation's names. */
  forms: Set<LegalFormClass>;
  /** Names of our other organisations whose core name is the same (they need a legal form or country to tell apart). */
  siblings: string[];
}

/** Fills in {@link PreparedQuery.siblings}: organisations of ours that share a core name. */
export function linkSiblings(queries: readonly PreparedQuery[]): void {
  const coreKey = (q: PreparedQuery) => new Set(q.orgNames.map((o) => [...o.core].sort().join(' ')));
  const keys = queries.map((q) => (q.kind === 'org' ? coreKey(q) : new Set<string>()));
  queries.forEach((q, i) => {
    if (q.kind !== 'org') return;
    q.siblings = queries.filter((o, j) => j !== i && o.kind === 'org' && [...keys[j]!].some((k) => keys[i]!.has(k))).map((o) => o.entity.properties.name?.[0] ?? o.entity.id);
  });
}

function variantsOf(text: string): Variant[] {
  const forms = hasCyrillic(text) ? [text, ...romanisations(text)] : nameVariants(text);
  const seen = new Set<string>();
  const out: Variant[] = [];
  for (const f of forms) {
    const fold = foldText(f).replace(/ /g, '');
    if (!fold || seen.has(fold)) continue;
    seen.add(fold);
    out.push({ fold, key: keyOf(fold) });
  }
  return out;
}

/** Splits one of our person names into parts, labelling tokens from the entity's name-part properties. */
export function personStructure(fullName: string, entity: FtmEntity): PersonNameStructure {
  const toks = tokens(fullName);
  const keyset = (props: string[]) => new Set(values(entity, ...props).flatMap((v) => tokens(v)).map(keyOf));
  const fam = keyset(['lastName']);
  const giv = keyset(['firstName']);
  const pat = keyset(['fatherName']);
  const roles: (PartRole | undefined)[] = toks.map((t) => {
    const k = keyOf(t);
    if (fam.has(k)) return 'F';
    if (giv.has(k)) return 'G';
    if (pat.has(k)) return 'P';
    return undefined;
  });
  // Unlabelled tokens: last unlabelled → family (if none yet), first → given, middle → patronymic-like or M.
  const has = (r: PartRole) => roles.includes(r);
  if (!has('F')) {
    const commaFirst = fullName.includes(',');
    const idx = commaFirst ? roles.findIndex((r) => r === undefined) : roles.lastIndexOf(undefined);
    if (idx >= 0) roles[idx] = 'F';
  }
  if (!has('G')) {
    const idx = roles.findIndex((r) => r === undefined);
    if (idx >= 0) roles[idx] = 'G';
  }
  toks.forEach((t, i) => {
    if (roles[i] === undefined) roles[i] = !has('P') && looksLikePatronymic(t) ? 'P' : 'M';
  });
  // Use the original-case text of each token for variant generation (Cyrillic stays Cyrillic).
  const raws = rawTokens(fullName);
  const parts: NamePart[] = toks.map((t, i) => {
    const raw = raws.length === toks.length ? raws[i]! : t;
    return { role: roles[i]!, text: raw, variants: variantsOf(raw) };
  });
  return { source: fullName, parts };
}

/** Prepares one of our FtM entities for matching (undefined when its schema is not matchable). */
export function prepareQuery(entity: LinkableEntity, extraIds: Iterable<string> = []): PreparedQuery | undefined {
  const kind = kindOfSchema(entity.schema);
  if (!kind) return undefined;
  const names = values(entity, 'name', 'alias', 'previousName');
  const q: PreparedQuery = {
    entity,
    kind,
    personNames: [],
    orgNames: [],
    countries: new Set(values(entity, 'nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry').map((c) => c.toLowerCase())),
    birthDates: values(entity, 'birthDate'),
    genders: new Set(values(entity, 'gender').map((g) => g.toLowerCase())),
    identifiers: new Map(),
    ids: new Set([entity.id, ...(entity.referents ?? []), ...extraIds]),
    forms: new Set(),
    siblings: [],
  };
  for (const [prop] of Object.entries(IDENTIFIER_PROPS)) {
    for (const v of entity.properties[prop] ?? []) {
      const n = normaliseIdentifier(v);
      if (n.length >= 4) q.identifiers.set(n, prop);
    }
  }
  if (kind === 'person') {
    const composed = [values(entity, 'firstName')[0], values(entity, 'fatherName')[0], values(entity, 'lastName')[0]].filter(Boolean).join(' ');
    const all = [...names];
    if (composed && !all.some((n) => foldText(n) === foldText(composed))) all.push(composed);
    q.personNames = all.map((n) => personStructure(n, entity)).filter((s) => s.parts.length > 0);
    const patronymics = [...values(entity, 'fatherName'), ...q.personNames.flatMap((s) => s.parts.filter((p) => p.role === 'P').map((p) => foldText(p.text)))];
    q.qualifiers = queryQualifiers(entity, entity.context, patronymics);
  } else {
    for (const n of names) {
      const p = parseOrgName(n);
      for (const f of p.forms) q.forms.add(f);
      if (p.core.length) q.orgNames.push({ source: n, forms: p.forms, core: p.core });
    }
  }
  return q;
}

/** A candidate (dump entity) prepared for scoring. */
export interface PreparedCandidate {
  /** The entity as read. */
  entity: FtmEntity;
  /** Full names (name, alias, previousName, and first/father/last composed). */
  names: string[];
  /** Weak aliases. */
  weakNames: string[];
  /** Country codes. */
  countries: Set<string>;
  /** Birth dates. */
  birthDates: string[];
  /** Genders. */
  genders: Set<string>;
  /** Patronymics given as a property (fatherName). */
  fatherNames: string[];
  /** `names` tokenised (computed once). */
  tokenised: TokenisedName[];
  /** `weakNames` tokenised (computed once). */
  weakTokenised: TokenisedName[];
  /** Person qualifiers, worked out on first use (see `qualsOf`). */
  quals: CandidateQualifiers | undefined;
  /** The patronymic tokens the candidate gives (fatherName, and patronymic-like tokens of its names), computed on first use. */
  patronymics?: Set<string>;
}

/** Prepares a dump entity for scoring. */
export function prepareCandidate(entity: FtmEntity): PreparedCandidate {
  const names = values(entity, 'name', 'alias', 'previousName');
  const first = values(entity, 'firstName');
  const last = values(entity, 'lastName');
  const father = values(entity, 'fatherName');
  const middle = values(entity, 'middleName', 'secondName');
  if (last.length) {
    // the parts as a name, unless a full name already holds them all
    const composed = [first[0], father[0] ?? middle[0], last[0]].filter(Boolean).join(' ');
    const parts = tokenise(composed).all;
    if (composed && !names.some((n) => {
      const t = tokenise(n).all;
      return parts.every((p) => t.includes(p));
    })) names.push(composed);
  }
  const weakNames = values(entity, 'weakAlias');
  return {
    entity,
    names,
    weakNames,
    countries: new Set(values(entity, 'nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry').map((c) => c.toLowerCase())),
    birthDates: values(entity, 'birthDate'),
    genders: new Set(values(entity, 'gender').map((g) => g.toLowerCase())),
    fatherNames: father,
    tokenised: names.map(tokenise),
    weakTokenised: weakNames.map(tokenise),
    quals: undefined, // read only by the qualifiers, which most pairs never reach (see scorePairAbove): {@link qualsOf}
    patronymics: undefined,
  };
}

/** A candidate's person qualifiers, worked out on first use. */
function qualsOf(c: PreparedCandidate): CandidateQualifiers {
  return (c.quals ??= candidateQualifiers(c.entity));
}

const FEMININE_PAIRS: readonly [string, string][] = [['ova', 'ov'], ['eva', 'ev'], ['ina', 'in'], ['aia', 'ii'], ['ska', 'ski'], ['kaia', 'ki']];

const simCache = new WeakMap<NamePart, Map<string, number>>();

/** Similarity of one variant-bearing part with one folded token (0–1); memoised per part. */
export function partSimilarity(part: NamePart, tokenFold: string, tokenKey: string, cfg: ScoreConfig = DEFAULT_CONFIG): number {
  let cache = simCache.get(part);
  if (!cache) simCache.set(part, (cache = new Map()));
  const k = cfg === DEFAULT_CONFIG ? tokenFold : undefined;
  if (k !== undefined) {
    const hit = cache.get(k);
    if (hit !== undefined) return hit;
  }
  const s = partSimilarityUncached(part, tokenFold, tokenKey, cfg);
  if (k !== undefined) {
    if (cache.size > 20_000) cache.clear();
    cache.set(k, s);
  }
  return s;
}

function partSimilarityUncached(part: NamePart, tokenFold: string, tokenKey: string, cfg: ScoreConfig): number {
  let best = 0;
  if (tokenFold.length === 1) {
    return part.variants.some((v) => v.fold[0] === tokenFold) && part.role !== 'F' ? cfg.initialCredit : 0;
  }
  for (const v of part.variants) {
    if (v.fold === tokenFold) return 1;
    let s = 0;
    if (v.key === tokenKey) s = 0.95;
    else {
      // masculine/feminine surname forms are different people
      if (part.role === 'F' && FEMININE_PAIRS.some(([f, m]) => (v.key.endsWith(f) && tokenKey === v.key.slice(0, -f.length) + m) || (tokenKey.endsWith(f) && v.key === tokenKey.slice(0, -f.length) + m))) {
        s = 0.3;
      } else {
        const maxLen = Math.max(v.key.length, tokenKey.length);
        // at most 20 % edits can reach the 0.8 floor; longer length gaps cannot
        if (maxLen && Math.abs(v.key.length - tokenKey.length) <= maxLen * 0.2) {
          const r = 1 - levenshtein(v.key, tokenKey) / maxLen;
          s = r >= 0.8 ? r * 0.95 : 0;
        }
      }
    }
    if (s > best) best = s;
  }
  return best;
}

interface PersonNameResult {
  score: number;
  detail: string;
}

const ROLE_WEIGHT = (role: PartRole, cfg: ScoreConfig) =>
  role === 'F' ? cfg.familyWeight : role === 'G' ? cfg.givenWeight : role === 'P' ? cfg.patronymicWeight : cfg.patronymicWeight * 0.6;

/**
 * Aligns one of our name structures with a candidate name; returns the best weighted similarity. (A
 * patronymic that disagrees is found over all of a candidate's names, by {@link patronymicClash}.)
 */
export function alignPersonName(ours: PersonNameStructure, candidateName: string | TokenisedName, cfg: ScoreConfig = DEFAULT_CONFIG): PersonNameResult {
  const tn = typeof candidateName === 'string' ? tokenise(candidateName) : candidateName;
  if (cfg !== DEFAULT_CONFIG) return alignPersonNameUncached(ours, tn, cfg);
  // memoised per structure of ours: a pure function of the candidate name
  let cache = alignCache.get(ours);
  if (!cache) alignCache.set(ours, (cache = new Map()));
  let r = cache.get(tn.name);
  if (!r) {
    r = alignPersonNameUncached(ours, tn, cfg);
    if (cache.size >= 20_000) cache.clear();
    cache.set(tn.name, r);
  }
  return r;
}

const alignCache = new WeakMap<PersonNameStructure, Map<string, PersonNameResult>>();

function alignPersonNameUncached(ours: PersonNameStructure, tn: TokenisedName, cfg: ScoreConfig): PersonNameResult {
  const toks = tn.toks;
  const keys = tn.keys;
  const parts = ours.parts;
  const n = parts.length;
  const sims = parts.map((p) => toks.map((t, j) => partSimilarity(p, t, keys[j]!, cfg)));
  const weights = parts.map((p) => ROLE_WEIGHT(p.role, cfg));
  // a part left unassigned still counts in the denominator when it is a family or given name
  const required = parts.map((p) => p.role === 'F' || p.role === 'G');
  let bestScore = 0;
  let bestAssign: number[] = [];
  const assign: number[] = new Array<number>(n).fill(-1);
  // depth-first over assignments of parts to distinct tokens
  const taken = new Uint8Array(toks.length);
  const rec = (i: number, count: number): void => {
    if (i === n) {
      let num = 0;
      let den = 0;
      for (let k = 0; k < n; k++) {
        const j = assign[k]!;
        if (j >= 0) {
          num += weights[k]! * sims[k]![j]!;
          den += weights[k]!;
        } else if (required[k]) den += weights[k]!;
      }
      den += (toks.length - count) * cfg.extraTokenWeight;
      const s = den > 0 ? num / den : 0;
      if (s > bestScore) {
        bestScore = s;
        bestAssign = assign.slice();
      }
      return;
    }
    rec(i + 1, count);
    const row = sims[i]!;
    for (let j = 0; j < toks.length; j++) {
      if (taken[j] || row[j]! <= 0) continue;
      taken[j] = 1;
      assign[i] = j;
      rec(i + 1, count + 1);
      assign[i] = -1;
      taken[j] = 0;
    }
  };
  rec(0, 0);
  const pairs = parts
    .map((p, i) => (bestAssign[i]! >= 0 ? `${p.role}:${p.text}~${toks[bestAssign[i]!]}(${sims[i]![bestAssign[i]!]!.toFixed(2)})` : `${p.role}:${p.text}~∅`))
    .join(' ');
  return { score: bestScore, detail: `${ours.source} ↔ ${tn.name}: ${pairs}` };
}

/** A candidate name split into folded tokens (honorifics dropped) and their keys. */
export interface TokenisedName {
  /** The name as written. */
  name: string;
  /** Folded tokens, honorifics left out. */
  toks: string[];
  /** All its folded tokens ({@link tokens}). */
  all: string[];
  /** Their keys. */
  keys: string[];
}

const tokeniseCache = new Map<string, TokenisedName>();

/** Tokenises a candidate name once for all comparisons (memoised: dumps repeat names; the result is shared, never mutated). */
export function tokenise(name: string): TokenisedName {
  let t = tokeniseCache.get(name);
  if (t) return t;
  const all = tokens(name);
  const toks = all.filter((x) => !HONORIFICS.has(x));
  t = { name, toks, all, keys: toks.map(keyOf) };
  if (tokeniseCache.size >= 50_000) tokeniseCache.clear();
  tokeniseCache.set(name, t);
  return t;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sir', 'gospodin']);

function tokenWeight(t: string): number {
  if (GENERIC_SYMBOLS.has(t)) return 0.5;
  return t.length <= 1 ? 0.3 : 1;
}

function orgTokenSim(a: string, b: string): number {
  if (a === b) return 1;
  if (a.startsWith('#') || b.startsWith('#')) return 0;
  if (orgStem(a) === orgStem(b)) return 0.92;
  const maxLen = Math.max(a.length, b.length);
  const r = maxLen ? 1 - levenshtein(a, b) / maxLen : 0;
  return r >= 0.8 ? r * 0.95 : 0;
}

/** Compares two organisation core-token lists (Dice-style, similarity-weighted). */
export function compareOrgCores(a: readonly string[], b: readonly string[]): number {
  const wa = a.reduce((s, t) => s + tokenWeight(t), 0);
  const wb = b.reduce((s, t) => s + tokenWeight(t), 0);
  if (!wa || !wb) return 0;
  const cands: { i: number; j: number; s: number }[] = [];
  a.forEach((x, i) => b.forEach((y, j) => {
    const s = orgTokenSim(x, y);
    if (s > 0) cands.push({ i, j, s });
  }));
  cands.sort((p, q) => q.s - p.s);
  const ui = new Set<number>();
  const uj = new Set<number>();
  let num = 0;
  for (const c of cands) {
    if (ui.has(c.i) || uj.has(c.j)) continue;
    ui.add(c.i);
    uj.add(c.j);
    num += ((tokenWeight(a[c.i]!) + tokenWeight(b[c.j]!)) / 2) * c.s;
  }
  return (2 * num) / (wa + wb);
}

/** Our patronymics vs the candidate's (fatherName values and patronymic-looking name tokens); a description when they disagree. */
export function patronymicClash(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig = DEFAULT_CONFIG): string | undefined {
  let ours = patronymicParts.get(q);
  if (ours === undefined) patronymicParts.set(q, (ours = q.personNames.flatMap((s) => s.parts.filter((p) => p.role === 'P'))));
  if (!ours.length) return undefined;
  const theirs = (c.patronymics ??= patronymicsOf(c));
  if (!theirs.size) return undefined;
  for (const t of theirs) for (const p of ours) if (partSimilarity(p, t, keyOf(t), cfg) >= 0.8) return undefined;
  return `${[...theirs].join('/')} ≠ ${[...new Set(ours.map((p) => p.text))].join('/')}`;
}

/** The patronymic parts of each of our people, computed once. */
const patronymicParts = new WeakMap<PreparedQuery, NamePart[]>();

/** The patronymic tokens a candidate gives: its fatherName tokens and the patronymic-like tokens of its names. */
function patronymicsOf(c: PreparedCandidate): Set<string> {
  const theirs = new Set<string>();
  for (const f of c.fatherNames) for (const t of tokens(f)) theirs.add(t);
  for (const list of [c.tokenised, c.weakTokenised]) for (const n of list) for (const t of n.toks) if (looksLikePatronymic(t)) theirs.add(t);
  return theirs;
}

function yearOf(d: string): string {
  return d.slice(0, 4);
}

/** Scores one of our entities against a candidate. */
export function scorePair(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig = DEFAULT_CONFIG): PairScore {
  return scorePairAbove(q, c, Number.NEGATIVE_INFINITY, cfg)!;
}

/**
 * {@link scorePair}, or undefined when the pair's score is sure to fall below `floor` (the linker drops
 * those): once the main features are known, the qualifiers can only add their positive weights (with
 * the default weights, only a position that names our employer does), so when even that leaves the
 * score below the floor, the qualifiers and their explanations are not worked out. A defined result is
 * exactly {@link scorePair}'s.
 */
export function scorePairAbove(q: PreparedQuery, c: PreparedCandidate, floor: number, cfg: ScoreConfig = DEFAULT_CONFIG): PairScore | undefined {
  const ex: Record<string, FeatureExplanation> = {};
  let main = 0;
  // ID fast path
  const cid = c.entity.id;
  let idHit: string | undefined = q.ids.has(cid) ? cid : undefined;
  if (idHit === undefined && c.entity.referents) for (const r of c.entity.referents) if (q.ids.has(r)) { idHit = r; break; }
  if (idHit) {
    ex.id_match = { score: 1, detail: `entity ID ${idHit}` };
    main = 1;
  }
  const ident = identifierFeature(q, c, cfg);
  ex.identifier_match = ident;
  main = Math.max(main, ident.score);
  const person = q.kind === 'person';
  const name = person ? personNameScore(q, c, cfg, ex) : orgNameFeature(q, c, cfg);
  main = Math.max(main, name.score);
  // (a score within half a thousandth of the floor may round up to it: such a pair is scored in full)
  if (!idHit && main + qualifierBound(q, c, cfg) < floor - 0.0005) return undefined;
  if (person) name.conflict = patronymicClash(q, c, cfg);
  ex.name_match = { score: name.score, detail: name.detail };
  // qualifiers (not applied to an ID match)
  const qual = person ? personQualifiers(q, c, cfg, ex, name.conflict, idHit !== undefined) : orgQualifiers(q, c, cfg, ex, name, idHit !== undefined, ident.score > 0);
  const score = idHit ? 1 : Math.max(0, Math.min(1, main + qual));
  return { score: Math.round(score * 1000) / 1000, explanations: ex };
}

/** The most the qualifiers can add to a pair's score: the sum of their positive weights that may apply. */
function qualifierBound(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig): number {
  const up = (w: number): number => (w > 0 ? w : 0);
  if (q.kind !== 'person') return up(cfg.countryMismatch) + up(cfg.legalFormMismatch) + up(cfg.ambiguousOrg);
  const p = cfg.person;
  let bound = up(p.nationalityMismatch) + Math.max(up(p.dobYearDisjoint), up(p.dobYearNear)) + up(p.dobImplausible) + up(p.genderMismatch) + up(p.occupationMismatch) + up(cfg.dobDayDisjoint) + up(cfg.patronymicMismatch);
  if (p.employerSupport > 0) {
    const employers = q.qualifiers?.employerKeys;
    if (employers?.size && c.entity.properties.position?.length) for (const k of qualsOf(c).positionKeys) if (employers.has(k)) return bound + p.employerSupport;
  }
  return bound;
}

/** {@link IDENTIFIER_PROPS} as a list (read for every pair scored). */
const IDENTIFIER_ENTRIES: readonly (readonly [string, boolean])[] = Object.entries(IDENTIFIER_PROPS);

/** The best identifier agreement (strong identifiers of the same kind score highest). */
function identifierFeature(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig): FeatureExplanation {
  let score = 0;
  let detail: string | null = null;
  for (const [prop, strong] of IDENTIFIER_ENTRIES) {
    const list = c.entity.properties[prop];
    if (list === undefined) continue;
    for (const v of list) {
      const n = normaliseIdentifier(v);
      const ours = q.identifiers.get(n);
      if (ours) {
        const s = strong && ours === prop ? cfg.strongIdentifier : cfg.identifier;
        if (s > score) {
          score = s;
          detail = `${prop}=${v} (ours: ${ours})`;
        }
      }
    }
  }
  return { score, detail };
}

/** A name comparison: its score and explanation, and the conflict it found (patronymic or legal form). */
interface NameFeature {
  score: number;
  detail: string | null;
  conflict: string | undefined;
  /** Organisations only: names alike with a sibling of ours and nothing to tell them apart. */
  ambiguous?: string;
}

/** The best alignment of our person's names with the candidate's (weak aliases capped); the patronymic conflict is left to the caller. */
function personNameScore(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig, ex: Record<string, FeatureExplanation>): NameFeature {
  let score = 0;
  let detail: string | null = null;
  const consider = (tns: TokenisedName[], cap: number, label: string) => {
    for (const s of q.personNames) {
      for (const n of tns) {
        const r = alignPersonName(s, n, cfg);
        const sc = Math.min(r.score, cap);
        if (sc > score || (sc === score && detail === null)) {
          score = sc;
          detail = `${label}${r.detail}`;
        }
      }
    }
  };
  consider(c.tokenised, 1, '');
  const strong = score;
  consider(c.weakTokenised, cfg.weakAlias, 'weak alias: ');
  if (score > strong) ex.weak_alias_match = { score, detail };
  // the patronymic conflict ({@link patronymicClash}) is decided by the caller over all of the
  // candidate's names: a name without the patronymic (or built from firstName + lastName) must not hide
  // one that shows another patronymic
  return { score, detail, conflict: undefined };
}

/** The best comparison of our organisation's name cores with the candidate's; legal forms compared over all names on both sides. */
function orgNameFeature(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig): NameFeature {
  let score = 0;
  let detail: string | null = null;
  let conflict: string | undefined;
  let ambiguous: string | undefined;
  const candForms = new Set<LegalFormClass>();
  for (const n of [...c.names, ...c.weakNames]) for (const f of parseOrgName(n).forms) candForms.add(f);
  if (candForms.size === 0 && q.siblings.length && c.countries.size === 0) {
    ambiguous = `names ${q.entity.properties.name?.[0] ?? q.entity.id} and ${q.siblings.join(', ')} alike; no legal form or country to tell them apart`;
  }
  const consider = (names: string[], cap: number) => {
    for (const o of q.orgNames) {
      for (const n of names) {
        const p = parseOrgName(n);
        if (!p.core.length) continue;
        const s = Math.min(compareOrgCores(o.core, p.core), cap);
        // legal forms are compared over all names on both sides: an alias without a form hides nothing
        const clash = q.forms.size && candForms.size && ![...q.forms].some((f) => candForms.has(f)) ? `${[...q.forms].join('/')} ≠ ${[...candForms].join('/')}` : undefined;
        // prefer, at equal name similarity, the pairing without a legal-form conflict
        const eff = s + (clash ? cfg.legalFormMismatch : 0);
        const bestEff = score + (conflict ? cfg.legalFormMismatch : 0);
        if (eff > bestEff || detail === null) {
          score = s;
          conflict = clash;
          detail = `${o.source} [${o.forms.join('/') || '-'}] ↔ ${n} [${p.forms.join('/') || '-'}]: core ${o.core.join(' ')} ~ ${p.core.join(' ')}`;
        }
      }
    }
  };
  consider(c.names, 1);
  consider(c.weakNames, cfg.weakAlias);
  return { score, detail, conflict, ...(ambiguous !== undefined ? { ambiguous } : {}) };
}

/** Records a qualifier feature in `ex`; returns its penalty when it applies, else 0. */
function qualifier(ex: Record<string, FeatureExplanation>, name: string, applies: boolean, penalty: number, detail: () => string | null): number {
  ex[name] = { score: applies ? penalty : 0, detail: applies ? detail() : null };
  return applies ? penalty : 0;
}

/** A person's qualifiers (nationality, birth year, gender, occupation; birth day; patronymic): the sum of their penalties. */
function personQualifiers(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig, ex: Record<string, FeatureExplanation>, patronymicConflict: string | undefined, idHit: boolean): number {
  let qual = comparePersonQualifiers(q.qualifiers!, qualsOf(c), ex, cfg.person);
  const qd = q.birthDates.filter((d) => d.length >= 10);
  const cd = c.birthDates.filter((d) => d.length >= 10);
  const sameYear = qd.some((x) => cd.some((d) => yearOf(d) === yearOf(x)));
  const dayClash = sameYear && !cd.some((d) => qd.some((x) => x.slice(0, 10) === d.slice(0, 10)));
  qual += qualifier(ex, 'dob_day_disjoint', dayClash, cfg.dobDayDisjoint, () => `${qd.join(',')} vs ${cd.join(',')}`);
  qual += qualifier(ex, 'patronymic_mismatch', patronymicConflict !== undefined && !idHit, cfg.patronymicMismatch, () => patronymicConflict ?? null);
  return qual;
}

/** An organisation's qualifiers (country, legal form, a name shared with a sibling): the sum of their penalties. */
function orgQualifiers(q: PreparedQuery, c: PreparedCandidate, cfg: ScoreConfig, ex: Record<string, FeatureExplanation>, name: NameFeature, idHit: boolean, identHit: boolean): number {
  const countryClash = q.countries.size > 0 && c.countries.size > 0 && ![...c.countries].some((x) => q.countries.has(x));
  let qual = qualifier(ex, 'country_mismatch', countryClash, cfg.countryMismatch, () => `ours ${[...q.countries].join(',')}; candidate ${[...c.countries].join(',')}: another legal entity`);
  qual += qualifier(ex, 'legal_form_mismatch', name.conflict !== undefined && !idHit, cfg.legalFormMismatch, () => name.conflict ?? null);
  qual += qualifier(ex, 'ambiguous_name', name.ambiguous !== undefined && !idHit && !identHit, cfg.ambiguousOrg, () => name.ambiguous ?? null);
  return qual;
}
