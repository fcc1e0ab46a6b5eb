// What a person sees while an apply runs: on a terminal one line redrawn in place that fits the
// window, with an ETA from the observed pace; in a CI log one plain line per step.
import { describe, expect, it } from 'vitest';
import { etaText, progressLine, progressPrinter } from '../../src/views/progress.js';
import type { OperationResult } from '../../src/apply/execute.js';

const result = (over: Partial<OperationResult> = {}): OperationResult => ({
  id: 'op1', kind: 'createInvites', subjects: ['dan@acme.com'], changes: ['dan@acme.com'], status: 'done', attempts: 1, recoveries: 0, ms: 12, ...over,
});

function capture(isTTY: boolean, columns?: number) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), isTTY, columns: columns === undefined ? undefined : () => columns } };
}

describe('progress in a CI log', () => {
  it('prints one line per step with its outcome, time, re-reads and error', () => {
    const { out, err, io } = capture(false);
    const p = progressPrinter(3, 0, io);
    p.step(result());
    p.step(result({ kind: 'addUsersToUserGroup', subjects: ['group eng', 'a@acme.com'], recoveries: 1, ms: 340 }));
    p.step(result({ status: 'failed', recoveries: 2, ms: undefined, error: { message: 'createInvites (POST /invites) failed: HTTP 422 ValidationFailure: \u001b[31mno' } }));
    p.done();
    expect(out).toEqual([
      '[1/3] ok createInvites dan@acme.com (12 ms)\n',
      '[2/3] ok addUsersToUserGroup group eng, a@acme.com (340 ms, 1 re-read after errors)\n',
      '[3/3] FAILED createInvites dan@acme.com (0 ms, 2 re-reads after errors): createInvites (POST /invites) failed: HTTP 422 ValidationFailure: ?[31mno\n',
    ]);
    expect(err).toEqual([]);
  });

  it('makes subjects terminal-safe', () => {
    const { out, io } = capture(false);
    progressPrinter(1, 0, io).step(result({ subjects: ['evil\u001b]0;pwned\u0007@acme.com'] }));
    expect(out[0]).toBe('[1/1] ok createInvites evil?]0;pwned?@acme.com (12 ms)\n');
  });
});

describe('progress on a terminal', () => {
  it('redraws one line in place on stderr, fitted to the width, and ends it once', () => {
    const { out, err, io } = capture(true, 72);
    let clock = 0;
    const p = progressPrinter(4, 0, io, () => clock);
    clock = 2000;
    p.step(result());
    clock = 4000;
    p.step(result({ subjects: ['a-very-long-subject-list@acme.com', 'another@acme.com', 'third@acme.com'] }));
    p.done();
    expect(out).toEqual([]);
    expect(err).toEqual([
      '\r[########......................] 1/4 ETA 6s  createInvites dan@acme.com\u001b[K',
      '\r[###############...............] 2/4 ETA 4s  createInvites a-very-long-\u001b[K',
      '\r2/4 finished in 4s\u001b[K', // no ETA left on screen
      '\n',
    ]);
    for (const line of err.slice(0, 2)) expect(line.replace('\r', '').replace('\u001b[K', '').length).toBeLessThanOrEqual(71);
  });

  it('shows a rate-limit wait in the line on a terminal, and as its own line in a log', () => {
    const tty = capture(true, 60);
    const p = progressPrinter(3, 0, tty.io, () => 0);
    p.step(result());
    p.wait('waiting 42 s: rate limit on replacePermissionsForUser (the X-RateLimit-Reset of its last answer)');
    expect(tty.err[1]).toBe('\r1/3 waiting 42 s: rate limit on replacePermissionsForUser (\u001b[K');
    const log = capture(false);
    progressPrinter(3, 0, log.io, () => 0).wait('waiting 42 s: rate limit');
    expect(log.err).toEqual(['waiting 42 s: rate limit\n']);
  });

  it('reads the width at each step, so a resized window is followed', () => {
    const err: string[] = [];
    let columns = 100;
    const p = progressPrinter(2, 0, { stdout: () => {}, stderr: (t) => err.push(t), isTTY: true, columns: () => columns }, () => 0);
    p.step(result());
    columns = 30;
    p.step(result());
    expect(err).toEqual([
      '\r[###############...............] 1/2 ETA 0s  createInvites dan@acme.com\u001b[K',
      '\r2/2 ETA 0s  createInvites dan\u001b[K',
    ]);
  });

  it('assumes 80 columns when the width is unknown, and prints no newline when nothing ran', () => {
    const { err, io } = capture(true);
    const p = progressPrinter(1, 0, io, () => 0);
    p.done();
    expect(err).toEqual([]);
    p.step(result({ subjects: ['x'.repeat(100)] }));
    expect(err[0]!.length).toBe('\r'.length + 79 + '\u001b[K'.length);
  });

  it('follows the observed pace, rate-limit waits included, not the estimate once a call has ended', () => {
    const { err, io } = capture(true, 120);
    let clock = 0;
    const p = progressPrinter(10, 60_000, io, () => clock);
    clock = 1000;
    p.step(result()); // the estimate says 59 s left; a server faster than Segment's limits paces 1 s a call
    clock = 50_000;
    p.step(result()); // a wait came: 25 s a step, 8 left = 200 s
    clock = 51_000;
    p.step(result()); // 17 s a step, 7 left = 119 s
    expect(err[0]).toContain(' 1/10 ETA 9s ');
    expect(err[1]).toContain(' 2/10 ETA 3m20s ');
    expect(err[2]).toContain(' 3/10 ETA 1m59s ');
  });
});

describe('progressLine', () => {
  it.each<[number, string]>([[0, '0s'], [59, '59s'], [60, '1m00s'], [61, '1m01s'], [605, '10m05s']])('writes %i s as %s', (s, text) => {
    expect(etaText(s)).toBe(text);
  });

  it.each<[number, string]>([
    [80, '[###############...............] 5/10 ETA 3s  replacePermissionsForUser bob@acm'],
    [72, '[###############...............] 5/10 ETA 3s  replacePermissionsForUser'],
    [60, '[############...........] 5/10 ETA 3s  replacePermissionsFo'],
    [40, '5/10 ETA 3s  replacePermissionsForUser '],
    [15, '5/10 ETA 3s  r'],
    [8, '5/10 ET'],
    [0, ''],
  ])('fits %i columns', (columns, line) => {
    expect(progressLine(5, 10, 3, 'replacePermissionsForUser bob@acme.com', columns)).toBe(line);
  });

  it('fills the bar when there is nothing to do', () => {
    expect(progressLine(0, 0, 0, 'x', 80)).toBe('[##############################] 0/0 ETA 0s  x');
  });
});
