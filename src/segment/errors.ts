// Errors from the Public API, phrased for a person: which call, what status, what Segment said.
// The bearer token is never part of any message (it is only ever placed in a request header).

export class SegmentApiError extends Error {
  /** Where the call went (base URL or local workspace), filled in by callers for messages. */
  target?: string;

  constructor(
    readonly operation: string,
    readonly method: string,
    readonly path: string,
    /** HTTP status, or undefined when no response arrived (network error, timeout). */
    readonly status: number | undefined,
    readonly type: string,
    readonly detail: string,
    /** True when a mutation may have been applied even though it failed (5xx, reset, timeout). */
    readonly maybeApplied = false,
  ) {
    super(`${operation} (${method} ${path}) failed: ${status === undefined ? 'no response' : `HTTP ${status}`} ${type}${detail ? `: ${detail}` : ''}`);
    this.name = 'SegmentApiError';
  }

  /** A hint for the most common causes, for CLI output. */
  get hint(): string | undefined {
    if (this.status === 401 || this.status === 403) {
      return 'check SEGMENT_API_TOKEN: it must be a Public API token of this workspace with the rights this call needs';
    }
    if (this.status === 404) return 'the resource does not exist (any more); run plan again';
    return undefined;
  }
}

/** Removes every occurrence of `secret` from `text` (defence in depth for messages we relay). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
