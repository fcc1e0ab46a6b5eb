// What the Actions event says about the pull request: its base commit, for `plan --comment`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseSha } from '../../src/github/context.js';
import { tempDir } from '../helpers/tmp.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('baseSha', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a pull_request event', { pull_request: { base: { sha: SHA } } }, SHA],
    ['a push event', { after: SHA }, undefined],
    ['a base that is not a commit id', { pull_request: { base: { sha: '--upload-pack=x' } } }, undefined],
  ])('%s', async (_title, event, want) => {
    const file = path.join(tempDir(), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    expect(await baseSha({ GITHUB_EVENT_PATH: file })).toBe(want);
  });

  it('is undefined without an event, or with one that is not JSON', async () => {
    expect(await baseSha({})).toBeUndefined();
    const file = path.join(tempDir(), 'event.json');
    writeFileSync(file, '{');
    expect(await baseSha({ GITHUB_EVENT_PATH: file })).toBeUndefined();
  });
});
