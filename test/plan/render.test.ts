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
});
