// A proxy in front of the emulator that can answer in ways a real API, a misconfigured gateway or a
// broken network might: an HTML page, a wrong envelope, a cursor that repeats, a one-hour 429, a body
// trickled byte by byte, or no answer at all. Everything else is passed through unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach } from 'vitest';

export type Override = (req: IncomingMessage, forward: () => Promise<{ status: number; headers: Record<string, string>; body: string }>, res: ServerResponse) => Promise<boolean>;

const open: Array<() => Promise<void>> = [];
afterEach(async () => { for (const close of open.splice(0)) await close(); });

export async function testProxy(target: string, override: Override): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = async () => {
        const sent = Object.fromEntries(Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host'));
        const upstream = await request(`${target}${req.url}`, {
          method: req.method as 'GET', headers: sent,
          body: chunks.length ? Buffer.concat(chunks) : undefined,
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(upstream.headers)) if (typeof v === 'string' && k !== 'content-length' && k !== 'connection') headers[k] = v;
        return { status: upstream.statusCode, headers, body: await upstream.body.text() };
      };
      void (async () => {
        if (await override(req, forward, res)) return;
        const answer = await forward();
        res.writeHead(answer.status, answer.headers).end(answer.body);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(async () => { server.closeAllConnections(); await new Promise<void>((r) => server.close(() => r())); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}
