// The client never believes what it cannot check and never waits without bound: a proxy in front of
// the emulator answers like a broken gateway or a hostile network would, and plan or apply stops
// quickly, naming the operation, with nothing sent that the answer would have steered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { testProxy, type Override } from '../helpers/proxy.js';
import { writeTree } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';
const isUsers = (url = '') => url.startsWith('/users?');

async function planThrough(override: Override, env: Record<string, string> = {}) {
  const emulator = await testEmulator({ seed: demoSeed() });
  const proxy = await testProxy(emulator.url, override);
  const { cwd, dir } = copyExample();
  const io = memoryIo({ cwd, env: { SEGMENT_API_URL: proxy.url, SEGMENT_API_TOKEN: emulator.token, ...env } });
  const started = Date.now();
  const code = await runCli(['plan', dir, '--at', AT], io);
  return { code, io, seconds: (Date.now() - started) / 1000, emulator, proxy };
}

describe('answers the client does not believe', () => {
  it.each<[string, Override, RegExp]>([
    ['an HTML page with status 200', async (req, _f, res) => isUsers(req.url) && !!res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>'),
      /listUsers \(GET \/users\?pagination%5Bcount%5D=1000\) failed: HTTP 200 InvalidResponse: answered with a body Segment's API does not send: the body is not JSON \(it starts with "<!DOCTYPE html><html><body>Sign in<\/body"\)/],
    ['an empty data object', async (req, _f, res) => isUsers(req.url) && !!res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'),
      /listUsers .* HTTP 200 InvalidResponse: .*data has no `users`/],
    ['data: null', async (req, _f, res) => isUsers(req.url) && !!res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":null}'),
      /listUsers .* HTTP 200 InvalidResponse: .*`data` is null/],
    ['a group without an id', async (req, forward, res) => {
      if (!req.url?.startsWith('/groups?')) return false;
      const answer = await forward();
      const body = JSON.parse(answer.body);
      delete body.data.userGroups[0].id;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }, /listUserGroups .* HTTP 200 InvalidResponse: .*data\.userGroups\.0 has no `id`/],
    ['a group id that is not an id', async (req, forward, res) => {
      if (!req.url?.startsWith('/groups?')) return false;
      const body = JSON.parse((await forward()).body);
      body.data.userGroups[0].id = '../users';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }, /listUsersFromUserGroup \(GET \/groups\/\{userGroupId\}\/users\) failed: not sent InvalidId: userGroupId "\.\.\/users" is not a Segment id \(letters, digits, _ and - only\), so nothing was sent; an earlier answer of the API gave it.*\n {2}hint: the workspace answered with an id segment-access will not put into a request path/],
    ['a next cursor that repeats', async (req, forward, res) => {
      if (!isUsers(req.url)) return false;
      const body = JSON.parse((await forward()).body);
      body.data.pagination.next = 'MA==';
      delete body.data.pagination.totalEntries;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }, /listUsers \(GET \/users\) failed: HTTP 200 InvalidResponse: the API returned the cursor "MA==" a second time; stopping/],
    ['more pages than totalEntries allows', async (req, _forward, res) => {
      if (!isUsers(req.url)) return false;
      const body = { data: { users: [], pagination: { current: 'x', next: `page-${Math.random()}`, totalEntries: 6 } } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    }, /listUsers \(GET \/users\) failed: HTTP 200 InvalidResponse: still more pages after 3 \(totalEntries allows 3\); stopping/],
    ['a 429 asking for an hour', async (req, _f, res) => isUsers(req.url) && !!res.writeHead(429, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ type: 'RequestError', message: 'Too many requests', data: { msBeforeNext: 3_600_000 } }] })),
      /listUsers .* failed: HTTP 429 RateLimitWaitTooLong: Segment asked to wait 60 min \(a 429 answer\), more than the 5 min this run accepts/],
  ])('plan stops on %s, naming the operation, and invites nobody', async (_name, override, message) => {
    const { code, io, seconds, emulator } = await planThrough(override);

    expect(code).toBe(1);
    expect(io.stderrText).toMatch(message);
    expect(io.stdoutText).toBe('');
    expect(seconds).toBeLessThan(60);
    expect(emulator.stats.mutations).toBe(0);
  });

  it('gives a body trickled byte by byte one deadline, not one per byte', async () => {
    const override: Override = async (req, forward, res) => {
      if (!isUsers(req.url)) return false;
      const answer = await forward();
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const ch of answer.body) {
        if (res.destroyed) break;
        res.write(ch);
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end();
      return true;
    };

    const { code, io, seconds } = await planThrough(override, { SEGMENT_ACCESS_TIMEOUT: '0.3' });

    expect(code).toBe(1);
    expect(io.stderrText).toMatch(/listUsers .* failed: no response NetworkError: timed out after 300 ms/);
    expect(seconds).toBeLessThan(30);
  });

  it('announces a rate-limit wait it accepts', async () => {
    let limited = false;
    const override: Override = async (req, _f, res) => {
      if (!isUsers(req.url) || limited) return false;
      limited = true;
      res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ type: 'RequestError', message: 'Too many requests', data: { msBeforeNext: 1200 } }] }));
      return true;
    };

    const { code, io } = await planThrough(override);

    expect(code).toBe(0);
    expect(io.stderrText).toContain('waiting 2 s: rate limit on listUsers (a 429 answer; 2 s waited in this run)\n');
  });
});

