/**
 * Strict reading of request text for the endpoint: `application/x-www-form-urlencoded` (a GET query string
 * or a POST body) percent-decoded byte by byte, and every name and value decoded as UTF-8. A malformed
 * `%` escape or an invalid UTF-8 sequence is an error naming the parameter and the byte offset — never
 * left as it is or replaced by U+FFFD (which would run a different query than the one sent).
 * @module
 */
import { decodeStrictUtf8 } from '../io/utf8.js';

/** Request text the endpoint refuses (answered with 400 and this message). */
export class RequestTextError extends Error {
  /** Byte offset of the problem in the text named by the message. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'RequestTextError';
    this.offset = offset;
  }
}

function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Decodes `bytes` as UTF-8, throwing a {@link RequestTextError} that names `what` and the first invalid
 * byte's offset.
 */
export function strictUtf8(bytes: Uint8Array, what: string): string {
  return decodeStrictUtf8(bytes, (offset, shown) => new RequestTextError(`${what} is not valid UTF-8: ${shown} at byte offset ${offset}; send the query as UTF-8`, offset));
}

/**
 * Parses form-encoded text (`name=value&…`, `+` for space) strictly. `where` names the text in messages
 * (`the URL's query string`, `the request body`); offsets of bad escapes count from its first byte, offsets
 * of invalid UTF-8 from the first byte of the percent-decoded value.
 */
export function parseFormStrict(raw: Uint8Array, where: string): URLSearchParams {
  const out = new URLSearchParams();
  let start = 0;
  const n = raw.length;
  while (start <= n) {
    let end = raw.indexOf(0x26 /* & */, start);
    if (end < 0) end = n;
    if (end > start) {
      let eq = raw.indexOf(0x3d /* = */, start);
      if (eq < 0 || eq > end) eq = end;
      const name = decodePart(raw, start, eq, where);
      const value = eq < end ? decodePart(raw, eq + 1, end, where) : new Uint8Array(0);
      const key = strictUtf8(name, `a parameter name in ${where}`);
      out.append(key, strictUtf8(value, `the "${key.slice(0, 40)}" parameter (percent-decoded) in ${where}`));
    }
    start = end + 1;
  }
  return out;
}

function decodePart(raw: Uint8Array, from: number, to: number, where: string): Uint8Array {
  const bytes = new Uint8Array(to - from);
  let k = 0;
  for (let i = from; i < to; i++) {
    const b = raw[i]!;
    if (b === 0x25 /* % */) {
      const hi = i + 1 < to ? hex(raw[i + 1]!) : -1;
      const lo = i + 2 < to ? hex(raw[i + 2]!) : -1;
      if (hi < 0 || lo < 0) {
        const seen = Buffer.from(raw.subarray(i, Math.min(i + 3, to))).toString('latin1');
        throw new RequestTextError(`bad percent-encoding ${JSON.stringify(seen)} at byte offset ${i} of ${where}: "%" must be followed by two hex digits (write a literal % as %25)`, i);
      }
      bytes[k++] = hi * 16 + lo;
      i += 2;
    } else bytes[k++] = b === 0x2b /* + */ ? 0x20 : b;
  }
  return bytes.subarray(0, k);
}
