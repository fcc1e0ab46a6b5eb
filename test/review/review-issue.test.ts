// The quarterly review issue: CODEOWNERS matched as GitHub matches it, a checklist grouped by owner,
// ticks that survive a refresh unless the person's access changed, and GitHub's size limit.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { REVIEW_LABEL, reviewMarker } from '../../src/github/review-issue.js';
import { ownersOf, parseCodeOwners } from '../../src/review/codeowners.js';
import { checkedItems, quarterOf, REVIEW_ISSUE_BUDGET, reviewIssueBody } from '../../src/review/review-issue.js';
import type { ReviewPerson } from '../../src/review/review.js';
import { testEmulator } from '../helpers/emulator.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

describe('CODEOWNERS', () => {
  const rules = parseCodeOwners([
    '# owners of the access manifests', '*                     @acme/platform', '*.csv', 'access/**/owners.yaml @acme/security  # owners',
    '/access/agency/       @acme/vendors', 'engineering.yaml      @acme/eng @carol', 'docs/*                @acme/docs',
  ].join('\n'));
  it.each<[string, string[]]>([
    ['access/acme/owners.yaml', ['@acme/security']],
    ['access/owners.yaml', ['@acme/security']],
    ['access/acme/engineering.yaml', ['@acme/eng', '@carol']],
    ['access/agency/people.yaml', ['@acme/vendors']],
    ['other/access/agency/people.yaml', ['@acme/platform']],
    ['access/acme/analytics.yaml', ['@acme/platform']],
    ['review.csv', []],
    ['docs/a.md', ['@acme/docs']],
    ['docs/sub/a.md', ['@acme/platform']],
  ])('%s is owned by %j', (file, owners) => {
    expect(ownersOf(rules, file)).toEqual(owners);
  });
});

const person = (email: string, over: Partial<ReviewPerson> = {}): ReviewPerson => ({
  email, status: 'member', grants: [], groups: [], flags: [], definedIn: 'access/team.yaml:3', ...over,
});

