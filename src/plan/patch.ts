// RFC 6902 JSON Patches from a change's `before` to its `after` (fast-json-patch), so that policy
// engines (conftest/OPA) and SIEMs can read what a plan or a drift report changes without knowing
// this tool's shapes: applying `patch` to `before` gives `after`.
import fastJsonPatch, { type Operation as PatchOperation } from 'fast-json-patch';

export type { PatchOperation };

/** The operations that turn `before` into `after` (paths into the change's own state object). */
export function patchOf(before: object, after: object): PatchOperation[] {
  return fastJsonPatch.compare(before, after);
}
