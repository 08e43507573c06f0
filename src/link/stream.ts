/**
 * Streaming line reader for FtM JSON-lines dumps, plain or gzip: reads 1 MiB chunks (a plain file into one
 * reused buffer), splits on newline *bytes* (never decoding whole chunks to strings) and hands each line
 * to a callback as a byte range, valid only during the call. Memory is one chunk plus one partial line
 * (at most {@link MAX_LINE_BYTES}), whatever the file size.
 * @module
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
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
  const chunkSize = options.chunkSize ?? 1 << 20;
  const tickEvery = options.tickEvery ?? 16_384;
  const onTick = options.onTick;
  let lineNo = 0;
  let nextTick = tickEvery;
  let fileBytes = 0; // bytes of the file consumed
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  // the start of a line that spans chunks: its pieces (copies), joined once its newline is found
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
      onTick({ lines: lineNo, fileBytes, totalBytes });
    }
    return r === 'stop';
  };
  /** Splits one chunk into lines (the chunk may be a reused buffer: what outlives the call is copied); true when stopped. */
  const feed = (chunk: Buffer): boolean => {
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
          pieces.push(Buffer.from(chunk));
          pieceBytes += chunk.length;
        }
        return false;
      }
      if (tooLong > 0 || pieceBytes + nl > maxLine) {
        const n = tooLong > 0 ? tooLong + nl : pieceBytes + nl;
        tooLong = 0;
        pieces = [];
        pieceBytes = 0;
        if (tooLongLine(n)) return true;
      } else {
        pieces.push(chunk.subarray(0, nl));
        const line = Buffer.concat(pieces, pieceBytes + nl);
        pieces = [];
        pieceBytes = 0;
        if (emit(line, 0, line.length, false)) return true;
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
      if (nl - pos > maxLine ? tooLongLine(nl - pos) : emit(chunk, pos, nl, chunkUtf8)) return true;
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      if (rest > maxLine) tooLong = rest;
      else {
        pieces = [Buffer.from(chunk.subarray(pos))];
        pieceBytes = rest;
      }
    }
    return false;
  };
  if (!gzip) {
    // a plain file: read into one reused buffer (no stream, no buffer per chunk)
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(chunkSize);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        fileBytes += bytesRead;
        if (feed(buf.subarray(0, bytesRead))) {
          stopped = true;
          break;
        }
      }
    } finally {
      await fh.close();
    }
  } else {
    const raw = createReadStream(file, { highWaterMark: chunkSize });
    raw.on('error', () => undefined);
    // zlib is loaded only for a gzip dump (start-up)
    const source: AsyncIterable<Buffer> = raw.pipe((await import('node:zlib')).createGunzip({ chunkSize }));
    try {
      for await (const chunk of source) {
        fileBytes = raw.bytesRead;
        if (feed(chunk)) {
          stopped = true;
          break;
        }
      }
    } catch (error) {
      raw.destroy();
      throw new TruncatedInputError(file, lineNo, error);
    }
    if (stopped) raw.destroy();
  }
  if (stopped) return lineNo;
  if (tooLong > 0) tooLongLine(tooLong);
  else if (pieceBytes > 0) {
    const line = Buffer.concat(pieces, pieceBytes);
    emit(line, 0, line.length, false);
  }
  onTick?.({ lines: lineNo, fileBytes: totalBytes, totalBytes });
  return lineNo;
}
