// Where schema/access.schema.json is: next to the sources (src/usecases -> ../../schema) or next to
// the bundle (dist/cli.js -> ../schema), as installed from the package. For editor modelines.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function accessSchemaFile(): string {
  const candidates = ['../schema/access.schema.json', '../../schema/access.schema.json'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? candidates[1]!;
}
