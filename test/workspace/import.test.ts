// Import writes manifests that read back as what was imported: every scalar plain only when YAML
// reads it as the same string, the layout already fmt's, and for a generated 300-person workspace
// the folder passes `fmt --check` and `validate`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import { importWorkspace, yamlString } from '../../src/workspace/import.js';
import { actualOf, g } from '../helpers/model.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';

describe('yamlString', () => {
  it.each(['plain', 'Alice Ng', 'a+b@acme.com', "O'Brien", 'true', 'No', 'null', '~', '123', '2027-01-31', '-x', 'a: b', 'a #b', 'x,y', '[a]', '{a}', 'tail ', ' lead', 'a:', "it's:", 'line\nbreak', '\u0007bell', '"quoted"', 'é', 'Unify Read-only, Engage User', '', '@team', '*ref', '&anchor', '!tag', '%dir', '|', '>', "'"])('%j reads back as itself, in block and flow context', (value) => {
    const scalar = yamlString(value);
    expect(parse(`k: ${scalar}\n`)).toEqual({ k: value });
    expect(parse(`k: [${scalar}, x]\n`)).toEqual({ k: [value, 'x'] });
    expect(parse(`k: { a: ${scalar} }\n`)).toEqual({ k: { a: value } });
  });

  it('random strings read back as themselves', () => {
    let seed = 7;
    const next = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const alphabet = 'aZ09 _-.:,#@\'"[]{}&*!|>%?\\/+()\u00e9\n\t';
    for (let i = 0; i < 2000; i++) {
      const value = Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      const scalar = yamlString(value);
      expect(parse(`k: ${scalar}\n`), JSON.stringify(value)).toEqual({ k: value });
      expect(parse(`k: [${scalar}]\n`), JSON.stringify(value)).toEqual({ k: [value] });
    }
  });
});

describe('import of a generated workspace', () => {
  it('writes 300 people in fmt\'s layout, and they validate', async () => {
    const emulator = await testEmulator({ seed: generateSeed({ users: 300, groups: 12, sources: 20, invites: 10, seed: 3 }) });
    const cwd = tempDir();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };

    expect(await runCli(['import', '--out', 'adopted', '--slug', 'scale-test'], memoryIo({ cwd, env }))).toBe(0);
    writeFileSync(path.join(cwd, 'marker'), '');
    const fmt = memoryIo({ cwd });
    const validate = memoryIo({ cwd });

    expect(await runCli(['fmt', 'adopted', '--check'], fmt)).toBe(0);
    expect(fmt.stdoutText).toContain('already formatted');
    expect(await runCli(['validate', 'adopted'], validate)).toBe(0);
  });
});

describe('import of grants it cannot name', () => {
  it('leaves out Minimal Workspace Access (the floor), and says so of a role GET /roles does not list instead of writing its id', () => {
    const actual = actualOf({ users: [{ email: 'a@acme.com', grants: [g('Minimal Workspace Access'), g('Source Admin'), { roleId: 'rGone', type: 'WORKSPACE', resourceId: 'ws-1', labels: [] }] }] });
    const files = importWorkspace(actual, { region: 'us', now: new Date('2026-11-22T00:00:00Z'), schemaPath: 's.json' });
    expect(files['members.yaml']).toContain('  - email: a@acme.com\n    # Also holds role rGone, which GET /roles does not list: no manifest can name it, so plan removes it.\n    role: Source Admin\n');
    expect(files['members.yaml']).not.toContain('Minimal Workspace Access');
  });
});