describe('reviewIssueBody', () => {
  const base = { workspace: 'acme-prod', quarter: '2026-Q4', repoPath: (f: string) => f };

  it('groups by owner, and keeps a tick while the line is unchanged', () => {
    const owners = parseCodeOwners('access/owners.yaml @acme/security\n');
    const people = [person('a@acme.com', { definedIn: 'access/owners.yaml:3', justification: 'lead' }), person('b@acme.com'), person('c@acme.com', { definedIn: undefined, flags: ['not-in-manifests'] })];
    const first = reviewIssueBody({ ...base, people, owners });
    expect(first).toContain('\n### Owned by @acme/security\n\n- [ ] a&#64;acme.com: no access. justification: lead (`access/owners.yaml`) <!-- person=a%40acme.com -->\n');
    expect(first).toContain('\n### No CODEOWNERS owner\n');
    expect(first).toContain('\n### In no manifest (remove them, or add them to a manifest)\n\n- :warning: c&#64;acme.com: no access :warning: in no manifest <!-- person=c%40acme.com -->');
    expect(first).toContain('0 of 2 reviewed; 1 cannot be ticked while they hold access no manifest grants (marked :warning:).');

    const ticked = first.replace('- [ ] a&#64;acme.com', '- [x] a&#64;acme.com').replace('- [ ] b&#64;acme.com', '- [X] b&#64;acme.com');
    expect([...checkedItems(ticked).keys()].sort()).toEqual(['a@acme.com', 'b@acme.com']);
    const changed = [people[0]!, person('b@acme.com', { reviewBy: '2027-01-01' }), people[2]!];
    const second = reviewIssueBody({ ...base, people: changed, owners, previousBody: ticked });
    expect(second).toContain('- [x] a&#64;acme.com: no access. justification: lead');
    expect(second).toContain('- [ ] b&#64;acme.com: no access. review by 2027-01-01 (`access/team.yaml`) _(access changed since it was ticked)_ <!-- person=b%40acme.com -->');
    expect(second).toContain('1 of 2 reviewed;');
    // The note is not part of the line: ticking it again counts.
    expect(reviewIssueBody({ ...base, people: changed, owners, previousBody: second.replace('- [ ] b&#64;', '- [x] b&#64;') })).toContain('2 of 2 reviewed;');
  });

  it('lists everyone under one heading without CODEOWNERS, and stays within the budget', () => {
    const many = Array.from({ length: 3000 }, (_, i) => person(`user${i}@acme.com`, { justification: 'x'.repeat(20) }));
    const body = reviewIssueBody({ ...base, people: many });
    expect(body.length).toBeLessThanOrEqual(REVIEW_ISSUE_BUDGET);
    expect(body).toContain('\n### People\n');
    expect(body).toMatch(/… and \d+ more people, not listed to keep within GitHub's limit/);
  });

  it('mentions real owners in a heading and escapes anything else there', () => {
    const owners = parseCodeOwners('access/team.yaml @acme/eng <img src=x> @carol\n');
    const body = reviewIssueBody({ ...base, people: [person('a@acme.com')], owners });
    const heading = body.split('\n').find((l) => l.startsWith('### Owned by'))!;
    expect(heading).toMatch(/^### Owned by @acme\/eng, .*, @carol$/);
    expect(heading).not.toContain('<img');
  });

  it('names the quarter', () => {
    expect([quarterOf(new Date('2026-01-01T00:00:00Z')), quarterOf(new Date('2026-03-31T23:59:59Z')), quarterOf(new Date('2026-11-23T00:00:00Z'))]).toEqual(['2026-Q1', '2026-Q1', '2026-Q4']);
  });
});

describe('review --github-issue', () => {
  async function setup() {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    mkdirSync(path.join(cwd, '.github'));
    writeFileSync(path.join(cwd, '.github/CODEOWNERS'), 'acme/owners.yaml @acme/security\nacme/engineering.yaml @acme/eng\n');
    execFileSync('git', ['init', '-q'], { cwd });
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    return { cwd, dir, env, github: new FakeGitHub() };
  }

  it('opens the quarter\'s issue grouped by CODEOWNERS, then refreshes it keeping ticks, ignoring look-alikes', async () => {
    const { cwd, dir, env, github } = await setup();
    github.issues.push({ number: 3, title: 'x', author: 'mallory', body: `${reviewMarker('acme-prod', '2026-Q4')}\nnot ours`, url: 'x', isPullRequest: false, labels: [REVIEW_LABEL], state: 'open' });
    const io = memoryIo({ cwd, env });
    const ports = { github: () => github, ci: { actions: false } };

    expect(await runCli(['review', dir, '--github-issue', '--at', '2026-11-23', '--format', 'csv', '--out', 'review.csv'], io, ports)).toBe(0);

    const issue = github.issues.find((i) => i.author === 'github-actions[bot]')!;
    expect(issue.title).toBe('Access review of Segment workspace acme-prod, 2026-Q4');
    expect(issue.labels).toEqual([REVIEW_LABEL]);
    expect(io.stderrText).toContain(`Review issue #${issue.number} (2026-Q4): opened (${issue.url})`);
    const created = issue.body;
    expect(created.split('\n')[0]).toBe(reviewMarker('acme-prod', '2026-Q4'));
    expect(created).toContain('\n### Owned by @acme/security\n');
    expect(created).toMatch(/### Owned by @acme\/eng\n\n- \[ \] dan&#64;acme\.com: /);
    // carol holds a direct grant no manifest gives, and mallory is in no manifest: neither can be ticked.
    expect(created).toMatch(/\n### Holding access no manifest grants [^\n]*\n\n- :warning: Bob&#64;acme\.com[^\n]*\n- :warning: carol&#64;acme\.com: Source Read-only on all sources \(direct; no manifest grants it\)/);
    expect(created).toContain('\n### In no manifest (remove them, or add them to a manifest)\n\n- :warning: mallory&#64;acme.com');

    issue.body = created.replace(/- \[ \] (alice&#64;acme\.com[^\n]*)/, '- [x] $1');
    expect(await runCli(['review', dir, '--github-issue', '--at', '2026-12-01', '--format', 'csv', '--out', 'review.csv'], memoryIo({ cwd, env }), ports)).toBe(0);

    expect(issue.body).toMatch(/\n- \[x\] alice&#64;acme\.com/);
    expect(issue.body).toContain('1 of 7 reviewed; 3 cannot be ticked');
    expect(github.issues.find((i) => i.number === 3)!.body).toBe(`${reviewMarker('acme-prod', '2026-Q4')}\nnot ours`);
    expect(github.issues).toHaveLength(2);
  }, 30_000);
});
