/**
 * Strict UTF-8: where a byte sequence stops being well-formed UTF-8 (overlong forms, UTF-16 surrogates and
 * code points above U+10FFFF included). One check for every reader that refuses invalid bytes with their
 * offset instead of decoding them as U+FFFD: query text (CLI, HTTP), RDF files, FtM dump lines.
 * @module
 */

/**
 * The offset (in `bytes`, not from `start`) of the first byte of `bytes[start, end)` that is not part of
 * well-formed UTF-8, or -1 when the range is valid. A sequence cut short by `end` is invalid at its first byte.
 */
export function invalidUtf8Offset(bytes: Uint8Array, start = 0, end: number = bytes.length): number {
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = b === 0xe0 ? 0xa0 : 0x80; // no overlong three-byte forms
      if (b === 0xed) max = 0x9f; // no UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80; // no overlong four-byte forms
      if (b === 0xf4) max = 0x8f; // nothing above U+10FFFF
    } else return i;
    if (i + need >= end) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

const fatal = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `bytes` as UTF-8, never with U+FFFD: on invalid bytes it throws what `fail` makes of the offset of
 * the first bad byte and a short description of it (`byte 0xFF`, or `an incomplete sequence` at the end).
 */
export function decodeStrictUtf8(bytes: Uint8Array, fail: (offset: number, shown: string) => Error): string {
  try {
    return fatal.decode(bytes);
  } catch {
    const at = invalidUtf8Offset(bytes);
    if (at < 0) throw fail(bytes.length, 'an incomplete sequence');
    throw fail(at, `byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`);
  }
}
