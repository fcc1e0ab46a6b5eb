// One open issue per workspace while drift lasts: found by label, a hidden marker and its author
// (only an issue this tool wrote is ever edited or closed), opened when drift appears, its body
// updated while it lasts, closed with a comment when it clears.
import type { GitHub } from '../ports/github.js';

export const DRIFT_LABEL = 'segment-access:drift';

export function driftMarker(slug: string): string {
  return `<!-- segment-access drift workspace=${slug.replace(/[^A-Za-z0-9._-]/g, '_')} -->`;
}

export type DriftIssueAction = 'opened' | 'updated' | 'unchanged' | 'closed' | 'none';

export async function ensureDriftIssue(github: GitHub, input: { slug: string; hasDrift: boolean; content: string; closingNote: string; login: string }):
  Promise<{ action: DriftIssueAction; number?: number; url?: string }> {
  const marker = driftMarker(input.slug);
  const open = await github.listIssues({ label: DRIFT_LABEL, state: 'open' });
  const existing = open.find((i) => i.author === input.login && i.body.split('\n', 1)[0] === marker);
  const body = `${marker}\n${input.content}`;
  if (input.hasDrift) {
    if (!existing) {
      const created = await github.createIssue({ title: `Access drift in Segment workspace ${input.slug}`, body, labels: [DRIFT_LABEL] });
      return { action: 'opened', number: created.number, url: created.url };
    }
    if (existing.body === body) return { action: 'unchanged', number: existing.number, url: existing.url };
    await github.updateIssue(existing.number, { body });
    return { action: 'updated', number: existing.number, url: existing.url };
  }
  if (!existing) return { action: 'none' };
  await github.createIssueComment(existing.number, input.closingNote);
  await github.updateIssue(existing.number, { state: 'closed', stateReason: 'completed' });
  return { action: 'closed', number: existing.number, url: existing.url };
}
