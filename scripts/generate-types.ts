// Generates src/manifest/types.generated.ts from schema/access.schema.json.
// The schema is the single source of truth for the manifest format; the TypeScript types follow it.
// test/manifest/types-generated.test.ts fails when the committed file differs from a fresh run.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
export const schemaPath = `${root}schema/access.schema.json`;
export const typesPath = `${root}src/manifest/types.generated.ts`;

const banner = `/* Generated from schema/access.schema.json by \`npm run generate\` (json-schema-to-typescript).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file is stale. */`;

/** Returns the TypeScript source that `npm run generate` writes. */
export async function generateTypes(): Promise<string> {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  return compile(schema, 'AccessManifest', {
    bannerComment: banner,
    additionalProperties: false,
    strictIndexSignatures: true,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 110 },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(typesPath, await generateTypes());
  console.log(`wrote ${typesPath.slice(root.length)}`);
}
