/**
 * Streaming line reader for FtM JSON-lines dumps, plain or gzip: reads 1 MiB chunks, splits on newline
 * *bytes* (never decoding whole chunks to strings, see the performance notes) and hands each line to a
 * callback as a byte range. Memory is one chunk plus one partial line, whatever the file size.
 * @module
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** The dump ended inside a gzip member (a truncated or corrupted download). */
export class TruncatedInputError extends Error {
  /** Lines completely read before the error. */
  readonly linesRead: number;
  constructor(file: string, linesRead: number, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`${file}: the gzip stream is truncated or corrupt after line ${linesRead} (${detail}); the lines before it were processed`, { cause });
    this.name = 'TruncatedInputError';
    this.linesRead = linesRead;
  }
}

/**
 * Called once per line: `buf[start, end)` is the line without its newline (and without a final `\r`);
 * `utf8` is true when the line's bytes are valid UTF-8 (checked natively, a chunk at a time).
 */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean) => void | 'stop';

/** Progress information passed to the optional tick callback. */
export interface ReadProgress {
  /** Lines read so far. */
  lines: number;
  /** Bytes of the *file* consumed so far (compressed bytes for gzip). */
  fileBytes: number;
  /** Size of the file. */
  totalBytes: number;
}

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Chunk size (default 1 MiB). */
  chunkSize?: number;
  /** Called every `tickEvery` lines (default 16 384). */
  onTick?: (p: ReadProgress) => void;
  /** Lines between ticks. */
  tickEvery?: number;
  /** Force gzip decoding (default: detected from the magic bytes). */
  gzip?: boolean;
}

/** Whether a file starts with the gzip magic bytes. */
export function isGzipFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return n === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `file` line by line. Resolves with the number of lines read; rejects with
 * {@link TruncatedInputError} when a gzip stream ends early (after handling every complete line).
 */
export async function readLines(file: string, onLine: LineHandler, options: ReadLinesOptions = {}): Promise<number> {
  const totalBytes = statSync(file).size;
  const gzip = options.gzip ?? isGzipFile(file);
  const raw = createReadStream(file, { highWaterMark: options.chunkSize ?? 1 << 20 });
  // zlib is loaded only for a gzip dump (start-up)
  const source: AsyncIterable<Buffer> = gzip ? raw.pipe((await import('node:zlib')).createGunzip({ chunkSize: options.chunkSize ?? 1 << 20 })) : raw;
  if (gzip) raw.on('error', () => undefined);
  const tickEvery = options.tickEvery ?? 16_384;
  const onTick = options.onTick;
  let lineNo = 0;
  let nextTick = tickEvery;
  let carry: Buffer | undefined;
  let stopped = false;
  const emit = (buf: Buffer, start: number, end: number, utf8: boolean): boolean => {
    let e = end;
    if (e > start && buf[e - 1] === 13) e--;
    lineNo++;
    const r = onLine(buf, start, e, lineNo, utf8 || isUtf8(buf.subarray(start, e)));
    if (onTick && lineNo >= nextTick) {
      nextTick += tickEvery;
      onTick({ lines: lineNo, fileBytes: raw.bytesRead, totalBytes });
    }
    return r === 'stop';
  };
  try {
    for await (const chunk of source) {
      let pos = 0;
      if (carry) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = undefined;
        if (emit(line, 0, line.length, false)) {
          stopped = true;
          break;
        }
        pos = nl + 1;
      }
      // one native UTF-8 check for all the chunk's complete lines (a newline byte never sits inside a
      // multi-byte sequence); only when it fails is each line checked on its own
      const lastNl = chunk.lastIndexOf(10);
      const chunkUtf8 = lastNl >= pos && isUtf8(chunk.subarray(pos, lastNl));
      for (;;) {
        const nl = chunk.indexOf(10, pos);
        if (nl < 0) break;
        if (emit(chunk, pos, nl, chunkUtf8)) {
          stopped = true;
          break;
        }
        pos = nl + 1;
      }
      if (stopped) break;
      if (pos < chunk.length) carry = Buffer.from(chunk.subarray(pos));
    }
  } catch (error) {
    raw.destroy();
    if (gzip) throw new TruncatedInputError(file, lineNo, error);
    throw error;
  }
  if (stopped) {
    raw.destroy();
    return lineNo;
  }
  if (carry && carry.length) emit(carry, 0, carry.length, false);
  onTick?.({ lines: lineNo, fileBytes: totalBytes, totalBytes });
  return lineNo;
}
