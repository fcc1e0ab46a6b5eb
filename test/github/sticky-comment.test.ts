// The sticky plan comment over the GitHub port: one per pull request and workspace, found by its
// marker and its author, updated in place only when the plan changed; never another account's.
import { describe, expect, it } from 'vitest';
import { planCommentBody } from '../../src/github/plan-comment.js';
import { ensureComment, planMarker } from '../../src/github/sticky-comment.js';
import { plan } from '../../src/plan/plan.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const MARKER = planMarker('acme-prod');
const BOT = 'github-actions[bot]';

function pullRequestWith(comments: Array<{ body: string; author: string }>) {
  const github = new FakeGitHub();
  github.comments.set(7, comments.map((c, i) => ({ id: i + 1, ...c, url: `u${i}`, createdAt: github.tick(), updatedAt: github.tick() })));
  return github;
}

describe('sticky plan comment', () => {
  it('creates the comment on the first run', async () => {
    const github = pullRequestWith([{ body: 'LGTM', author: 'alice' }]);

    const result = await ensureComment(github, 7, MARKER, 'plan v1', BOT);

    expect(result.action).toBe('created');
    expect(github.comments.get(7)!.at(-1)!.body).toBe(`${MARKER.line}\nplan v1`);
  });

  it('makes no write when the plan is the same', async () => {
    const github = pullRequestWith([{ body: `${MARKER.line}\nplan v1`, author: BOT }]);

    expect((await ensureComment(github, 7, MARKER, 'plan v1', BOT)).action).toBe('unchanged');
    expect(github.writes).toEqual([]);
  });

  it('updates the same comment in place when the plan changed, ignoring a human quoting the marker', async () => {
    const github = pullRequestWith([{ body: `${MARKER.line}\nquoted by a human`, author: 'alice' }, { body: `${MARKER.line}\nplan v1`, author: BOT }]);

    expect(await ensureComment(github, 7, MARKER, 'plan v2', BOT)).toMatchObject({ action: 'updated', id: 2 });
    expect(github.comments.get(7)!.map((c) => c.body)).toEqual([`${MARKER.line}\nquoted by a human`, `${MARKER.line}\nplan v2`]);
  });

  it('keeps one comment per workspace: two workspaces in one pull request get two comments', async () => {
    const github = pullRequestWith([{ body: `${MARKER.line}\nplan v1`, author: BOT }]);
    const other = planMarker('acme-eu');

    const first = await ensureComment(github, 7, MARKER, 'plan v1', BOT);
    const second = await ensureComment(github, 7, other, 'eu plan', BOT);

    expect([first.action, second.action]).toEqual(['unchanged', 'created']);
  });

  it("never edits another account's comment that starts with the marker", async () => {
    const github = pullRequestWith([{ body: `${MARKER.line}\nnot ours`, author: 'renovate[bot]' }]);

    expect((await ensureComment(github, 7, MARKER, 'plan v1', BOT)).action).toBe('created');
    expect(github.comments.get(7)![0]!.body).toBe(`${MARKER.line}\nnot ours`);
  });

  it('finds its comment by the marker prefix whatever digest and commit the previous plan carried', async () => {
    const now = planMarker('acme-prod', { operations: `sha256:${'2'.repeat(64)}`, sha: 'bbb' });
    const before = planMarker('acme-prod', { operations: `sha256:${'1'.repeat(64)}`, sha: 'aaa' });
    const github = pullRequestWith([{ body: `${before.line}\nplan v1`, author: BOT }]);

    expect((await ensureComment(github, 7, now, 'plan v2', BOT)).action).toBe('updated');
  });

  it('a marker never spans lines, whatever the slug holds', () => {
    expect(planMarker('acme\n+ Workspace Owner').line.split('\n')).toHaveLength(1);
  });

  it('keeps a 5,000-member plan under 60,000 characters with the summary and the marker first', () => {
    const members = Array.from({ length: 5000 }, (_, i) => ({ email: `p${i}@acme.com`, grants: [g('Source Admin', 'SOURCE', 'src-web')] }));
    const big = plan(desiredOf({ members }), actualOf({}), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

    const body = `${planMarker('acme').line}\n${planCommentBody(big, 'https://github.com/acme/access/actions/runs/9')}`;

    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body.split('\n')[0]).toBe('<!-- segment-access plan workspace=acme -->');
    expect(body).toContain('**Plan: 5000 to invite, 0 to change, 0 to remove; 100 API calls, about 2 min at Segment\'s rate limits.**');
    expect(body).toContain('see the job summary of [this run](https://github.com/acme/access/actions/runs/9)');
  });
});
