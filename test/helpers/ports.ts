// Ports for a use-case test: the real Segment adapter pointed at an emulator on loopback, the real
// disk in a temporary folder, and in-memory fakes for GitHub, the prompt and the CI context.
import { defaultPorts } from '../../src/adapters/default-ports.js';
import type { CiContext, Ports } from '../../src/ports/index.js';
import type { Emulator } from '../../src/emulator/server.js';
import { FakeGitHub } from './fake-github.js';

export async function testPorts(options: { cwd: string; emulator?: Emulator; github?: FakeGitHub; ci?: CiContext; answers?: string[]; env?: Record<string, string> }):
  Promise<Ports & { asked: string[] }> {
  const env = { ...(options.emulator ? { SEGMENT_API_URL: options.emulator.url, SEGMENT_API_TOKEN: options.emulator.token } : {}), ...options.env };
  const github = options.github ?? new FakeGitHub();
  const asked: string[] = [];
  const answers = [...(options.answers ?? [])];
  const ports = await defaultPorts({ env, cwd: options.cwd }, {
    github: () => github, ci: options.ci ?? { actions: false },
    ...(options.answers ? { prompt: { ask: async (q: string) => { asked.push(q); return answers.shift() ?? ''; } } } : {}),
  });
  return { ...ports, asked };
}
