// What an auditor signs: a workspace with a member's grant expiry (carol's Source Admin on
// web-staging until 2027-06-30), a grant made by hand outside git (erin's Source Admin on web-prod),
// two inventory tokens (one with a creation date) and a token seen acting that no inventory lists.
// Each format must carry the expiry, say the hand-made grant comes from no manifest, list the
// tokens, and carry the as-of time and the state fingerprint.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { CSV_COLUMNS } from '../../src/review/review.js';
import { reviewIssueBody } from '../../src/review/review-issue.js';
import { auditedWorkspace } from '../helpers/audited-workspace.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

async function reviewAs(cwd: string, dir: string, format: string): Promise<string> {
  const io = memoryIo({ cwd });
  expect(await runCli(['review', dir, '--local', '--at', '2026-11-23', '--format', format], io)).toBe(0);
  return io.stdoutText;
}

describe('an access review an auditor can sign', () => {
  it('CSV: grant expiry, a grant from no manifest, the tokens, as-of and fingerprint on every row', async () => {
    const { cwd, dir } = await auditedWorkspace();
    const lines = (await reviewAs(cwd, dir, 'csv')).trimEnd().split('\r\n');
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    // Cells here hold no comma except quoted ones in columns this test does not read past.
    const rows = lines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')));
    const row = (email: string, access: string) => rows.find((r) => r[col('email')] === email && r[col('access')] === access);

    expect(row('carol@acme.com', 'Source Admin on web-staging')?.[col('grant_expires')]).toBe('2027-06-30');
    expect(row('carol@acme.com', 'Source Admin on web-staging')?.[col('granted_by')]).toMatch(/^acme\/engineering\.yaml:\d+$/);
    const handMade = row('erin@acme.com', 'Source Admin on web-prod')!;
    expect(handMade[col('granted_by')]).toBe('no manifest (granted outside git)');
    expect(handMade[col('flags')]).toBe('granted-outside-git');
    // erin's other grants come from her profile and carry no such flag.
    expect(row('erin@acme.com', 'Source Read-only on all sources')?.[col('flags')]).toBe('');

    const tokens = rows.filter((r) => r[col('kind')] === 'token');
    expect(tokens.map((r) => [r[col('token_id')], r[col('email')], r[col('flags')]])).toEqual([
      ['TJ7z8cg6', 'alice@acme.com', ''], ['Qm4rT2vx', 'bob@acme.com', ''], ['Zz9OtherT', '', 'not-in-inventory'],
    ]);
    expect(tokens[0]![col('token_created')]).toBe('2026-02-01');
    expect(tokens[2]![col('token_last_used')]).toBe('2026-11-22T10:00:00.000Z');
    const fingerprints = new Set(rows.map((r) => r[col('state_fingerprint')]));
    expect(fingerprints.size).toBe(1);
    expect([...fingerprints][0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Set(rows.map((r) => r[col('as_of')]))).toEqual(new Set(['2026-11-23T00:00:00.000Z']));
  });

  it('JSON, Markdown and the review issue say the same', async () => {
    const { cwd, dir } = await auditedWorkspace();
    const json = JSON.parse(await reviewAs(cwd, dir, 'json')) as {
      as_of: string; state_fingerprint: string;
      people: Array<{ email: string; grants: Array<{ text: string; expires?: string; grantedBy: { kind: string } }> }>;
      tokens: Array<{ id: string; ageDays?: number; inInventory: boolean; ownerIsMember?: boolean }>;
    };
    expect(json.as_of).toBe('2026-11-23T00:00:00.000Z');
    expect(json.state_fingerprint).toMatch(/^sha256:/);
    const carol = json.people.find((p) => p.email === 'carol@acme.com')!;
    expect(carol.grants.find((g) => g.text === 'Source Admin on web-staging')).toMatchObject({ expires: '2027-06-30', grantedBy: { kind: 'manifest' } });
    expect(json.people.find((p) => p.email === 'erin@acme.com')!.grants.find((g) => g.text === 'Source Admin on web-prod')!.grantedBy).toEqual({ kind: 'none' });
    expect(json.tokens).toMatchObject([
      { id: 'TJ7z8cg6', ageDays: 295, inInventory: true, ownerIsMember: true }, { id: 'Qm4rT2vx', inInventory: true, ownerIsMember: true }, { id: 'Zz9OtherT', inInventory: false },
    ]);

    const md = await reviewAs(cwd, dir, 'markdown');
    expect(md).toContain('As of 2026-11-23T00:00:00.000Z, workspace state `sha256:');
    expect(md).toMatch(/Source Admin on web-staging \(direct, until 2027-06-30; acme\/engineering\.yaml:\d+\)/);
    expect(md).toContain(':warning: Source Admin on web-prod (direct; no manifest grants it)');
    expect(md).toContain('| `Zz9OtherT` |  |  |  |  | 2026-11-22 (1 event) | :warning: acts in the Audit Trail but is in no inventory |');
    expect(md).toContain('| `TJ7z8cg6` | CI deploy (segment-access apply) | alice&#64;acme.com | 2026-02-01 (295 days) | 2027-02-01 |');

    // In the review issue, erin cannot be ticked while she holds access no manifest grants.
    const people = json.people as unknown as Parameters<typeof reviewIssueBody>[0]['people'];
    const body = reviewIssueBody({ workspace: 'acme-prod', quarter: '2026-Q4', people, tokens: json.tokens as never, repoPath: (f) => f });
    const line = (who: string) => body.split('\n').find((l) => l.includes(`${who}&#64;acme.com:`));
    const erin = line('erin')!;
    expect(erin).toMatch(/^- :warning: erin/);
    expect(line('carol')).toMatch(/^- \[ \] carol.*until 2027-06-30/);
    expect(line('alice')).toMatch(/^- \[ \] alice/);
    expect(body).toContain('### Holding access no manifest grants');
    expect(body).toContain('- `Zz9OtherT`: last used 2026-11-22 :warning: acts in the Audit Trail but is in no inventory');
  });
});
