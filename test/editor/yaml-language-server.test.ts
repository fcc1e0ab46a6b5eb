// Editor support, checked the way an editor gets it: Red Hat's yaml-language-server (the server
// behind the VS Code YAML extension, and usable from Neovim, Helix, Emacs…) started over stdio,
// spoken to over LSP, on the real example files, which name the schema in their modeline.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const serverBin = path.join(path.dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin/yaml-language-server');

interface Message { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown }

/** A minimal LSP client: Content-Length framing over the server's stdio, requests matched by id. */
class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  readonly diagnostics = new Map<string, { message: string; range: { start: { line: number; character: number } } }[]>();
  private readonly diagnosticWaiters: (() => void)[] = [];

  constructor() {
    this.child = spawn(process.execPath, [serverBin, '--stdio'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message) {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.method === 'workspace/configuration') {
      // The server asks for its settings; answer each requested section with the same defaults.
      const items = (message.params as { items: unknown[] }).items;
      this.send({ id: message.id, result: items.map(() => ({ validate: true, hover: true, completion: true })) });
    } else if (message.id !== undefined) {
      this.send({ id: message.id, result: null });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const p = message.params as { uri: string; diagnostics: [] };
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const wake of this.diagnosticWaiters.splice(0)) wake();
    }
  }

  private send(message: Message) {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result as T)));
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown) {
    this.send({ method, params });
  }

  async diagnosticsFor(uri: string, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.diagnostics.get(uri)?.length && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.diagnosticWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.diagnostics.get(uri) ?? [];
  }

  async open(file: string) {
    const uri = pathToFileURL(file).href;
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } });
    return uri;
  }

  async stop() {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    this.child.kill();
  }
}

/** The (line, character) of the first occurrence of `needle` in the file, plus `offset` characters. */
function positionOf(file: string, needle: string, offset = 0) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in ${file}`);
  return { line, character: lines[line]!.indexOf(needle) + offset };
}

interface CompletionItem { label: string }
interface Hover { contents: { kind: string; value: string } | string }

describe('yaml-language-server on the examples', () => {
  let client: LspClient;

  beforeAll(async () => {
    client = new LspClient();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } }, hover: { contentFormat: ['markdown', 'plaintext'] } }, workspace: { configuration: true } },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, hover: true, completion: true } } });
  }, 30_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('offers Segment role names where a role goes', async () => {
    const file = path.join(root, 'examples/acme/owners.yaml');
    const uri = await client.open(file);
    const at = positionOf(file, 'role: Workspace Owner', 'role: '.length);
    const result = await client.request<{ items: CompletionItem[] } | CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at });
    const labels = (Array.isArray(result) ? result : result.items).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['Workspace Owner', 'Source Admin', 'Source Read-only', 'Warehouse Destination Read-only', 'Unify Read-only, Engage User']));
  }, 30_000);

  it('describes a member key on hover with its own title, not the file’s', async () => {
    const file = path.join(root, 'examples/acme/owners.yaml');
    const uri = await client.open(file);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(file, 'reviewBy:', 2) });
    const text = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    expect(text).toContain('Review by');
    expect(text).toMatch(/confirm/i);
    expect(text).not.toContain('AccessManifest');
  }, 30_000);

  it('describes an access entry on hover', async () => {
    const file = path.join(root, 'examples/acme/engineering.yaml');
    const uri = await client.open(file);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(file, '- email: carol@acme.com', 4) });
    const text = typeof hover.contents === 'string' ? hover.contents : hover.contents.value;
    expect(text).toContain('Email');
    expect(text).not.toContain('AccessManifest');
  }, 30_000);

  it('says in words that an access entry takes one scope', async () => {
    const file = path.join(root, 'examples/invalid/two-scopes/members.yaml');
    const uri = await client.open(file);
    const diagnostics = await client.diagnosticsFor(uri);
    const messages = diagnostics.map((d) => d.message);
    expect(messages.join('\n')).toMatch(/one scope/);
    expect(messages.join('\n')).not.toMatch(/Matches a schema that is not allowed/);
  }, 30_000);
});
