/**
 * A one-line progress bar on stderr for long linker runs: lines read, matches, rate and an ETA from the
 * share of the file consumed. Silent when stderr is not a terminal (CI logs, pipes) or when disabled.
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

/** Writes throttled progress lines to a stream (stderr by default) when it is a TTY. */
export class ProgressBar {
  private readonly out: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(options: { stream?: NodeJS.WriteStream; enabled?: boolean } = {}) {
    this.out = options.stream ?? process.stderr;
    this.enabled = (options.enabled ?? true) && this.out.isTTY === true;
  }

  /** Updates the bar (redrawn at most every 200 ms). */
  update(p: ProgressState): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const line = renderProgress(p, (now - this.started) / 1000);
    const cols = this.out.columns ?? 120;
    this.out.write(`\r${line.slice(0, cols - 1)}\u001b[K`);
    this.drawn = true;
  }

  /** Clears the bar before other output, or ends it. */
  done(): void {
    if (this.enabled && this.drawn) this.out.write('\r\u001b[K');
    this.drawn = false;
  }
}
