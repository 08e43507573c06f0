/**
 * The linkable entities: the package's people and companies as FtM entities, each with the context the
 * matcher compares qualifiers against (a person's employers and their countries, roles, the years in
 * which the graph shows the person in office). Computed from the FtM export at build time
 * (`scripts/compile-link.ts` → `dist/data/kaspersky-kg.link.json`), so that `link` starts without loading
 * the SPARQL engine; computed from the graph when that file is missing, stale or other data is asked for.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import type { FtmEntity } from '../ftm/entity.js';
import { values } from '../ftm/entity.js';
import type { BlockingIndex } from './blocking.js';

/** What the graph says around one of our entities, for qualifier comparison. */
export interface LinkContext {
  /** Organisations the person works for or directs (Employment, Directorship), with their countries. */
  employers: { id: string; name: string; countries: string[] }[];
  /** Roles held (Employment/Directorship `role`, the person's `position`). */
  roles: string[];
  /** Years in which the graph shows the person in office or acted against (role and sanction dates). */
  activeYears: number[];
}

/** One linkable entity: an FtM Person or Company plus its {@link LinkContext}. */
export interface LinkableEntity extends FtmEntity {
  /** Context for qualifiers (absent for entities read with `--ours`). */
  context?: LinkContext;
}

/** The precompiled file's format identifier. */
export const LINKABLE_FORMAT = 'kaspersky-kg/linkable@2';

/** The precompiled file. */
export interface LinkableFile {
  /** {@link LINKABLE_FORMAT}. */
  format: string;
  /** The compiled dataset it was derived from. */
  /** The compiled dataset it was derived from: its {@link fileFingerprint}. */
  dataset: { fingerprint: string };
  /** The entities. */
  entities: LinkableEntity[];
  /**
   * The prefilter's patterns for these entities ({@link BlockingIndex.patterns}), computed at build by the
   * same compiled code, so that `link` scans its first line before preparing the entities for scoring.
   */
  prefilterPatterns?: string[];
}

const LINKABLE_SCHEMATA = new Set(['Person', 'Company']);

function yearsOf(dates: readonly string[]): number[] {
  return dates.map((d) => Number(d.slice(0, 4))).filter((y) => Number.isInteger(y) && y > 1800);
}

/** Picks the linkable entities (Person, Company) from a full FtM export and attaches their context. */
export function linkableFromExport(all: readonly FtmEntity[]): LinkableEntity[] {
  const byId = new Map(all.map((e) => [e.id, e]));
  const out: LinkableEntity[] = [];
  for (const e of all) {
    if (!LINKABLE_SCHEMATA.has(e.schema)) continue;
    const ctx: LinkContext = { employers: [], roles: [], activeYears: [] };
    if (e.schema === 'Person') {
      ctx.roles.push(...values(e, 'position'));
      for (const rel of all) {
        const isEmp = rel.schema === 'Employment' && (rel.properties.employee ?? []).includes(e.id);
        const isDir = rel.schema === 'Directorship' && (rel.properties.director ?? []).includes(e.id);
        if (!isEmp && !isDir) continue;
        for (const r of values(rel, 'role')) if (!ctx.roles.includes(r)) ctx.roles.push(r);
        ctx.activeYears.push(...yearsOf(values(rel, 'startDate', 'endDate', 'date')));
        for (const orgId of values(rel, isEmp ? 'employer' : 'organization')) {
          if (ctx.employers.some((x) => x.id === orgId)) continue;
          const org = byId.get(orgId);
          if (!org) continue;
          ctx.employers.push({ id: orgId, name: org.properties.name?.[0] ?? org.caption ?? orgId, countries: values(org, 'jurisdiction', 'country', 'mainCountry').map((c) => c.toLowerCase()) });
        }
      }
      for (const s of all) {
        if (s.schema === 'Sanction' && (s.properties.entity ?? []).includes(e.id)) ctx.activeYears.push(...yearsOf(values(s, 'startDate', 'date', 'listingDate')));
      }
      ctx.activeYears = [...new Set(ctx.activeYears)].sort((a, b) => a - b);
    }
    out.push({ ...e, context: ctx });
  }
  return out;
}

/**
 * A fingerprint of a file's whole content: its size and its CRC-32 (zlib's, native: ~0.4 ms for the
 * package's dataset). It tells a precompiled file derived from another version of the dataset (an
 * accidental mismatch, as after a partial build), not a forgery; sha256 cost the link command's
 * start-up ~10 ms (loading node:crypto, then hashing).
 */
export function fileFingerprint(file: string): string {
  const bytes = readFileSync(file);
  return `${bytes.length}:crc32:${crc32(bytes).toString(16).padStart(8, '0')}`;
}

/** The precompiled file next to a compiled dataset (`x.nq` → `x.link.json`). */
export function linkableFileFor(nquadsFile: string): string {
  return nquadsFile.replace(/\.nq$/, '') + '.link.json';
}

/**
 * Reads the precompiled linkable entities for a compiled dataset, or undefined when the file is missing,
 * of another format, or derived from another version of the dataset.
 */
export function readLinkableFile(nquadsFile: string): LinkableEntity[] | undefined {
  return readLinkable(nquadsFile)?.entities;
}

/** The precompiled file for a compiled dataset (entities and prefilter patterns), or undefined as {@link readLinkableFile}. */
export function readLinkable(nquadsFile: string): LinkableFile | undefined {
  const file = linkableFileFor(nquadsFile);
  if (!existsSync(file) || !existsSync(nquadsFile)) return undefined;
  let parsed: LinkableFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as LinkableFile;
  } catch {
    return undefined;
  }
  if (parsed.format !== LINKABLE_FORMAT || !Array.isArray(parsed.entities)) return undefined;
  if (parsed.dataset?.fingerprint !== fileFingerprint(nquadsFile)) return undefined;
  return parsed;
}
