/**
 * The FollowTheMoney entity JSON shape (one line of `entities.ftm.json`), as read and written by the
 * package: `id`, `schema`, `properties` (every value a string, every property multi-valued), plus the
 * OpenSanctions/yente metadata fields.
 * @module
 */

/** Property name → string values (entity references are entity ID strings). */
export type FtmProperties = Record<string, string[]>;

/** One FtM entity as a JSON object. */
export interface FtmEntity {
  /** The entity ID (at most 200 characters). */
  id: string;
  /** The FtM schema name (`Person`, `Company`, `Sanction` …). */
  schema: string;
  /** The property values. */
  properties: FtmProperties;
  /** A display name (yente/OpenSanctions metadata). */
  caption?: string;
  /** The datasets the entity comes from. */
  datasets?: string[];
  /** Other IDs this entity was merged from (OpenSanctions metadata). */
  referents?: string[];
  /** True for directly designated or listed parties. */
  target?: boolean;
  /** When the entity was first seen (ISO date-time). */
  first_seen?: string;
  /** When the entity was last seen (ISO date-time). */
  last_seen?: string;
  /** When the entity last changed (ISO date-time). */
  last_change?: string;
}

/** All values of several properties, de-duplicated, in order. */
export function values(entity: FtmEntity, ...props: string[]): string[] {
  const out: string[] = [];
  for (const p of props) {
    const list = entity.properties[p];
    if (list !== undefined) for (const v of list) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Adds values to a property (de-duplicated, empty strings ignored). */
export function addValues(entity: FtmEntity, prop: string, ...vals: (string | undefined | null)[]): void {
  for (const v of vals) {
    if (v === undefined || v === null) continue;
    const s = v.trim();
    if (!s) continue;
    const list = (entity.properties[prop] ??= []);
    if (!list.includes(s)) list.push(s);
  }
}
