// The Audit Trail, for who changed what outside git, which tokens acted, and when invites were sent.
// A Business-tier, owner-only feature (docs/segment-api.md, "Audit Trail"): when it cannot be read, callers
// get the reason, and say once what that costs.
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import type { ItemOf } from '../segment/endpoints.js';

export type AuditEvent = ItemOf<'listAuditEvents'>;

/** The event types createInvites documents (docs/segment-api.md, "Audit Trail"): what dates an invite. */
export const INVITE_EVENTS = new Set(['Non-Segment User Invited to Workspace', 'New Segment User Invited to Workspace']);

/** How many days of the Audit Trail are read. */
export const AUDIT_WINDOW_DAYS = 30;

export type AuditRead = { events: AuditEvent[]; since: string } | { problem: string };

export async function readAuditEvents(client: SegmentClient, since: Date): Promise<AuditRead> {
  try {
    return { events: await client.list('listAuditEvents', { query: { startTime: since.toISOString() } }), since: since.toISOString() };
  } catch (err) {
    if (err instanceof SegmentApiError && err.status !== undefined && err.status < 500 && err.status !== 429 && err.type !== 'InvalidResponse') {
      return { problem: `listAuditEvents answered HTTP ${err.status}${err.status === 401 || err.status === 403 ? ' (the Audit Trail needs the Business tier and a Workspace Owner token)' : ''}` };
    }
    throw err;
  }
}
