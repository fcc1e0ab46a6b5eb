// One measured read of a workspace in a fresh process: readWorkspace against the emulator given by
// SEGMENT_API_URL / SEGMENT_API_TOKEN. Prints its figures as one JSON line.
import { SegmentClient } from '../src/segment/client.js';
import { readWorkspace } from '../src/workspace/read.js';

const client = new SegmentClient({ baseUrl: process.env.SEGMENT_API_URL!, token: process.env.SEGMENT_API_TOKEN!, concurrency: 16 });
const started = performance.now();
// READ_FOR=import reads as `import` does: without the Audit Trail (invite ages are of no use there).
const actual = await readWorkspace(client, { now: new Date('2026-11-22T00:00:00Z'), ...(process.env.READ_FOR === 'import' ? { inviteAges: false } : {}) });
const wallMs = performance.now() - started;
await client.close();
console.log(JSON.stringify({
  wallMs: Math.round(wallMs), users: actual.users.size, requests: client.stats.requests, rateLimited: client.stats.rateLimited,
  getUser: client.stats.byOperation.getUser ?? 0, waitedMs: Math.round(Object.values(client.pacer.waitedMs).reduce((a, b) => a + b, 0)),
}));