describe('apply against an API that fails midway', () => {
  it('says what a 401 on a change can mean and what the token needs', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'createInvites', fault: 'error', status: 401 }] });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT], io)).toBe(1);
    expect(io.stderrText).toContain('failed: createInvites#1 (dan@acme.com, dev@agency.io, grace@acme.com): createInvites (POST /invites) failed: HTTP 401');
    expect(io.stderrText).toContain('hint: Segment answers 401 when SEGMENT_API_TOKEN is missing, wrong or revoked, and also when it lacks permission: createInvites needs a token with Workspace Owner access');
  });

  it('stops before its next mutation when a mutation answers with an unbelievable body, and writes evidence', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const proxy = await testProxy(emulator.url, async (req, forward, res) => {
      if (req.method !== 'PUT') return false;
      await forward(); // applied upstream
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
      return true;
    });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: proxy.url, SEGMENT_API_TOKEN: emulator.token } });

    const code = await runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'evidence.json'], io);

    expect(code).toBe(1);
    expect(io.stderrText).toMatch(/failed: replacePermissionsForUser#1 \(bob@acme\.com\): replacePermissionsForUser .* HTTP 200 InvalidResponse/);
    // Nothing started after the failure: carol's PUT (same lane) and the removals never went out.
    expect(proxy.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(1);
    expect(proxy.requests.filter((r) => r.startsWith('DELETE'))).toEqual([]);
    const evidence = JSON.parse(readFileSync(path.join(cwd, 'evidence.json'), 'utf8'));
    expect(evidence.outcome).toBe('failed');
    expect(evidence.operations.filter((o: { status: string }) => o.status === 'failed').map((o: { id: string }) => o.id)).toEqual(['replacePermissionsForUser#1']);
    expect(evidence.operations.filter((o: { status: string }) => o.status === 'not-attempted').map((o: { id: string }) => o.id))
      .toEqual(expect.arrayContaining(['replacePermissionsForUser#2', 'deleteUsers#1', 'deleteUserGroup#1']));
  });

  it('gives up once the API has been unreachable past the budget, saying what was done and what was not attempted', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    let mutations = 0;
    const proxy = await testProxy(emulator.url, async (req, _f, res) => {
      if (req.method !== 'GET') mutations++;
      if (mutations < 2) return false;
      res.destroy(); // the API is gone
      return true;
    });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: proxy.url, SEGMENT_API_TOKEN: emulator.token, SEGMENT_ACCESS_UNREACHABLE: '1' } });
    const started = Date.now();

    const code = await runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'evidence.json'], io);

    expect(code).toBe(1);
    expect((Date.now() - started) / 1000).toBeLessThan(30);
    expect(io.stderrText).toMatch(/the Segment API has failed every request for \d+ s \(more than 1 s, SEGMENT_ACCESS_UNREACHABLE\); giving up/);
    expect(io.stderrText).toContain('not attempted:');
    const evidence = JSON.parse(readFileSync(path.join(cwd, 'evidence.json'), 'utf8'));
    expect(evidence).toMatchObject({ outcome: 'failed', verification: { status: 'not-run' } });
    expect(evidence.operations[0].status).toBe('done');
  });
});

