// The manifest stage as one call: load a folder, check each file against the schema, merge, and
// (when the files are structurally sound) check the rules across them. An unknown key leaves the
// data's shape sound (the key is ignored), so the rules still run beside it: one run reports a
// misspelled key and a misspelled role together, instead of one per fix.
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
  /**
   * The merged manifest; set whenever every file loaded and matched the schema but for unknown keys
   * (which are errors in `diagnostics`: a caller acts on it only when there are none).
   */
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  fileCount: number;
}

/** Schema errors after which every known key still has the shape the rules expect. */
const SHAPE_KEEPING = new Set(['unknown-key']);

export async function validateManifests(dir: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const loaded = await loadManifests(dir, options);
  const diagnostics = [...loaded.diagnostics];
  for (const file of loaded.files) diagnostics.push(...validateSchema(file));
  // Cross-file rules only make sense once every file has the expected shape (a wrong type or a
  // missing key would only add follow-on noise); an unknown key does not change the shape.
  if (diagnostics.some((d) => d.severity === 'error' && !SHAPE_KEEPING.has(d.code))) {
    return { diagnostics: sortDiagnostics(diagnostics), fileCount: loaded.fileCount };
  }
  const manifest = mergeManifests(loaded.files);
  diagnostics.push(...validateSemantics(manifest, { at: options.at ?? new Date() }));
  return { manifest, diagnostics: sortDiagnostics(diagnostics), fileCount: loaded.fileCount };
}
