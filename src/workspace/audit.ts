// The Audit Trail, for who changed what outside git and which tokens acted. A Business-tier
// feature: when the workspace cannot read it, callers get `undefined` and say so.
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';

export interface AuditEvent {
  id: string;
  timestamp: string;
  type: string;
  actor: string;
  actorEmail?: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
}

export async function readAuditEvents(client: SegmentClient, since: Date): Promise<AuditEvent[] | undefined> {
  try {
    return await client.list('listAuditEvents', { query: { startTime: since.toISOString() } });
  } catch (err) {
    if (err instanceof SegmentApiError && err.status !== undefined && err.status < 500 && err.status !== 429) return undefined;
    throw err;
  }
}
