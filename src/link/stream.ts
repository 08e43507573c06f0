/**
 * Streaming reader for FtM JSON-lines dumps, plain or gzip. Reads 1 MiB chunks (a plain file into two
 * reused buffers, the next chunk read while this one is handled), cuts them on newline *bytes* (never
 * decoding whole chunks to strings) and hands them on as *blocks* of whole lines ({@link readBlocks}), which {@link forEachLine}
 * splits into lines; {@link readLines} does both. A block can be checked and scanned as a whole (one
 * native UTF-8 check, the linker's WebAssembly prefilter), because a newline byte never sits inside a
 * multi-byte UTF-8 sequence. Memory is one chunk plus one partial line (at most {@link MAX_LINE_BYTES}), whatever
 * the file size.
 * @module
 */
import { close, createReadStream, openSync, read, readSync, closeSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';

const EMPTY = Buffer.alloc(0);

/** The dump ended inside a gzip member (a truncated or corrupted download), or the file could not be read. */
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
 * `utf8` is true when the line's bytes are valid UTF-8 (checked natively, a block at a time). A line
 * longer than {@link ReadLinesOptions.maxLineBytes} is not kept: the handler gets an empty range and
 * `tooLong`, the line's length in bytes.
 */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number, utf8: boolean, tooLong?: number) => void | 'stop';

/**
 * Called once per block: `buf[start, end)` holds whole lines, each ended by a newline byte except
 * perhaps the file's last one; `utf8` is true when the block is known to be valid UTF-8 (false: unknown,
 * each line is checked on its own). `buf` may be reused after the call: copy what must outlive it.
 * A line longer than the limit comes alone, as an empty block with `tooLong`, its length in bytes.
 * Returning `'stop'` ends the read.
 */
export type BlockHandler = (buf: Buffer, start: number, end: number, utf8: boolean, tooLong?: number) => void | 'stop' | Promise<void>;

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

/** Options of {@link readBlocks}. */
export interface ReadBlocksOptions {
  /** Chunk size (default 1 MiB). */
  chunkSize?: number;
  /** Force gzip decoding (default: detected from the magic bytes). */
  gzip?: boolean;
  /** Longest line kept, in bytes (default {@link MAX_LINE_BYTES}). */
  maxLineBytes?: number;
  /** Called after each chunk with the bytes of the file consumed so far. */
  onChunk?: (fileBytes: number, totalBytes: number) => void;
}

/**
 * Wraps the handling of one block in {@link readLines}: `read()` splits it into lines for the line
 * handler and returns how many (negated when the handler stopped the read); the wrapper may prepare and
 * finish around it (the linker's two-thread run gathers a block's lines to score into one batch), or take
 * the block whole and return its number of lines itself. `firstLine` is the number of the block's first
 * line; `tooLong` marks a line over the limit.
 */
export type AroundBlock = (buf: Buffer, start: number, end: number, utf8: boolean, tooLong: number | undefined, firstLine: number, read: () => number) => number;

/** Options of {@link readLines}. */
export interface ReadLinesOptions extends Omit<ReadBlocksOptions, 'onChunk'> {
  /** Called every `tickEvery` lines (default 16 384). */
  onTick?: (p: ReadProgress) => void;
  /** Lines between ticks. */
  tickEvery?: number;
  /** Wraps each block's handling (see {@link AroundBlock}). */
  aroundBlock?: AroundBlock;
  /**
   * Splits a block of whole lines into lines and handles them, as {@link forEachLine} with the line
   * handler does (the default): returns the number of lines, negated when the handler stopped the read.
   */
  splitLines?: (buf: Buffer, start: number, end: number, firstLine: number, utf8: boolean) => number;
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

/** One read of the next bytes of `fd` into `buf` (callback `fs.read`: node:fs/promises costs start-up). */
function readAsync(fd: number, buf: Buffer): Promise<{ bytesRead: number }> {
  return new Promise((resolve, reject) => read(fd, buf, 0, buf.length, null, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead }))));
}

/**
 * Splits a block of whole lines into lines, numbering them from `firstLine`; returns the number of lines
 * (stopping early, and counting the line that stopped, when the handler returns `'stop'`; then the
 * count is negated). A final `\r` is cut from each line; `utf8` false: each line is checked on its own.
 */
export function forEachLine(buf: Buffer, start: number, end: number, firstLine: number, utf8: boolean, onLine: LineHandler): number {
  let pos = start;
  let n = 0;
  while (pos < end) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl >= end) nl = end;
    let e = nl;
    if (e > pos && buf[e - 1] === 13) e--;
    n++;
    if (onLine(buf, pos, e, firstLine + n - 1, utf8 || isUtf8(buf.subarray(pos, e))) === 'stop') return -n;
    pos = nl + 1;
  }
  return n;
}

