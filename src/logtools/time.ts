// Timestamps of matched lines, per source. Lines with their own year are read as they are (src/logs
// parseLineTime). Yearless lines (klog "I1128 10:00:00", syslog "Nov 28 10:00:00" as journalctl writes the
// kubelet log) take the year last seen in the same source, or else the year the source was last written
// (its mtime, or when the API served it): a log cannot be written after its file, so a date that would
// fall more than a day after that moment belongs to the year before.

import { parseLineTime, type TimeContext } from "../logs/index.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export class SourceClock {
  private readonly context: TimeContext;
  private yearFromLines = false;
  private readonly written: number | null;

  constructor(modified: string | null) {
    this.written = modified ? Date.parse(modified) : null;
    this.context = { year: this.written !== null && Number.isFinite(this.written) ? new Date(this.written).getUTCFullYear() : null };
  }

  /** The line's time as RFC 3339 (UTC), or null when it has none that can be read. */
  timeOf(line: string): string | null {
    const own = parseLineTime(line, { year: null });
    if (own !== null) {
      this.yearFromLines = true;
      this.context.year = Number(own.slice(0, 4));
      return own;
    }
    const guessed = parseLineTime(line, this.context);
    if (guessed === null || this.yearFromLines || this.written === null || this.context.year === null) return guessed;
    if (Date.parse(guessed) > this.written + DAY_MS) return parseLineTime(line, { year: this.context.year - 1 });
    return guessed;
  }
}
