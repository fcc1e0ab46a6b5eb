// The access review: the demo workspace through the CLI (CSV and Markdown), each flag at the date
// that raises it, and the CSV cell rules that keep a manifest's text from becoming a formula.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { planContext } from '../../src/plan/context.js';
import { mdText } from '../../src/plan/markdown.js';
import { buildReview, CSV_COLUMNS, csvCell, reviewCsv, reviewMarkdown } from '../../src/review/review.js';
import { memoryIo } from '../helpers/io.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';
import { copyExample } from '../helpers/workspace-copy.js';

async function review(at: string, format: 'csv' | 'markdown' = 'csv') {
  const { cwd, dir } = copyExample();
  const io = memoryIo({ cwd });
  expect(await runCli(['review', dir, '--local', '--at', at, '--format', format], io)).toBe(0);
  return { text: io.stdoutText, cwd, dir };
}
/** CSV rows as cells (quoted cells kept whole). */
const rows = (csv: string) => csv.trimEnd().split('\r\n').map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, CSV_COLUMNS.length).map((c) => c.replace(/,$/, '')));
const cell = (r: string[], name: (typeof CSV_COLUMNS)[number]) => r[CSV_COLUMNS.indexOf(name)];
const flagsOf = (csv: string, email: string) => [...new Set(rows(csv).filter((r) => cell(r, 'kind') === 'person' && cell(r, 'email') === email).map((r) => cell(r, 'flags')))];

describe('review on the demo workspace', () => {
  it('lists every person and grant with where it comes from, as CSV', async () => {
    const { text } = await review('2026-11-22');
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const tail = ',2026-11-22T00:00:00.000Z,sha256:';
    expect(text).toContain(`\r\nperson,acme-prod,carol@acme.com,member,,Source Read-only,Source Read-only on all sources,group engineers,acme/engineering.yaml:8,,,,,acme/engineering.yaml:10,,,,,,,${tail}`);
    expect(text).toContain(`\r\nperson,acme-prod,carol@acme.com,member,,Source Read-only,Source Read-only on all sources,direct,no manifest (granted outside git),,,,,acme/engineering.yaml:10,,granted-outside-git,,,,,${tail}`);
    expect(text).toContain(`\r\nperson,acme-prod,dev@agency.io,not in workspace,,Source Admin,Source Admin on web-prod,direct,acme/engineering.yaml:28 (through destination ga4-prod),2026-12-31,2027-01-31,"web tracking migration, SOW-2291",,acme/engineering.yaml:21,,not-in-workspace,,,,,${tail}`);
    expect(text).toContain('\r\nperson,acme-prod,frank@acme.com,invited,2026-11-18,Warehouse Destination Admin,Warehouse Destination Admin on all warehouses,direct,acme/analytics.yaml:12,2026-12-15,,,,');
    expect(text).toContain(',"2026-11-18 by public-api-token/TJ7z8cg6: invited (""Non-Segment User Invited to Workspace"")",,');
    expect(flagsOf(text, 'mallory@acme.com')).toEqual(['not-in-manifests granted-outside-git']);
    expect(flagsOf(text, 'alice@acme.com')).toEqual(['token-owner']);
    expect(new Set(rows(text).slice(1).filter((r) => cell(r, 'kind') === 'person').map((r) => cell(r, 'email')))).toEqual(new Set(['alice@acme.com', 'Bob@acme.com', 'breakglass@acme.com', 'carol@acme.com', 'dan@acme.com', 'dev@agency.io', 'erin@acme.com', 'frank@acme.com', 'grace@acme.com', 'mallory@acme.com']));
  });

  it.each<[string, string, string[]]>([
    ['2026-12-20', 'dev@agency.io', ['not-in-workspace expiring']],
    ['2026-12-02', 'frank@acme.com', ['expiring']],
    ['2027-03-02', 'alice@acme.com', ['review-overdue token-owner']],
    ['2027-01-20', 'dev@agency.io', ['not-in-workspace expiring']],
  ])('at %s flags %s', async (at, email, flags) => {
    expect(flagsOf((await review(at)).text, email)).toEqual(flags);
  });

  it('writes Markdown, people who need a look first, to a file when asked', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });
    expect(await runCli(['review', dir, '--local', '--at', '2026-11-22', '--out', 'review.md'], io)).toBe(0);
    const md = readFileSync(path.join(cwd, 'review.md'), 'utf8');
    expect(io.stdoutText).toBe('');
    expect(io.stderrText).toContain('wrote the access review of acme-prod (10 people) to review.md');
    expect(md.split('\n').slice(0, 3)).toEqual(['### Access review of `acme-prod`, 2026-11-22', '', '10 people: 6 members, 1 pending invite, 3 not in the workspace yet; 7 need a look.']);
    const table = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Person'));
    expect(table.filter((l) => l.startsWith('| `')).length).toBe(2);
    expect(table.filter((l) => !l.startsWith('| `')).findIndex((l) => !l.includes(':warning:'))).toBe(7);
    expect(md).toContain('| mallory&#64;acme.com | member | :warning: Source Admin on all sources (direct; no manifest grants it)<br>:warning: Source Admin on all sources (group legacy-admins; no manifest grants it) |');
  });
});

describe('buildReview', () => {
  it('flags an owner without justification and a domain outside the allowed ones', () => {
    const desired = desiredOf({ members: [{ email: 'boss@acme.com', grants: [g('Workspace Owner')] }, { email: 'x@other.io', grants: [g('Source Read-only')] }], policy: { allowedEmailDomains: ['acme.com'] } });
    const actual = actualOf({ users: [{ email: 'boss@acme.com', grants: [g('Workspace Owner')] }, { email: 'x@other.io', grants: [g('Source Read-only')] }] });
    const now = new Date('2026-11-22T00:00:00Z');
    const people = buildReview({ ctx: planContext(desired, actual, { now, toolVersion: 't', manifestDigest: 'm' }), tokens: [], now });
    expect(people.map((p) => [p.email, p.flags])).toEqual([['boss@acme.com', ['owner-without-justification']], ['x@other.io', ['outside-allowed-domains']]]);
    const meta = { workspace: 'acme', asOf: '2026-11-22T00:00:00.000Z', stateFingerprint: 'sha256:abc' };
    const md = reviewMarkdown(meta, [{ ...people[0]!, justification: '<!-- *hidden* -->', grants: [] }], [], now, mdText);
    expect(md).toContain('| boss&#64;acme.com | member | no access | &lt;\\!-- \\*hidden\\* --&gt; |');
    expect(md).toContain('1 person: 1 member, 0 pending invites, 0 not in the workspace yet; 1 needs a look.');
    expect(reviewCsv(meta, [{ ...people[1]!, grants: [] }])).toBe(`${CSV_COLUMNS.join(',')}\r\nperson,acme,x@other.io,member,,,,,,,,,,m.yaml:1,,outside-allowed-domains,,,,,,2026-11-22T00:00:00.000Z,sha256:abc\r\n`);
  });
});

describe('csvCell', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['', ''],
  ])('%j becomes %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('reports as JSON', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });
    expect(await runCli(['review', dir, '--local', '--at', '2026-11-22', '--format', 'json'], io)).toBe(0);
    const doc = JSON.parse(io.stdoutText) as { workspace: string; people: Array<{ email: string; status: string; flags: string[] }> };
    expect(doc.workspace).toBe('acme-prod');
    expect(doc.people.find((p) => p.email === 'mallory@acme.com')).toMatchObject({ status: 'member', flags: ['not-in-manifests'] });
  });
});