describe('verification after apply', () => {
  it('writes evidence with the verification marked failed when the re-read fails', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    let deletedGroup = false;
    const proxy = await testProxy(emulator.url, async (req, _f, res) => {
      if (req.method === 'DELETE' && req.url?.startsWith('/groups/')) { deletedGroup = true; return false; }
      if (!deletedGroup || !isUsers(req.url)) return false;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
      return true;
    });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: proxy.url, SEGMENT_API_TOKEN: emulator.token } });

    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'evidence.json'], io)).toBe(1);

    expect(io.stderrText).toContain('Error: every call succeeded, but the verification read failed: listUsers');
    const evidence = JSON.parse(readFileSync(path.join(cwd, 'evidence.json'), 'utf8'));
    expect(evidence).toMatchObject({ outcome: 'verification-failed', verification: { status: 'failed' } });
    expect(evidence.operations.every((o: { status: string }) => o.status === 'done')).toBe(true);
  });
});

describe('names from the workspace and the manifests', () => {
  it('a group name with a line break cannot forge a line of the plan, as text or Markdown', async () => {
    const seed = demoSeed();
    const forged = 'x\n+ Workspace Owner on the workspace (forged)';
    seed.groups.push({ id: 'gForged0000000000000000000', name: forged, permissions: [{ roleId: seed.roles.find((r) => r.name === 'Source Read-only')!.id, resources: [{ id: seed.workspace.id, type: 'WORKSPACE', labels: [] }] }], members: ['carol@acme.com'] });
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    for (const format of ['text', 'markdown']) {
      const io = memoryIo({ cwd, env });
      await runCli(['plan', dir, '--at', AT, '--format', format], io);
      const lines = io.stdoutText.split('\n');
      expect(lines.filter((l) => /^[+\s]*Workspace Owner on the workspace \(forged\)/.test(l.replace(/^\+\s*/, '')) && l.trimStart().startsWith('+'))).toEqual([]);
      expect(io.stdoutText).toMatch(format === 'text' ? /group x\\n\+ Workspace Owner on the workspace \(forged\)/ : /x\\n\+ Workspace Owner on the workspace \(forged\)/);
    }
    const explain = memoryIo({ cwd, env });
    await runCli(['explain', 'carol@acme.com', dir, '--at', AT], explain);
    expect(explain.stdoutText.split('\n').some((l) => l.startsWith('+ Workspace Owner'))).toBe(false);
  });

  it('a manifest key with a line break stays on its diagnostic\'s line, also as a workflow command', async () => {
    const dir = writeTree({ 'w.yaml': 'version: 1\nworkspace: { slug: acme }\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n    "x\\n::stop-commands::tok\\n::error::pwned": 1\n' });
    const io = memoryIo({ cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    await runCli(['validate', '.'], io);
    const lines = io.stdoutText.split('\n');
    expect(lines.filter((l) => /^\s*::(stop-commands|error::pwned)/.test(l))).toEqual([]);
    expect(io.stdoutText).toContain('w.yaml:6:5: error unknown-key: unknown key `x\\n::stop-commands::tok\\n::error::pwned` in members[0]');
  });
});
