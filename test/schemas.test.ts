// Every schema the tool ships is itself valid JSON Schema (draft-07 meta-schema) and compiles under
// ajv's strict mode. The tool skips this check at start-up for speed, so it is made here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const dir = path.join(import.meta.dirname, '..', 'schema');

describe('schema/', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))('%s is valid against the meta-schema and compiles strictly', (file) => {
    const schema = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    const ajv = addFormats(new Ajv({ strict: true, validateSchema: true }));
    // The editors' message keyword (yaml-language-server, VS Code); the tool registers it the same way.
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
