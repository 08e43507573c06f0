/**
 * Streaming line reader for FtM JSON-lines dumps, plain or gzip: reads 1 MiB chunks, splits on newline
 * *bytes* (never decoding whole chunks to strings, see the performance notes) and hands each line to a
 * callback as a byte range. Memory is one chunk plus one partial line, whatever the file size.
 * @module
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

const EMPTY = Buffer.alloc(0);

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
 * `utf8` is true when the line's bytes are valid UTF-8 (checked natively, a chunk at a time). A line
 * longer than {@link ReadLinesOptions.maxLineBytes} is not kept: the handler gets an empty range and
 * `tooLong`, the line's length in bytes.
 */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean, tooLong?: number) => void | 'stop';

/** Default longest line kept (bytes): longer lines are counted, not buffered (a line of a gzip bomb). */
export const MAX_LINE_BYTES = 16 << 20;

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
  /** Longest line kept, in bytes (default {@link MAX_LINE_BYTES}). */
  maxLineBytes?: number;
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
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  // the start of a line that spans chunks: its pieces, joined once its newline is found
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let tooLong = 0; // > 0: the current line passed the limit; its bytes are counted, not kept
  let stopped = false;
  const tooLongLine = (n: number): boolean => {
    lineNo++;
    const r = onLine(EMPTY, 0, 0, lineNo, true, n);
    return r === 'stop';
  };
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
      if (pieceBytes > 0 || tooLong > 0) {
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          if (tooLong > 0) tooLong += chunk.length;
          else if (pieceBytes + chunk.length > maxLine) {
            tooLong = pieceBytes + chunk.length;
            pieces = [];
            pieceBytes = 0;
          } else {
            pieces.push(chunk);
            pieceBytes += chunk.length;
          }
          continue;
        }
        if (tooLong > 0 || pieceBytes + nl > maxLine) {
          const n = tooLong > 0 ? tooLong + nl : pieceBytes + nl;
          tooLong = 0;
          pieces = [];
          pieceBytes = 0;
          if (tooLongLine(n)) {
            stopped = true;
            break;
          }
        } else {
          pieces.push(chunk.subarray(0, nl));
          const line = Buffer.concat(pieces, pieceBytes + nl);
          pieces = [];
          pieceBytes = 0;
          if (emit(line, 0, line.length, false)) {
            stopped = true;
            break;
          }
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
        if (nl - pos > maxLine ? tooLongLine(nl - pos) : emit(chunk, pos, nl, chunkUtf8)) {
          stopped = true;
          break;
        }
        pos = nl + 1;
      }
      if (stopped) break;
      if (pos < chunk.length) {
        const rest = chunk.length - pos;
        if (rest > maxLine) tooLong = rest;
        else {
          pieces = [Buffer.from(chunk.subarray(pos))];
          pieceBytes = rest;
        }
      }
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
  if (tooLong > 0) tooLongLine(tooLong);
  else if (pieceBytes > 0) {
    const line = Buffer.concat(pieces, pieceBytes);
    emit(line, 0, line.length, false);
  }
  onTick?.({ lines: lineNo, fileBytes: totalBytes, totalBytes });
  return lineNo;
}
