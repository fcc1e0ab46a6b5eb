// What Segment does not document, as switches (docs/segment-api.md, "Unknowns"): the emulator plays
// each plausible answer so that the behaviour depending on it can be tested under every variant.
// The defaults are the emulator's historical behaviour; `pessimistic` is every variant that gives
// the tool the least to go on at once.
import type { EmulatorState } from './state.js';

export interface Unknowns {
  /** What IAM Audit Trail events carry: the email or id of their subject, or an opaque id and a display name. */
  auditPayload: 'email' | 'opaque';
  /** Whether an empty permission list (user, group, invite) is accepted or refused with 422. */
  emptyLists: 'accept' | 'refuse';
  /** Whether a request may hold more than 200 permissions, resources per permission, labels or members. */
  caps: 'none' | '200';
  /** Whether SSO/SCIM-made members and groups hold Minimal Workspace Access (`none`: nobody gets it by itself). */
  mwa: 'none' | 'default';
  /** Whether the workspace has User Groups and the Audit Trail (`unavailable`: a Free or Team plan). */
  groups: 'available' | 'unavailable';
}

export const DEFAULT_UNKNOWNS: Unknowns = { auditPayload: 'email', emptyLists: 'accept', caps: 'none', mwa: 'none', groups: 'available' };

/** Every variant that gives the tool the least to go on (groups stay available: that is its own profile). */
export const PESSIMISTIC: Partial<Unknowns> = { auditPayload: 'opaque', emptyLists: 'refuse', caps: '200', mwa: 'default' };

const SWITCHES: Record<string, { key: keyof Unknowns; values: readonly string[] }> = {
  'audit-payload': { key: 'auditPayload', values: ['email', 'opaque'] },
  'empty-lists': { key: 'emptyLists', values: ['accept', 'refuse'] },
  caps: { key: 'caps', values: ['none', '200'] },
  mwa: { key: 'mwa', values: ['none', 'default'] },
  groups: { key: 'groups', values: ['available', 'unavailable'] },
};

/** `audit-payload=opaque,caps=200`, or `pessimistic` (with more switches after it if wanted). */
export function parseUnknowns(spec: string): Partial<Unknowns> {
  const out: Partial<Record<keyof Unknowns, string>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'pessimistic') { Object.assign(out, PESSIMISTIC); continue; }
    if (part === 'default') { Object.assign(out, DEFAULT_UNKNOWNS); continue; }
    const [name = '', value = ''] = part.split('=');
    const known = SWITCHES[name];
    if (!known) throw new Error(`unknown switch "${name}": use ${Object.keys(SWITCHES).join(', ')} (or pessimistic)`);
    if (!known.values.includes(value)) throw new Error(`${name} takes ${known.values.join(' or ')}, not "${value}"`);
    out[known.key] = value;
  }
  return out as Partial<Unknowns>;
}

/** The switches in force for a state (what it stores over the defaults). */
export function unknownsOf(state: Pick<EmulatorState, 'unknowns'>): Unknowns {
  return { ...DEFAULT_UNKNOWNS, ...state.unknowns };
}

/** `audit-payload=opaque,...` for the switches that differ from the defaults ("defaults" when none do). */
export function describeUnknowns(unknowns: Unknowns): string {
  const parts = Object.entries(SWITCHES).filter(([, s]) => unknowns[s.key] !== DEFAULT_UNKNOWNS[s.key]).map(([name, s]) => `${name}=${unknowns[s.key]}`);
  return parts.length ? parts.join(',') : 'defaults';
}

export const MINIMAL_WORKSPACE_ACCESS = 'Minimal Workspace Access';

let opaqueCounter = 0;

/**
 * `audit-payload=opaque`: an event's subject as the one published example has it, an opaque id and a
 * display name, never the email or the API id of its subject. An invite event names the workspace.
 */
export function opaquePayload(state: EmulatorState, resourceType: string, resourceId: string, resourceName: string): { resourceId: string; resourceType: string; resourceName: string } {
  const id = `res_${(++opaqueCounter).toString(36).padStart(6, '0')}`;
  if (resourceType === 'invite') return { resourceId: id, resourceType: 'workspace', resourceName: state.workspace.name };
  if (resourceType === 'user_group') return { resourceId: id, resourceType, resourceName: resourceName.split(':')[0]! };
  const user = state.users.find((u) => u.id === resourceId);
  return { resourceId: id, resourceType, resourceName: user?.name || state.workspace.name };
}

/**
 * A seed as a workspace with these switches starts: under `mwa=default` every member and group holds
 * Minimal Workspace Access beside what they have (as SSO and SCIM make them), under
 * `audit-payload=opaque` its past events name nobody; the switches are stored with the state, so the
 * local workspace keeps them.
 */
export function withUnknowns(seed: EmulatorState, unknowns: Partial<Unknowns>): EmulatorState {
  const state: EmulatorState = { ...seed, unknowns: { ...seed.unknowns, ...unknowns } };
  if (unknownsOf(state).auditPayload === 'opaque') {
    state.auditEvents = state.auditEvents.map((e) => ({ ...e, ...opaquePayload(state, e.resourceType, e.resourceId, e.resourceName) }));
  }
  const mwa = state.roles.find((r) => r.name === MINIMAL_WORKSPACE_ACCESS);
  if (unknownsOf(state).mwa === 'default' && mwa) {
    const floor = () => ({ roleId: mwa.id, resources: [{ id: state.workspace.id, type: 'WORKSPACE' as const, labels: [] }] });
    state.users = state.users.map((u) => (u.permissions.some((p) => p.roleId === mwa.id) ? u : { ...u, permissions: [...u.permissions, floor()] }));
    state.groups = state.groups.map((g) => (g.permissions.some((p) => p.roleId === mwa.id) ? g : { ...g, permissions: [...g.permissions, floor()] }));
  }
  return state;
}
