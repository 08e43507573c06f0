/**
 * When the linker reads a dump with two threads ({@link ./split-run.ts}) unless told: a module of its own,
 * so that deciding never loads the two-thread machinery (nor `node:worker_threads`) for a small dump.
 * @module
 */

/**
 * Dumps at least this large (file size; a gzip file counts {@link GZIP_RATIO} times its size) are scored
 * by two threads by default (see {@link splitByDefault}). Measured with the synthetic dumps of
 * bench/gen-ftm-dump.ts (2 cores, Node 20, whole process, one thread against two): 11 MB 0.23 s against
 * 0.27 s; 38 MB 0.43 against 0.43–0.46; 113 MB 0.77–0.82 against 0.71–0.74; 377 MB 1.69 against 1.22
 * (the scoring thread costs ~80 ms to start, and its compiler competes with the reading thread).
 */
export const SPLIT_MIN_BYTES = 64 << 20;

/** What a gzip dump is taken to expand to, for {@link SPLIT_MIN_BYTES} (FtM JSON lines compress 5–8×). */
export const GZIP_RATIO = 5;

/**
 * Whether a dump is scored by two threads when the caller does not say: one of at least
 * {@link SPLIT_MIN_BYTES} (gzip: its size × {@link GZIP_RATIO}) on a machine with two cores or more.
 */
export function splitByDefault(bytes: number, gzip: boolean, cores: number): boolean {
  return cores >= 2 && bytes * (gzip ? GZIP_RATIO : 1) >= SPLIT_MIN_BYTES;
}
