// Ages as kubectl prints them ("45s", "12m", "5h3m", "3d4h", "120d"), from an injected clock so answers
// are reproducible.

export function ageOf(timestamp: string | null | undefined, now: Date): string | null {
  if (!timestamp) return null;
  const then = Date.parse(timestamp);
  if (Number.isNaN(then)) return null;
  const seconds = Math.max(0, Math.floor((now.getTime() - then) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  if (days < 10) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  return `${days}d`;
}

/**
 * One spelling for AWS times, whether the SDK gave a Date or a bundle kept the CLI's
 * "2023-11-02T09:14:27.512000+00:00": RFC 3339 in UTC with milliseconds. Unparseable text is kept as is.
 */
export function isoOf(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== "string" || value === "") return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
}
