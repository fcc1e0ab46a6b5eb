// Renderings are large strings: they are compared with reviewed files (readable as Markdown).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { parsePlanJson } from '../../src/plan/render-json.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { renderText } from '../../src/plan/render-text.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

async function demoPlan() {
  const { cwd, dir } = copyExample();
  const io = memoryIo({ cwd });
  await runCli(['plan', dir, '--local', '--at', '2026-11-22', '--format', 'json'], io);
  const parsed = parsePlanJson(io.stdoutText);
  // Keep the snapshot independent of the tool version and of id randomness in fingerprints.
  return { ...parsed, toolVersion: '0.0.0-test', stateFingerprint: 'sha256:state', manifestDigest: 'sha256:manifests', operationsDigest: 'sha256:operations' };
}

describe('plan renderings', () => {
  it('text', async () => {
    await expect(renderText(await demoPlan())).toMatchFileSnapshot('__snapshots__/demo-plan.txt');
  });

  it('markdown', async () => {
    await expect(renderMarkdown(await demoPlan())).toMatchFileSnapshot('__snapshots__/demo-plan.md');
  });

  it('markdown stays under the budget for a 5,000-member plan and keeps the summary and call-outs', () => {
    const members = Array.from({ length: 5000 }, (_, i) => ({ email: `person${i}@acme.com`, grants: [g(i % 10 === 0 ? 'Workspace Owner' : 'Source Admin', 'SOURCE', 'src-web')] }));
    const big = plan(desiredOf({ members }), actualOf({ users: [] }), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

    const md = renderMarkdown(big, { fullPlanHint: 'see the job summary' });

    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('**Plan: 5000 to invite, 0 to change, 0 to remove; 100 API calls, about 2 min at Segment\'s rate limits.**');
    expect(md).toContain(':warning: **Workspace Owner granted** (500)');
    expect(md).toContain("_Details are trimmed to stay within GitHub's comment size; for the full plan, see the job summary._");
  });

  it('colours text only when asked (a terminal)', async () => {
    const p = await demoPlan();

    expect(renderText(p)).not.toContain('\u001b[');
    expect(renderText(p, { colour: true })).toContain('\u001b[32m+ dan@acme.com: new member (invite), join groups\u001b[0m');
  });

  it('stays under GitHub\'s limit with 2,000 changes and 1,500 pending invites, keeping every kind of call-out', () => {
    const invited = Array.from({ length: 2000 }, (_, i) => ({ email: `person${i}@agency.io`, grants: [g(i % 4 === 0 ? 'Workspace Owner' : 'Source Admin', 'SOURCE', 'src-web')] }));
    const pending = Array.from({ length: 1500 }, (_, i) => ({ email: `pending${i}@acme.com`, grants: [g('Source Read-only')] }));
    const big = plan(
      desiredOf({ members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, ...invited, ...pending], policy: { allowedEmailDomains: ['acme.com'] } }),
      actualOf({ users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }], invites: pending.map((p) => ({ email: p.email, sentAt: '2026-11-20T00:00:00Z' })) }),
      { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' },
    );

    const md = renderMarkdown(big);

    expect(big.changes).toHaveLength(2000);
    expect(big.pendingInvites).toHaveLength(1500);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain('**Plan: 2000 to invite, 0 to change, 0 to remove; 40 API calls');
    expect(md).toContain('<details><summary>1500 pending invites, left alone while valid</summary>');
    expect(md).toMatch(/\n- … and 14\d\d more\n/);
    expect(md).toContain(':warning: **Workspace Owner granted** (500)');
    expect(md).toContain(':warning: **Outside the company domain** (2000)');
    expect(md).toMatch(/\n- … and \d+ more changes? not shown\n/);
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^<sub>operations sha256:/);
  });

  it('trims details first: whole blocks while the later headers still fit, then headers, then a count', () => {
    const members = Array.from({ length: 30 }, (_, i) => ({ email: `p${String(i).padStart(2, '0')}@acme.com`, grants: [g('Source Admin', 'SOURCE', 'src-web')] }));
    const p = plan(desiredOf({ members, policy: { sensitive: ['no-such-source'] } }), actualOf({}), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });
    const full = renderMarkdown(p);
    expect(full).not.toContain('trimmed');
    expect(renderMarkdown(p, { budget: full.length + 400 })).toBe(full);

    const at = (budget: number) => {
      const md = renderMarkdown(p, { budget, fullPlanHint: 'see the job summary' });
      expect(md.length).toBeLessThanOrEqual(budget);
      return { md, blocks: (md.match(/<details><summary><code>\+<\/code>/g) ?? []).length, headers: (md.match(/^- `\+` /gm) ?? []).length };
    };
    const roomy = at(full.length - 200);
    expect(roomy.blocks).toBeGreaterThan(20);
    expect(roomy.blocks + roomy.headers).toBe(30);
    expect(roomy.md).toContain("_Details are trimmed to stay within GitHub's comment size; for the full plan, see the job summary._");
    expect(roomy.md).not.toMatch(/<summary>\d+ API calls?</);
    const some = at(3000);
    expect(some.blocks).toBeGreaterThan(0);
    expect(some.blocks + some.headers).toBe(30);
    expect(some.md).not.toContain('more changes not shown');
    const tight = at(1200);
    expect(tight.blocks).toBe(0);
    expect(tight.md).toMatch(/\n- … and \d+ more changes? not shown\n/);
    const count = Number(/and (\d+) more change/.exec(tight.md)![1]);
    expect(tight.headers + count).toBe(30);
    expect(renderMarkdown(p, { budget: 1200 })).toContain('for the full plan, run `segment-access plan` or see the job summary._');
  });
});

