// What the Actions environment and event payload say, read once at the edge: the pull request, its
// head and base commits (only what looks like a commit id), the run's URL.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciContext } from '../../src/adapters/ci-context.js';
import { tempDir } from '../helpers/tmp.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

function event(payload: unknown): string {
  const file = path.join(tempDir(), 'event.json');
  writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return file;
}

describe('ciContext', () => {
  it.each<[string, unknown, object | undefined]>([
    ['a pull_request event', { pull_request: { number: 7, head: { sha: SHA }, base: { sha: SHA } } }, { number: 7, headSha: SHA, baseSha: SHA }],
    ['an issue_comment-like event with a number', { number: 9 }, { number: 9 }],
    ['a push event', { after: SHA }, undefined],
    ['a base that is not a commit id', { pull_request: { number: 7, base: { sha: '--upload-pack=x' } } }, { number: 7 }],
    ['a payload that is not JSON', '{', undefined],
    ['a workflow_run of a pull request of this repository', { workflow_run: { head_sha: SHA, pull_requests: [{ number: 7, head: { sha: SHA }, base: { sha: SHA } }] } }, { number: 7, headSha: SHA, baseSha: SHA }],
    // A fork's run lists no pull request: the number comes from --pr; the head is still the run's.
    ['a workflow_run of a fork', { workflow_run: { head_sha: SHA, pull_requests: [] } }, { headSha: SHA }],
    ['a workflow_run listing a pull request of another head', { workflow_run: { head_sha: SHA, pull_requests: [{ number: 8, head: { sha: 'f'.repeat(40) } }] } }, { headSha: SHA }],
  ])('reads %s', async (_title, payload, want) => {
    expect((await ciContext({ GITHUB_EVENT_PATH: event(payload) })).pullRequest).toEqual(want);
  });

  it('knows the run, the commit and whether this is Actions', async () => {
    expect(await ciContext({ GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/access', GITHUB_RUN_ID: '42', GITHUB_ACTOR: 'alice' }))
      .toEqual({ actions: true, sha: 'abc', repository: 'acme/access', runUrl: 'https://github.com/acme/access/actions/runs/42', actor: 'alice' });
    expect(await ciContext({})).toEqual({ actions: false });
  });
});
