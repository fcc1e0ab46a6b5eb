// Every evidence record matches its published schema (schema/evidence.schema.json): an applied run,
// and one that failed midway.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/evidence.schema.json' with { type: 'json' };
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

describe('evidence records', () => {
  it.each([['applied', undefined], ['failed', 'deleteUsers']] as const)('match the schema when the apply %s', async (outcome, failing) => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: failing ? [{ operation: failing, fault: 'error', status: 422 }] : [] });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token, GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc' } });

    await runCli(['apply', dir, '--auto-approve', '--at', '2026-11-22', '--evidence', 'e.json'], io);

    const record = JSON.parse(readFileSync(path.join(cwd, 'e.json'), 'utf8'));
    expect(record.outcome).toBe(outcome);
    expect(validate(record) ? [] : validate.errors).toEqual([]);
  });
});