/**
 * Cuts a stream of chunks into blocks of whole lines (see {@link BlockHandler}): the start of a line that
 * spans chunks is kept (copied) until its newline comes; a line over the limit is counted, not kept.
 */
class BlockCutter {
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  /** > 0: the current line passed the limit; its bytes are counted, not kept. */
  private tooLong = 0;

  constructor(private readonly maxLine: number, private readonly onBlock: BlockHandler) {}

  /** Cuts one chunk (which may be a reused buffer); true when a handler stopped the read. */
  async feed(chunk: Buffer): Promise<boolean> {
    let pos = 0;
    if (this.pieceBytes > 0 || this.tooLong > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry(chunk);
        return false;
      }
      if (await this.endCarried(chunk, nl)) return true;
      pos = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl >= pos) {
      if (await this.wholeLines(chunk, pos, lastNl)) return true;
      pos = lastNl + 1;
    }
    if (pos < chunk.length) {
      const rest = chunk.length - pos;
      if (rest > this.maxLine) this.tooLong = rest;
      else {
        this.pieces = [Buffer.from(chunk.subarray(pos))];
        this.pieceBytes = rest;
      }
    }
    return false;
  }

  /** The end of the input: the last line, if it had no newline; true when a handler stopped the read. */
  async end(): Promise<boolean> {
    if (this.tooLong > 0) return (await this.onBlock(EMPTY, 0, 0, true, this.tooLong)) === 'stop';
    if (this.pieceBytes === 0) return false;
    const line = Buffer.concat(this.pieces, this.pieceBytes);
    return (await this.onBlock(line, 0, line.length, false)) === 'stop';
  }

  /** A chunk without a newline, inside a carried line. */
  private carry(chunk: Buffer): void {
    if (this.tooLong > 0) this.tooLong += chunk.length;
    else if (this.pieceBytes + chunk.length > this.maxLine) {
      this.tooLong = this.pieceBytes + chunk.length;
      this.pieces = [];
      this.pieceBytes = 0;
    } else {
      this.pieces.push(Buffer.from(chunk));
      this.pieceBytes += chunk.length;
    }
  }

  /** The carried line ends at `chunk[nl]`: hands it on (or its length, when over the limit). */
  private async endCarried(chunk: Buffer, nl: number): Promise<boolean> {
    const over = this.tooLong > 0 || this.pieceBytes + nl > this.maxLine;
    const n = this.tooLong > 0 ? this.tooLong + nl : this.pieceBytes + nl;
    const pieces = this.pieces;
    const bytes = this.pieceBytes;
    this.tooLong = 0;
    this.pieces = [];
    this.pieceBytes = 0;
    if (over) return (await this.onBlock(EMPTY, 0, 0, true, n)) === 'stop';
    pieces.push(chunk.subarray(0, nl + 1));
    const line = Buffer.concat(pieces, bytes + nl + 1);
    return (await this.onBlock(line, 0, line.length, false)) === 'stop';
  }

  /**
   * The chunk's whole lines `[pos, lastNl]`, as one block: a newline byte never sits inside a multi-byte
   * sequence, so one native UTF-8 check serves them all (only when it fails is each line checked on its
   * own). A line over the limit can only hide in a chunk longer than the limit; then the lines are
   * handed on one by one, the long ones as markers.
   */
  private async wholeLines(chunk: Buffer, pos: number, lastNl: number): Promise<boolean> {
    let longest = 0;
    if (chunk.length > this.maxLine) {
      for (let p = pos; p <= lastNl; ) {
        const nl = chunk.indexOf(10, p);
        longest = Math.max(longest, nl - p);
        p = nl + 1;
      }
    }
    if (longest <= this.maxLine) return (await this.onBlock(chunk, pos, lastNl + 1, isUtf8(chunk.subarray(pos, lastNl)))) === 'stop';
    for (let p = pos; p <= lastNl; ) {
      const nl = chunk.indexOf(10, p);
      const r = nl - p > this.maxLine ? await this.onBlock(EMPTY, 0, 0, true, nl - p) : await this.onBlock(chunk, p, nl + 1, false);
      if (r === 'stop') return true;
      p = nl + 1;
    }
    return false;
  }
}

/**
 * The chunks of a plain file, read into two reused buffers (no stream, no buffer per chunk): the next
 * chunk is read while this one is handled (a handler never keeps a chunk: what outlives it is copied).
 * Yields each chunk with the bytes of the file read so far.
 */
