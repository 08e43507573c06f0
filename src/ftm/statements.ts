/**
 * FtM statements: one row per property value with its provenance, in the FtM 4 statement columns
 * (`canonical_id, entity_id, prop, schema, value, dataset, lang, original_value, first_seen, last_seen,
 * external, origin, id`, plus `prop_type` as in FtM's CSV form). `origin` holds the source document of the
 * value (its IRI in the package); `original_value` the spelling as the source published it, where it
 * differs from the normalised value.
 * @module
 */
import { readCsv, writeCsv } from '../io/csv.js';

/** One statement row. */
export interface FtmStatement {
  /** The entity's canonical ID (equal to `entity_id` until merged). */
  canonical_id: string;
  /** The entity ID. */
  entity_id: string;
  /** The property (`id` for the base statement that records the entity's existence and schema). */
  prop: string;
  /** The entity's schema. */
  schema: string;
  /** The value as exported. */
  value: string;
  /** The dataset. */
  dataset: string;
  /** ISO 639-3 language of the value, if known. */
  lang: string | null;
  /** The value as published by the source, where it differs. */
  original_value: string | null;
  /** First seen (ISO date-time), if the export was given one. */
  first_seen: string | null;
  /** Last seen (ISO date-time), if the export was given one. */
  last_seen: string | null;
  /** Whether the statement is an unconfirmed external candidate (always false here). */
  external: boolean;
  /** The source document the value comes from (IRI), or null for derived values. */
  origin: string | null;
  /** The statement ID. */
  id: string;
  /** The FtM property type (`name`, `date`, `country`, `entity` …). */
  prop_type: string;
}

/** The column order of the statements CSV. */
export const STATEMENT_COLUMNS: readonly (keyof FtmStatement)[] = [
  'canonical_id', 'entity_id', 'prop', 'schema', 'value', 'dataset', 'lang', 'original_value', 'first_seen', 'last_seen', 'external', 'origin', 'id', 'prop_type',
];

function cell(v: FtmStatement[keyof FtmStatement]): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
}

/** Writes statements as CSV (header row, RFC 4180 quoting and LF line ends by `io/csv.ts`, booleans as `t`/`f` as FtM does). */
export function statementsCsv(rows: readonly FtmStatement[]): string {
  return writeCsv([STATEMENT_COLUMNS, ...rows.map((r) => STATEMENT_COLUMNS.map((c) => cell(r[c])))]);
}

/**
 * Parses the CSV written by {@link statementsCsv} (`label` names the file in errors). Columns are taken
 * by the header's names; an empty cell is null (an empty `value` stays the empty string).
 */
export function parseStatementsCsv(text: string, label = 'statements.csv'): FtmStatement[] {
  const rows = readCsv(text, { source: label });
  const header = rows.shift() ?? [];
  return rows
    .filter((r) => r.length > 1)
    .map((r) => {
      const o: Record<string, unknown> = {};
      header.forEach((h, i) => {
        const v = r[i] ?? '';
        o[h] = h === 'external' ? v === 't' : v === '' && h !== 'value' ? null : v;
      });
      return o as unknown as FtmStatement;
    });
}

/** ISO 639-1 → ISO 639-3 for the languages the data uses. */
export const LANG3: Readonly<Record<string, string>> = { en: 'eng', ru: 'rus', de: 'deu', fr: 'fra', uk: 'ukr', pl: 'pol' };
