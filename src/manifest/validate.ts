// The manifest stage as one call: load a folder, check each file against the schema, merge, and
// (when the files are structurally sound) check the rules across them.
import { sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { loadManifests, type LoadOptions } from './load.js';
import { mergeManifests, type Manifest } from './merge.js';
import { validateSchema } from './validate-schema.js';
import { validateSemantics } from './validate-semantics.js';

export interface ValidateOptions extends LoadOptions {
  /** Instant at which expirations are judged (default: now). */
  at?: Date;
}

export interface ValidationResult {
  /** The merged manifest; set whenever every file loaded and matched the schema. */
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  fileCount: number;
}

export async function validateManifests(dir: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const loaded = await loadManifests(dir, options);
  const diagnostics = [...loaded.diagnostics];
  for (const file of loaded.files) diagnostics.push(...validateSchema(file));
  // Cross-file rules only make sense once every file has the expected shape; a schema error first
  // keeps the list short and avoids follow-on noise.
  if (diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics: sortDiagnostics(diagnostics), fileCount: loaded.fileCount };
  }
  const manifest = mergeManifests(loaded.files);
  diagnostics.push(...validateSemantics(manifest, { at: options.at ?? new Date() }));
  return { manifest, diagnostics: sortDiagnostics(diagnostics), fileCount: loaded.fileCount };
}
