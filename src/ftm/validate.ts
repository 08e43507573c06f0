/**
 * Validation of FtM entities against the pinned model (schema and property existence, abstract schemata,
 * required properties, entity ranges and referential integrity) plus value rules the JS model does not
 * check (sanctions-linking §7.1): country codes from the model's vocabulary, ISO 8601 date prefixes that
 * are real calendar dates, maximum lengths, topics from the vocabulary, URLs, and check digits of LEI,
 * INN and OGRN identifiers.
 * @module
 */
import type { FtmEntity } from './entity.js';
import { ftmCountries, ftmModel, ftmTopics } from './model.js';

/** One validation problem. */
export interface ValidationIssue {
  /** The entity ID. */
  id: string;
  /** The property, when the problem is with a value. */
  prop?: string;
  /** What is wrong. */
  message: string;
}

/** The FtM date-prefix pattern: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDTHH`, … to seconds. */
const DATE_PREFIX = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/;

/** Whether a date prefix is also a real calendar value (month 1–12, day within the month, hour < 24 …). */
function isValidDatePrefix(v: string): boolean {
  if (!DATE_PREFIX.test(v)) return false;
  const [date, time] = v.split('T');
  const [y, m, d] = date!.split('-').map(Number);
  if (m !== undefined && (m < 1 || m > 12)) return false;
  if (d !== undefined && (d < 1 || d > new Date(Date.UTC(y!, m!, 0)).getUTCDate())) return false;
  if (time) {
    const [hh, mm, ss] = time.split(':').map(Number);
    if (hh! > 23 || (mm ?? 0) > 59 || (ss ?? 0) > 59) return false;
  }
  return true;
}

/** ISO 17442 LEI check (20 characters, ISO 7064 MOD 97-10). */
export function isValidLei(v: string): boolean {
  if (!/^[0-9A-Z]{18}[0-9]{2}$/.test(v)) return false;
  const digits = [...v].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r === 1;
}

/** Russian INN check digits (10 digits for organisations, 12 for individuals). */
export function isValidInn(v: string): boolean {
  const d = [...v].map(Number);
  const check = (w: number[]) => (w.reduce((s, x, i) => s + x * d[i]!, 0) % 11) % 10;
  if (/^\d{10}$/.test(v)) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  if (/^\d{12}$/.test(v)) return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
  return false;
}

/** Russian OGRN (13 digits, mod 11) / OGRNIP (15 digits, mod 13) check digit. */
export function isValidOgrn(v: string): boolean {
  if (/^\d{13}$/.test(v)) return Number(BigInt(v.slice(0, 12)) % 11n % 10n) === Number(v[12]);
  if (/^\d{15}$/.test(v)) return Number(BigInt(v.slice(0, 14)) % 13n % 10n) === Number(v[14]);
  return false;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Validates entities; entity references must point at entities in the same list (set `external` to
 * allow references to IDs outside it).
 */
export function validateEntities(entities: readonly FtmEntity[], options: { external?: ReadonlySet<string> } = {}): ValidationIssue[] {
  const model = ftmModel();
  const countries = ftmCountries();
  const topics = ftmTopics();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const e of entities) {
    const bad = (message: string, prop?: string) => issues.push({ id: e.id, ...(prop ? { prop } : {}), message });
    if (seen.has(e.id)) bad('duplicate entity ID');
    seen.add(e.id);
    if (e.id.length > 200) bad('ID longer than 200 characters');
    if (!ID_PATTERN.test(e.id)) bad('ID has characters outside [A-Za-z0-9._-]');
    if (!model.schemata[e.schema]) {
      bad(`no such schema: ${e.schema}`);
      continue;
    }
    const schema = model.getSchema(e.schema);
    if (schema.abstract) bad(`schema ${e.schema} is abstract`);
    if (e.datasets !== undefined && (!Array.isArray(e.datasets) || e.datasets.some((d) => typeof d !== 'string' || !d))) bad('datasets must be non-empty strings');
    for (const ts of ['first_seen', 'last_seen', 'last_change'] as const) if (e[ts] !== undefined && !isValidDatePrefix(e[ts]!)) bad(`${ts} is not an ISO date-time`);
    for (const r of schema.required) if (!e.properties[r]?.length) bad(`required property missing`, r);
    for (const [prop, vals] of Object.entries(e.properties)) {
      if (!schema.hasProperty(prop)) {
        bad(`property does not exist in ${e.schema}`, prop);
        continue;
      }
      const p = schema.getProperty(prop);
      if (!Array.isArray(vals) || vals.length === 0) {
        bad('values must be a non-empty array of strings', prop);
        continue;
      }
      const maxLength = p.maxLength || p.type.maxLength;
      for (const v of vals) {
        if (typeof v !== 'string' || !v.trim()) {
          bad('value is not a non-empty string', prop);
          continue;
        }
        if (v !== v.trim()) bad(`value has leading/trailing white space: ${JSON.stringify(v)}`, prop);
        if (maxLength && v.length > maxLength) bad(`value longer than ${maxLength} characters`, prop);
        switch (p.type.name) {
          case 'country':
            if (!countries.has(v)) bad(`not an FtM country code: ${v}`, prop);
            break;
          case 'date':
            if (!isValidDatePrefix(v)) bad(`not an ISO 8601 date prefix: ${v}`, prop);
            break;
          case 'topic':
            if (!topics.has(v)) bad(`not an FtM topic: ${v}`, prop);
            break;
          case 'url':
            if (!/^https?:\/\/[^\s]+$/.test(v)) bad(`not an http(s) URL: ${v}`, prop);
            break;
          case 'entity': {
            const target = byId.get(v);
            if (!target) {
              if (!options.external?.has(v)) bad(`reference to an entity not in the export: ${v}`, prop);
            } else if (p.hasRange && !model.getSchema(target.schema).isA(p.getRange())) {
              bad(`${v} is a ${target.schema}, not a ${p.getRange().name}`, prop);
            }
            break;
          }
          case 'identifier':
            if (p.format === 'lei' && !isValidLei(v)) bad(`invalid LEI check digits: ${v}`, prop);
            if (p.format === 'inn' && !isValidInn(v)) bad(`invalid INN check digits: ${v}`, prop);
            if (p.format === 'ogrn' && !isValidOgrn(v)) bad(`invalid OGRN check digit: ${v}`, prop);
            break;
          default:
        }
      }
    }
  }
  return issues;
}
