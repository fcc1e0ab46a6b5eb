// Manifest dates are calendar days (YYYY-MM-DD); an expiry takes effect at 00:00 UTC of that day.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds of 00:00 UTC on `date` (already schema-checked as a valid YYYY-MM-DD). */
export function startOfDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** True when access ending on `expires` is already gone at `at`. */
export function isExpired(expires: string | undefined, at: Date): boolean {
  return expires !== undefined && startOfDay(expires) <= at.getTime();
}

/** Whole days from `at` until `expires` takes effect (rounded up; 0 or less means expired). */
export function daysUntil(expires: string, at: Date): number {
  return Math.ceil((startOfDay(expires) - at.getTime()) / DAY_MS);
}

/** The earlier of two optional expiry dates. */
export function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * Parses `--at`: a date (midnight UTC) or a full ISO timestamp. Returns undefined when unreadable.
 */
export function parseAt(text: string): Date | undefined {
  // Always UTC, whatever TZ says: a timestamp without a zone is read as UTC, not local time.
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text) ? `${text}Z` : text;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
