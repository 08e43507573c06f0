/**
 * Progress of long linker runs on stderr: lines read, matches, rate and an ETA from the share of the
 * file consumed. On a terminal, a bar redrawn in place; otherwise (CI logs, pipes) one plain line every
 * few seconds, so that a log shows the run is alive.
 * @module
 */

/** What a progress update reports. */
export interface ProgressState {
  /** Lines read. */
  lines: number;
  /** Matches (at or above the threshold) so far. */
  matches: number;
  /** Bytes of the file consumed. */
  fileBytes: number;
  /** Size of the file. */
  totalBytes: number;
}

/** Formats a duration in seconds as `h:mm:ss` or `m:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** A count in compact form (950, 12.3k, 1.2M). */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

/** Renders one progress line (without carriage return), e.g. for tests. */
export function renderProgress(p: ProgressState, elapsedSeconds: number, width = 16): string {
  const frac = p.totalBytes > 0 ? Math.min(1, p.fileBytes / p.totalBytes) : 0;
  const filled = Math.round(frac * width);
  const rate = elapsedSeconds > 0 ? p.lines / elapsedSeconds : 0;
  const eta = frac > 0 ? (elapsedSeconds * (1 - frac)) / frac : Number.NaN;
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `[${bar}] ${(frac * 100).toFixed(1).padStart(5)}% ${p.lines.toLocaleString('en-US')} lines, ${p.matches} matches, ${compact(rate)} lines/s, ETA ${formatDuration(eta)}`;
}

/** Renders the plain progress line written when stderr is not a terminal (no bar, no carriage return). */
export function renderLogLine(p: ProgressState, elapsedSeconds: number): string {
  const frac = p.totalBytes > 0 ? Math.min(1, p.fileBytes / p.totalBytes) : 0;
  const rate = elapsedSeconds > 0 ? p.lines / elapsedSeconds : 0;
  const eta = frac > 0 ? (elapsedSeconds * (1 - frac)) / frac : Number.NaN;
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  return `link: ${p.lines.toLocaleString('en-US')} lines, ${mb(p.fileBytes)} of ${mb(p.totalBytes)} (${(frac * 100).toFixed(1)}%), ${compact(rate)} lines/s, ETA ${formatDuration(eta)}, ${p.matches} matches`;
}

/** Options of {@link ProgressBar}. */
export interface ProgressOptions {
  /** Where to write (default stderr). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** False: write nothing. */
  enabled?: boolean;
  /** Seconds between plain lines when the stream is not a terminal (default 5). */
  logEverySeconds?: number;
}

/** Writes throttled progress to a stream (stderr by default): a bar on a TTY, plain lines otherwise. */
export class ProgressBar {
  private outStream: (NodeJS.WritableStream & { isTTY?: boolean; columns?: number }) | undefined;
  private readonly enabled: boolean;
  private ttyKnown: boolean | undefined;
  private readonly logEveryMs: number;
  private readonly started = performance.now();
  private lastDraw: number | undefined;
  private drawn = false;

  constructor(private readonly options: ProgressOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.logEveryMs = (options.logEverySeconds ?? 5) * 1000;
  }

  // the stream is looked at first when there is something to write (`process.stderr` costs start-up)
  private get out(): NodeJS.WritableStream & { isTTY?: boolean; columns?: number } {
    return (this.outStream ??= this.options.stream ?? process.stderr);
  }

  private get tty(): boolean {
    return (this.ttyKnown ??= this.out.isTTY === true);
  }

  /** Updates the progress (a bar redrawn at most every 200 ms; a plain line at most every few seconds). */
  update(p: ProgressState): void {
    if (!this.enabled) return;
    const now = performance.now();
    const elapsed = (now - this.started) / 1000;
    // a plain line comes first after the interval (counted from the start); a bar at once
    this.lastDraw ??= this.tty ? 0 : this.started;
    if (!this.tty) {
      if (now - this.lastDraw < this.logEveryMs) return;
      this.lastDraw = now;
      this.out.write(`${renderLogLine(p, elapsed)}\n`);
      return;
    }
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const line = renderProgress(p, elapsed);
    const cols = this.out.columns ?? 120;
    this.out.write(`\r${line.slice(0, cols - 1)}\u001b[K`);
    this.drawn = true;
  }

  /** Clears the bar before other output, or ends it. */
  done(): void {
    if (this.enabled && this.drawn && this.tty) this.out.write('\r\u001b[K');
    this.drawn = false;
  }
}
