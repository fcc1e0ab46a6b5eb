// What the change analysis decided must happen, before it is compiled into API calls: plain lists
// per kind of call, each entry naming the change it serves.
import type { Grant } from '../workspace/model.js';

export interface Intents {
  createGroups: Array<{ key: string; name: string; changeId: string }>;
  groupPermissions: Array<{ key: string; name: string; liveId?: string; grants: Grant[]; changeId: string }>;
  deleteGroups: Array<{ id: string; name: string; changeId: string }>;
  invites: Array<{ email: string; grants: Grant[]; changeId: string }>;
  reissues: Array<{ email: string; grants: Grant[]; changeId: string }>;
  permissions: Array<{ userId: string; email: string; grants: Grant[]; changeId: string }>;
  cancels: Array<{ email: string; changeId: string }>;
  removals: Array<{ id: string; email: string; changeId: string }>;
  /** Group key (lower-cased name) -> people joining it (email as Segment stores it). */
  joins: Map<string, Array<{ email: string; key: string; changeIds: string[] }>>;
  /** Group key -> people leaving it. Only existing groups lose members. */
  leaves: Map<string, Array<{ email: string; changeIds: string[] }>>;
}

export function emptyIntents(): Intents {
  return {
    createGroups: [], groupPermissions: [], deleteGroups: [], invites: [], reissues: [], permissions: [], cancels: [], removals: [],
    joins: new Map(), leaves: new Map(),
  };
}

export function addTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  map.set(key, [...(map.get(key) ?? []), item]);
}
