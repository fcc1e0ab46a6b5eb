// Workflow commands as @actions/core escapes them: a message cannot end the command early or start
// a new one, and a property cannot break out of its key=value list.
import { describe, expect, it } from 'vitest';
import { annotationLines, escapeData, escapeProperty, MAX_ANNOTATIONS_PER_SEVERITY } from '../../src/github/annotations.js';

describe('escaping', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['100%', '100%25'],
    ['%0A is not a newline', '%250A is not a newline'],
    ['two\nlines', 'two%0Alines'],
    ['cr\rhere', 'cr%0Dhere'],
    ['::stop-commands::x', '::stop-commands::x'],
  ])('data %j becomes %j', (text, want) => {
    expect(escapeData(text)).toBe(want);
  });

  it.each<[string, string]>([
    ['a.yaml', 'a.yaml'],
    ['a:b,c', 'a%3Ab%2Cc'],
    ['50%', '50%25'],
    ['x\ny', 'x%0Ay'],
  ])('property %j becomes %j', (text, want) => {
    expect(escapeProperty(text)).toBe(want);
  });

  it('a message holding a newline and a command stays one annotation line', () => {
    const [line] = annotationLines([{ severity: 'error', file: 'a,b:c.yaml', line: 3, col: 4, code: 'unknown-key', message: 'key `x\n::stop-commands::t` is unknown', hint: '100% sure' }]);
    expect(line).toBe('::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=unknown-key::key `x%0A::stop-commands::t` is unknown%0A100%25 sure');
    expect(line!.split('\n')).toHaveLength(1);
  });

  it(`keeps ${MAX_ANNOTATIONS_PER_SEVERITY} per severity and says how many more there are`, () => {
    const d = (i: number) => ({ severity: 'warning' as const, file: 'a.yaml', line: i, col: 1, code: 'c', message: 'm', hint: '' });
    const lines = annotationLines(Array.from({ length: 12 }, (_, i) => d(i + 1)));
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('::notice::2 more warnings not annotated (GitHub shows at most 10); see the log for all of them');
  });
});
