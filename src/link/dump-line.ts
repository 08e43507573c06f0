/**
 * Reading one line of an FtM JSON-lines dump the careful way: UTF-8 check (with the byte offset of the
 * first bad byte), nesting limit, `JSON.parse`, and the entity shape the linker relies on. The byte
 * prefilter ({@link Prefilter}) decides most lines without this; every line it does not skip comes here,
 * and this is what says why a line is malformed. Never throws.
 * @module
 */
import type { FtmEntity } from '../ftm/entity.js';
import { MAX_LINE_DEPTH } from './blocking.js';
import { invalidUtf8Offset } from '../io/utf8.js';

/** The outcome of {@link readDumpLine}: the entity, or what is wrong with the line. */
export type DumpLine = { entity: FtmEntity; error?: undefined } | { entity?: undefined; error: string };

/** Top-level keys whose value must be a string when present. */
const STRING_KEYS = ['caption'] as const;
/** Top-level keys whose value must be a list of strings when present. */
const LIST_KEYS = ['datasets', 'referents'] as const;

/** The offset (from `start`) of the first byte of `buf[start, end)` that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  const at = invalidUtf8Offset(buf, start, end);
  return at < 0 ? -1 : at - start;
}

/** The nesting depth of a JSON text (brackets outside strings), counted up to `limit + 1`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The number of `{` and `[` characters in `text` (anywhere, strings included), counted up to `limit + 1`. */
export function openingBrackets(text: string, limit: number): number {
  let n = 0;
  for (const b of ['{', '[']) {
    for (let i = text.indexOf(b); i >= 0; i = text.indexOf(b, i + 1)) if (++n > limit) return n;
  }
  return n;
}

/** "a number", "null", "a list" … for messages. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : typeof v;
}

/** A property name as it goes in a message (quoted, cut to 60 characters). */
function label(key: string): string {
  return JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
}

/**
 * What is wrong with a parsed line as an FtM entity, or undefined: an object with non-empty string `id`
 * and `schema`, `properties` an object whose every value is a list of strings, `caption` a string and
 * `datasets`/`referents` lists of strings when present. The same rules as the byte prefilter's.
 */
export function entityShapeError(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `not a JSON object (${kindOf(value)})`;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !v.id) return `missing "id" string${v.id === undefined ? '' : ` ("id" is ${v.id === '' ? 'empty' : kindOf(v.id)})`}`;
  if (typeof v.schema !== 'string' || !v.schema) return `missing "schema" string${v.schema === undefined ? '' : ` ("schema" is ${v.schema === '' ? 'empty' : kindOf(v.schema)})`}`;
  const props = v.properties;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return `missing "properties" object${props === undefined ? '' : ` ("properties" is ${kindOf(props)})`}`;
  for (const key in props as Record<string, unknown>) {
    const list = (props as Record<string, unknown>)[key];
    if (!Array.isArray(list)) return `properties.${label(key)} is ${kindOf(list)}, not a list of strings`;
    for (let i = 0; i < list.length; i++) {
      if (typeof list[i] !== 'string') return `properties.${label(key)}[${i}] is ${kindOf(list[i])}, not a string`;
    }
  }
  for (const key of STRING_KEYS) {
    if (v[key] !== undefined && typeof v[key] !== 'string') return `"${key}" is ${kindOf(v[key])}, not a string`;
  }
  for (const key of LIST_KEYS) {
    const list = v[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `"${key}" is ${kindOf(list)}, not a list of strings`;
    for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return `"${key}"[${i}] is ${kindOf(list[i])}, not a string`;
  }
  return undefined;
}

/**
 * Reads one dump line `buf[start, end)`: the entity, or an error saying what is wrong (invalid UTF-8 with
 * its byte offset in the line, nesting deeper than {@link MAX_LINE_DEPTH}, malformed JSON, or not an FtM
 * entity). Pass `utf8Valid` when the bytes are already known to be valid UTF-8.
 */
export function readDumpLine(buf: Uint8Array, start: number, end: number, utf8Valid = false): DumpLine {
  if (!utf8Valid) {
    const bad = firstInvalidUtf8(buf, start, end);
    if (bad >= 0) return { error: `invalid UTF-8 at byte ${bad + 1} of the line (byte 0x${buf[start + bad]!.toString(16).padStart(2, '0')}); the line is not read` };
  }
  const text = (Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)).toString('utf8', start, end);
  // nesting is at most the number of opening brackets: only a line with more is measured
  if (openingBrackets(text, MAX_LINE_DEPTH) > MAX_LINE_DEPTH && jsonDepth(text, MAX_LINE_DEPTH) > MAX_LINE_DEPTH) return { error: `nested more than ${MAX_LINE_DEPTH} levels deep (an FtM entity line has 3)` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.replace(/\s+/g, ' ');
    return { error: `malformed JSON: ${msg.length > 160 ? `${msg.slice(0, 160)}…` : msg}` };
  }
  const shape = entityShapeError(value);
  if (shape) return { error: `not an FtM entity: ${shape}` };
  return { entity: value as FtmEntity };
}
