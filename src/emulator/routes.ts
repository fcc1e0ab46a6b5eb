// The route table: method + path -> operation name (the SDK's) + handler. Operations marked
// `mutation` are rate limited per endpoint and write an audit event, as the Public API does.
// Note the singular `/group/{id}/users` for replace and remove: that is the real API's path.
import type { ParsedQuery } from './query.js';
import type { EmulatorState } from './state.js';

export interface HandlerContext {
  state: EmulatorState;
  params: Record<string, string>;
  query: ParsedQuery;
  body: unknown;
  now: Date;
  /** Appends an audit event attributed to the calling token. */
  audit(type: string, resourceType: string, resourceId: string, resourceName: string): void;
}

export interface Reply {
  status?: number;
  data: unknown;
}

export interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  operation: string;
  /** Changes state: persisted and audited before the answer. */
  mutation: boolean;
  /** Part of the Public API (not a test-only `/__emulator` route): rate limited and subject to faults. */
  publicApi: boolean;
  handler(ctx: HandlerContext): Reply;
}

export function route(method: string, path: string, operation: string, mutation: boolean, handler: Route['handler']): Route {
  const keys: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, key: string) => { keys.push(key); return '([^/]+)'; });
  return { method, pattern: new RegExp(`^${source}$`), keys, operation, mutation, publicApi: !path.startsWith('/__emulator/'), handler };
}

export function match(routes: readonly Route[], method: string, pathname: string):
  { route: Route; params: Record<string, string> } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    if (r.method !== method) { allowed.push(r.method); continue; }
    const params: Record<string, string> = {};
    r.keys.forEach((key, i) => { params[key] = decodeURIComponent(m[i + 1]!); });
    return { route: r, params };
  }
  return allowed.length ? { allowed } : undefined;
}
