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
    super(`${operation} (${method} ${path}) failed: ${status === undefined ? (type === 'InvalidId' ? 'not sent' : 'no response') : `HTTP ${status}`} ${type}${detail ? `: ${detail}` : ''}`);
    this.name = 'SegmentApiError';
  }

  /** A hint for the most common causes, for CLI output. */
  get hint(): string | undefined {
    if (this.status === 401 || this.status === 403) {
      // Segment answers 401 both for a bad token and for a token without permission for this call
      // (docs/segment-api.md, "Transport"), so the hint names both and what this call needs.
      const needs = /^(list|get)/.test(this.operation) && !/^(listUsers|getUser|listInvites|listUserGroups|getUserGroup|listUsersFromUserGroup|listInvitesFromUserGroup|listRoles)$/.test(this.operation)
        ? 'read access to it' : 'a token with Workspace Owner access (IAM reads and changes need it)';
      return `Segment answers ${this.status} when SEGMENT_API_TOKEN is missing, wrong or revoked, and also when it lacks permission: ${this.operation} needs ${needs}; create the token under Settings -> Access Management -> Tokens in this workspace`;
    }
    if (this.status === 404) return 'the resource does not exist (any more); run plan again';
    if (this.type === 'RateLimitWaitTooLong') return 'try again later, or raise SEGMENT_ACCESS_MAX_WAIT (seconds) to wait it out';
    if (this.type === 'Unreachable') return 'check the network and status.segment.com, then run plan again: done calls are not repeated';
    if (this.type === 'InvalidId') return 'the workspace answered with an id segment-access will not put into a request path; tell Segment support which one';
    if (this.type === 'InvalidResponse') return 'something between this machine and Segment (a proxy, a captive portal) may be answering instead of the API; check SEGMENT_API_URL';
    return undefined;
  }
}

/** Removes every occurrence of `secret` from `text` (defence in depth for messages we relay). */
export function redact(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