async function* plainChunks(file: string, chunkSize: number): AsyncGenerator<[Buffer, number]> {
  const fd = openSync(file, 'r');
  const bufs = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  let next = readAsync(fd, bufs[0]!);
  try {
    let k = 0;
    let fileBytes = 0;
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      const buf = bufs[k]!;
      k ^= 1;
      next = readAsync(fd, bufs[k]!);
      fileBytes += bytesRead;
      yield [buf.subarray(0, bytesRead), fileBytes];
    }
  } finally {
    await next.catch(() => undefined); // a read still under way ends before the file is closed
    await new Promise<void>((done) => close(fd, () => done()));
  }
}

/**
 * The decoded chunks of a gzip file, with the compressed bytes read so far. zlib is loaded only for a
 * gzip dump (start-up); the file stream and the decoder are one pipeline, so an error of either (a read
 * error, a truncated or corrupt stream) ends the loop as {@link TruncatedInputError}.
 */
async function* gzipChunks(file: string, chunkSize: number): AsyncGenerator<[Buffer, number]> {
  const [{ createGunzip }, { pipeline }] = await Promise.all([import('node:zlib'), import('node:stream/promises')]);
  const raw = createReadStream(file, { highWaterMark: chunkSize });
  const gunzip = createGunzip({ chunkSize });
  const done = pipeline(raw, gunzip);
  done.catch(() => undefined); // observed below, after the last chunk
  let finished = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield [chunk, raw.bytesRead];
    await done;
    finished = true;
  } catch (error) {
    throw new TruncatedInputError(file, 0, error);
  } finally {
    if (!finished) {
      raw.destroy();
      gunzip.destroy();
    }
  }
}

/**
 * Reads `file` as blocks of whole lines (see {@link BlockHandler}). Resolves when the file is read (or a
 * handler stopped it) with whether it was stopped; rejects with {@link TruncatedInputError} when a gzip
 * stream ends early (after handing on every complete line before it), the error's `linesRead` being 0
 * (the caller, who counts lines, knows better).
 */
export async function readBlocks(file: string, onBlock: BlockHandler, options: ReadBlocksOptions = {}): Promise<boolean> {
  const totalBytes = statSync(file).size;
  const gzip = options.gzip ?? isGzipFile(file);
  const chunkSize = options.chunkSize ?? 1 << 20;
  const cutter = new BlockCutter(options.maxLineBytes ?? MAX_LINE_BYTES, onBlock);
  for await (const [chunk, fileBytes] of gzip ? gzipChunks(file, chunkSize) : plainChunks(file, chunkSize)) {
    if (await cutter.feed(chunk)) return true; // leaving the loop ends the generator: file closed, stream destroyed
    options.onChunk?.(fileBytes, totalBytes);
  }
  return cutter.end();
}

/**
 * Reads `file` line by line. Resolves with the number of lines read; rejects with
 * {@link TruncatedInputError} when a gzip stream ends early (after handling every complete line).
 */
export async function readLines(file: string, onLine: LineHandler, options: ReadLinesOptions = {}): Promise<number> {
  const tickEvery = options.tickEvery ?? 16_384;
  const onTick = options.onTick;
  let lineNo = 0;
  let nextTick = tickEvery;
  let fileBytes = 0;
  let totalBytes = 0;
  const around = options.aroundBlock;
  const split = options.splitLines ?? ((buf: Buffer, start: number, end: number, firstLine: number, utf8: boolean): number => forEachLine(buf, start, end, firstLine, utf8, onLine));
  const onBlock: BlockHandler = (buf, start, end, utf8, tooLong) => {
    const read = (): number => (tooLong !== undefined ? (onLine(EMPTY, 0, 0, lineNo + 1, true, tooLong) === 'stop' ? -1 : 1) : split(buf, start, end, lineNo + 1, utf8));
    const n = around ? around(buf, start, end, utf8, tooLong, lineNo + 1, read) : read();
    lineNo += Math.abs(n);
    if (onTick && lineNo >= nextTick) {
      nextTick = lineNo + tickEvery;
      onTick({ lines: lineNo, fileBytes, totalBytes });
    }
    return n < 0 ? 'stop' : undefined;
  };
  let stopped: boolean;
  try {
    stopped = await readBlocks(file, onBlock, {
      ...options,
      onChunk: (f, t) => {
        fileBytes = f;
        totalBytes = t;
      },
    });
  } catch (error) {
    if (error instanceof TruncatedInputError) throw new TruncatedInputError(file, lineNo, error.cause);
    throw error;
  }
  if (!stopped) onTick?.({ lines: lineNo, fileBytes: totalBytes || fileBytes, totalBytes });
  return lineNo;
}
