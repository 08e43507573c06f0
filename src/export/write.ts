/**
 * Writing rendered export files: each file atomically (temporary file + rename), or a whole release
 * folder atomically (built beside the target, then swapped in), so that a failure never leaves a partial
 * file or a half-written release behind.
 * @module
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, basename, join, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';

/** A file to write: a path relative to the output folder, and its content. */
export interface OutputFile {
  readonly path: string;
  readonly content: string | Uint8Array;
}

function target(dir: string, path: string): string {
  const root = resolve(dir);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new Error(`refusing to write outside ${root}: ${path}`);
  return full;
}

/** Writes every file under `dir`, each atomically; returns the absolute paths written. */
export function writeExportFiles(dir: string, files: readonly OutputFile[]): string[] {
  return files.map((f) => {
    const full = target(dir, f.path);
    writeFileAtomic(full, f.content);
    return full;
  });
}

/**
 * Writes a folder atomically: the files go to a temporary sibling folder, which then replaces `dir`
 * (an existing `dir` is removed only once the new one is complete).
 */
export function writeDirectoryAtomic(dir: string, files: readonly OutputFile[]): void {
  const final = resolve(dir);
  const tmp = join(dirname(final), `.${basename(final)}.${process.pid}.tmp`);
  const old = join(dirname(final), `.${basename(final)}.${process.pid}.old`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    writeExportFiles(tmp, files);
    if (existsSync(final)) renameSync(final, old);
    renameSync(tmp, final);
    rmSync(old, { recursive: true, force: true });
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(final) && existsSync(old)) renameSync(old, final);
    throw error;
  }
}
