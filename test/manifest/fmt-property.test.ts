// fmt over random valid manifests, written the many ways people write YAML: keys in any order, block
// and flow styles, comment lines above keys (indented more, less, or holding a commented-out key),
// trailing comments, blank lines, anchors and aliases, tags, quoted scalars. For each: the output
// reads as the same data, keeps every comment line, and a second fmt changes nothing; fmt never
// refuses such a file.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatManifest } from '../../src/manifest/fmt.js';
import { randomManifest } from '../helpers/random-manifest.js';

const commentLines = (text: string) => text.split('\n').filter((l) => /^\s*#/.test(l)).map((l) => l.trim()).sort();
const trailingComments = (text: string) => text.split('\n').flatMap((l) => /\s#\s?note \d+$/.exec(l)?.[0].trim() ?? []).sort();

describe('fmt over random valid manifests', () => {
  it('keeps the data and every comment, is stable, and never refuses (600 files)', () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 600; seed++) {
      const text = randomManifest(seed);
      let data: unknown;
      try {
        data = parse(text, { logLevel: 'error' });
      } catch {
        continue; // the generator made something YAML refuses: not a valid file
      }
      let once: string;
      try {
        once = formatManifest(text);
      } catch (err) {
        failures.push(`seed ${seed}: refused: ${(err as Error).message}\n${text}`);
        continue;
      }
      let after: unknown;
      try {
        after = parse(once, { logLevel: 'error' });
      } catch (err) {
        failures.push(`seed ${seed}: the output does not parse: ${(err as Error).message.split('\n')[0]}\n${text}\n---\n${once}`);
        continue;
      }
      if (!sameData(after, data)) failures.push(`seed ${seed}: data changed\n${text}\n---\n${once}`);
      else if (JSON.stringify(commentLines(once)) !== JSON.stringify(commentLines(text))) failures.push(`seed ${seed}: comment lines changed\n${text}\n---\n${once}`);
      else if (JSON.stringify(trailingComments(once)) !== JSON.stringify(trailingComments(text))) failures.push(`seed ${seed}: trailing comments changed\n${text}\n---\n${once}`);
      else if (formatManifest(once) !== once) failures.push(`seed ${seed}: a second fmt changes it\n${once}`);
    }
    expect(failures.length, failures.slice(0, 2).join('\n=====\n')).toBe(0);
  });
});

function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameData(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.join('\u0000') === kb.join('\u0000') && ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}
