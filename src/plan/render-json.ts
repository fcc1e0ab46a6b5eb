// The saved-plan and machine format: a versioned document. Minor versions only add fields
// (consumers ignore unknown ones); a major version change is breaking, and apply refuses it.
import type { Plan } from './types.js';

export function renderJson(plan: Plan): string {
  const { formatVersion, toolVersion, workspace, now, manifestDir, manifestDigest, stateFingerprint, summary, steps, warnings, guards, patches } = plan;
  return `${JSON.stringify({
    format_version: formatVersion, tool_version: toolVersion, workspace, now, manifest_dir: manifestDir, manifest_digest: manifestDigest,
    state_fingerprint: stateFingerprint, summary, steps, warnings, guards, patches,
  }, null, 2)}\n`;
}

/** Reads a saved plan; throws with a clear message when the format is not one this tool applies. */
export function parsePlanJson(text: string, supportedMajor: string): Plan {
  let doc: Record<string, any>;
  try { doc = JSON.parse(text); } catch { throw new Error('the plan file is not valid JSON'); }
  const version = String(doc.format_version ?? '');
  if (version.split('.')[0] !== supportedMajor) {
    throw new Error(`the plan was written in format ${version || 'unknown'}, but this segment-access applies format ${supportedMajor}.x; run plan again with this version`);
  }
  return {
    formatVersion: version, toolVersion: doc.tool_version, workspace: { region: 'us', ...doc.workspace }, now: doc.now, manifestDir: doc.manifest_dir, manifestDigest: doc.manifest_digest,
    stateFingerprint: doc.state_fingerprint, summary: doc.summary, steps: doc.steps, warnings: doc.warnings ?? [], guards: doc.guards ?? [], patches: doc.patches ?? {},
  };
}
