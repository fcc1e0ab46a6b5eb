// prune --github-pr and drift --adopt --github-pr: the edited manifests committed through the Git
// Data API onto one branch per workspace, and one pull request opened, then updated.
import { execFileSync } from 'node:child_process';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const API = 'https://github.example.test/api/v3';
const BRANCH = 'segment-access/prune-acme-prod';

function repo() {
  const { cwd, dir } = copyExample();
  execFileSync('git', ['init', '-q'], { cwd });
  return { cwd, dir, env: { GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/access', GITHUB_API_URL: API, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '9' } };
}

describe('prune --github-pr', () => {
  it('commits the pruned files on its own branch and opens one pull request, then updates it', async () => {
    const { cwd, dir, env } = repo();
    let tree: { base_tree: string; tree: Array<{ path: string; content: string }> } | undefined;
    let pull: { title: string; head: string; base: string; body: string } | undefined;
    const first = nock(API)
      .get('/repos/acme/access/pulls').query({ state: 'open', head: `acme:${BRANCH}`, per_page: 100 }).reply(200, [])
      .get('/repos/acme/access').reply(200, { default_branch: 'main' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)main$/).reply(200, { object: { sha: 'base1' } })
      .get('/repos/acme/access/git/commits/base1').reply(200, { sha: 'base1', tree: { sha: 'tree1' } })
      .post('/repos/acme/access/git/trees', (b) => { tree = b; return true; }).reply(201, { sha: 'tree2' })
      .post('/repos/acme/access/git/commits', (b) => b.tree === 'tree2' && b.parents[0] === 'base1' && b.message.startsWith('Prune expired access')).reply(201, { sha: 'c2' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)segment-access(%2F|\/)prune-acme-prod$/).reply(404, { message: 'Not Found' })
      .post('/repos/acme/access/git/refs', { ref: `refs/heads/${BRANCH}`, sha: 'c2' }).reply(201, {})
      .post('/repos/acme/access/pulls', (b) => { pull = b; return true; }).reply(201, { number: 5, html_url: 'https://github.com/acme/access/pull/5' });
    const io = memoryIo({ cwd, env });

    expect(await runCli(['prune', dir, '--at', '2027-02-02', '--github-pr'], io)).toBe(0);

    expect(first.isDone()).toBe(true);
    expect(tree!.base_tree).toBe('tree1');
    expect(tree!.tree.map((t) => t.path).sort()).toEqual(['acme/analytics.yaml', 'acme/engineering.yaml', 'acme/tokens.yaml']);
    expect(tree!.tree.find((t) => t.path === 'acme/engineering.yaml')!.content).not.toContain('dev@agency.io');
    expect(pull).toMatchObject({ title: 'Prune expired access from the manifests of Segment workspace acme-prod', head: BRANCH, base: 'main' });
    expect(pull!.body).toContain('- acme/engineering.yaml:21: member dev&#64;agency.io (expired 2027-01-31)');
    expect(pull!.body).toContain('in [this run](https://github.com/acme/access/actions/runs/9)');
    expect(io.stderrText).toContain('Prune pull request #5: opened (https://github.com/acme/access/pull/5)');

    // The next day: the branch is rewritten and the same pull request updated.
    const { cwd: cwd2, dir: dir2 } = (() => { const r = repo(); return r; })();
    const second = nock(API)
      .get('/repos/acme/access/pulls').query({ state: 'open', head: `acme:${BRANCH}`, per_page: 100 }).reply(200, [{ number: 5, html_url: 'https://github.com/acme/access/pull/5' }])
      .get('/repos/acme/access').reply(200, { default_branch: 'main' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)main$/).reply(200, { object: { sha: 'base2' } })
      .get('/repos/acme/access/git/commits/base2').reply(200, { sha: 'base2', tree: { sha: 'tree3' } })
      .post('/repos/acme/access/git/trees').reply(201, { sha: 'tree4' })
      .post('/repos/acme/access/git/commits').reply(201, { sha: 'c3' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)segment-access(%2F|\/)prune-acme-prod$/).reply(200, { object: { sha: 'c2' } })
      .patch(/\/repos\/acme\/access\/git\/refs\/heads(%2F|\/)segment-access(%2F|\/)prune-acme-prod$/, { sha: 'c3', force: true }).reply(200, {})
      .patch('/repos/acme/access/pulls/5').reply(200, { number: 5 });
    const io2 = memoryIo({ cwd: cwd2, env });
    expect(await runCli(['prune', dir2, '--at', '2027-02-02', '--github-pr'], io2)).toBe(0);
    expect(second.isDone()).toBe(true);
    expect(io2.stderrText).toContain('Prune pull request #5: updated');
  });

  it('proposes nothing when nothing has expired', async () => {
    const { cwd, dir, env } = repo();
    const scope = nock(API).get('/repos/acme/access/pulls').query({ state: 'open', head: `acme:${BRANCH}`, per_page: 100 }).reply(200, []);
    const io = memoryIo({ cwd, env });
    expect(await runCli(['prune', dir, '--at', '2026-11-22', '--github-pr'], io)).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(io.stderrText).toContain('No prune pull request needed');
  });
});

describe('drift --adopt --github-pr', () => {
  it('proposes the adopted manifests on the adopt branch', async () => {
    const { cwd, dir, env } = repo();
    const branch = 'segment-access/adopt-acme-prod';
    let paths: string[] = [];
    let title = '';
    const scope = nock(API)
      .get('/repos/acme/access/pulls').query({ state: 'open', head: `acme:${branch}`, per_page: 100 }).reply(200, [])
      .get('/repos/acme/access').reply(200, { default_branch: 'trunk' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)trunk$/).reply(200, { object: { sha: 'b1' } })
      .get('/repos/acme/access/git/commits/b1').reply(200, { sha: 'b1', tree: { sha: 't1' } })
      .post('/repos/acme/access/git/trees', (b) => { paths = b.tree.map((e: { path: string }) => e.path).sort(); return true; }).reply(201, { sha: 't2' })
      .post('/repos/acme/access/git/commits').reply(201, { sha: 'c1' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)segment-access(%2F|\/)adopt-acme-prod$/).reply(404, {})
      .post('/repos/acme/access/git/refs', { ref: `refs/heads/${branch}`, sha: 'c1' }).reply(201, {})
      .post('/repos/acme/access/pulls', (b) => { title = b.title; return b.base === 'trunk' && b.head === branch; }).reply(201, { number: 6, html_url: 'u' });
    const io = memoryIo({ cwd, env });

    expect(await runCli(['drift', dir, '--adopt', '--github-pr', '--local', '--at', '2026-11-22'], io)).toBe(0);

    expect(scope.isDone()).toBe(true);
    expect(paths).toEqual(['acme/adopted.yaml', 'acme/analytics.yaml', 'acme/engineering.yaml', 'acme/owners.yaml']);
    expect(title).toBe('Adopt changes made outside git in Segment workspace acme-prod');
  });
});
