// The README stays true to the code: it fits a few screens, its manifest example validates, and the
// plan it shows is the plan the quick start prints.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { memoryIo } from './helpers/io.js';
import { tempDir } from './helpers/tmp.js';
import { copyExample } from './helpers/workspace-copy.js';

const README = readFileSync('README.md', 'utf8');
const blocks = (lang: string) => [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);

describe('README', () => {
  it('fits in about 400 lines, the reference being in docs/', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(400);
    for (const [, link] of README.matchAll(/\]\((docs\/[\w-]+\.md)\)/g)) expect(() => readFileSync(link!), link).not.toThrow();
  });

  it('shows a manifest that validates', async () => {
    const yaml = blocks('yaml').find((b) => b.includes('workspace: { slug: acme-prod }'))!;
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'm'));
    writeFileSync(path.join(cwd, 'm', 'workspace.yaml'), yaml);
    const io = memoryIo({ cwd });
    expect(await runCli(['validate', 'm', '--at', '2026-12-07'], io), io.stdoutText + io.stderrText).toBe(0);
  });

  it("shows the quick start's plan as it prints", async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', '2026-12-07'], io); // the day the README's excerpt was taken
    const shown = blocks('console').find((b) => b.startsWith('$ npx segment-access plan examples/acme --local'))!;
    expect(io.stdoutText.trimEnd().split('\n').at(-1)).toBe(shown.trimEnd().split('\n').at(-1));
    for (const line of shown.split('\n').filter((l) => /^[+~-] |^ {4}because |^ {6}keeps /.test(l))) expect(io.stdoutText).toContain(line.replace('examples/acme/', `${dir}/`));
  });

  it('shows your own manifests planning as invites on the local workspace', async () => {
    const script = blocks('sh').find((b) => b.includes('northwind-prod'))!;
    const yaml = /<<'YAML'\n([\s\S]*?)\nYAML/.exec(script)![1]!;
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'mine'));
    writeFileSync(path.join(cwd, 'mine', 'workspace.yaml'), `${yaml}\n`);
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', 'mine', '--local', '--detailed-exitcode'], io)).toBe(2);
    expect(io.stdoutText).toContain('Plan: 2 to invite, 0 to change, 0 to remove;');
  });
});
