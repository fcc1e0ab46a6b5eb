// The tool's version, for plans and evidence: inlined by the Action bundle, else read from package.json.
import { readFileSync } from 'node:fs';

declare const __SEGMENT_ACCESS_VERSION__: string | undefined;

export const TOOL_VERSION: string = typeof __SEGMENT_ACCESS_VERSION__ === 'string'
  ? __SEGMENT_ACCESS_VERSION__
  : (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
