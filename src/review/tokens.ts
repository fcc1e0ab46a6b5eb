// The API tokens in an access review. Segment cannot list tokens, so the inventory in the manifests
// is the record (docs/segment-api.md, "Tokens"): each token with its owner (and whether the owner is
// still a member), its dates and its last use seen in the Audit Trail; and every token seen acting
// in the Audit Trail that the inventory does not know. Pure.
import type { Sourced } from '../manifest/merge.js';
import { refOf } from '../manifest/merge.js';
import type { Token } from '../manifest/types.generated.js';
import type { AuditEvent } from '../workspace/audit.js';

export type TokenFlag = 'expired' | 'expiring' | 'owner-not-member' | 'not-in-inventory' | 'used-after-expiry';

export interface ReviewToken {
  id: string;
  description?: string;
  owner?: string;
  /** Whether the owner is a member (in the workspace or the manifests); undefined for a token not in the inventory. */
  ownerIsMember?: boolean;
  created?: string;
  /** Whole days since `created`. */
  ageDays?: number;
  expires?: string;
  /** The newest Audit Trail event of the token in the window read (30 days). */
  lastUsed?: string;
  /** How many events it wrote in that window. */
  events: number;
  inInventory: boolean;
  /** `file:line` of its inventory entry. */
  definedIn?: string;
  flags: TokenFlag[];
}

export const TOKEN_FLAG_WORDS: Record<TokenFlag, string> = {
  expired: 'past its rotate-by date', expiring: 'to rotate soon', 'owner-not-member': 'owner is not a member',
  'not-in-inventory': 'acts in the Audit Trail but is in no inventory', 'used-after-expiry': 'used after its rotate-by date',
};

export function buildTokenReview(input: {
  tokens: ReadonlyArray<Sourced<Token>>; events?: readonly AuditEvent[]; members: ReadonlySet<string>; now: Date; soonDays: number;
}): ReviewToken[] {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const today = day(input.now);
  const soon = day(new Date(input.now.getTime() + input.soonDays * 86_400_000));
  const used = new Map<string, AuditEvent[]>();
  for (const e of input.events ?? []) {
    const m = /^public-api-token\/(.+)$/.exec(e.actor);
    if (m) used.set(m[1]!, [...(used.get(m[1]!) ?? []), e]);
  }
  const last = (id: string) => (used.get(id) ?? []).map((e) => e.timestamp).sort().at(-1);
  const listed = input.tokens.map(({ value: t, origin }): ReviewToken => {
    const lastUsed = last(t.id);
    const flags: TokenFlag[] = [];
    if (t.expires && t.expires < today) flags.push('expired');
    else if (t.expires && t.expires <= soon) flags.push('expiring');
    if (!input.members.has(t.owner.toLowerCase())) flags.push('owner-not-member');
    if (t.expires && lastUsed && lastUsed.slice(0, 10) >= t.expires) flags.push('used-after-expiry');
    const ref = refOf(origin);
    return {
      id: t.id, description: t.description, owner: t.owner, ownerIsMember: input.members.has(t.owner.toLowerCase()),
      ...(t.created ? { created: t.created, ageDays: Math.floor((input.now.getTime() - Date.parse(`${t.created}T00:00:00Z`)) / 86_400_000) } : {}),
      ...(t.expires ? { expires: t.expires } : {}), ...(lastUsed ? { lastUsed } : {}), events: used.get(t.id)?.length ?? 0,
      inInventory: true, definedIn: `${ref.file}:${ref.line}`, flags,
    };
  });
  const known = new Set(input.tokens.map((t) => t.value.id));
  const unknown = [...used.keys()].filter((id) => !known.has(id)).sort().map((id): ReviewToken => ({
    id, lastUsed: last(id)!, events: used.get(id)!.length, inInventory: false, flags: ['not-in-inventory'],
  }));
  return [...listed, ...unknown];
}

/** The tokens as a Markdown section (every written string escaped by `escape`). */
export function tokensMarkdown(tokens: readonly ReviewToken[], escape: (text: string) => string): string[] {
  const lines = ['#### API tokens', '', '| Token | Description | Owner | Created | Rotate by | Last use (30 days) | Flags |', '|---|---|---|---|---|---|---|'];
  for (const t of tokens) {
    const owner = t.owner ? `${escape(t.owner)}${t.ownerIsMember === false ? ' (not a member)' : ''}` : '';
    lines.push(`| \`${escape(t.id)}\` | ${escape(t.description ?? '')} | ${owner} | ${t.created ? `${t.created} (${t.ageDays} days)` : ''} | ${t.expires ?? ''} | ${t.lastUsed ? `${t.lastUsed.slice(0, 10)} (${t.events} event${t.events === 1 ? '' : 's'})` : 'none seen'} | ${t.flags.map((f) => `:warning: ${TOKEN_FLAG_WORDS[f]}`).join('<br>')} |`);
  }
  return lines;
}
