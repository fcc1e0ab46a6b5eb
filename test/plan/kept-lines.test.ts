// What a changed person keeps, in words: the kept grant with its end date, and the date it had
// before when that moved (or that it no longer ends).
import { describe, expect, it } from 'vitest';
import { keptShown, keptText, type KeptLine } from '../../src/plan/change-lines.js';
import type { EffectiveGrant } from '../../src/plan/types.js';
import { g } from '../helpers/model.js';

const admin = (expires?: string): EffectiveGrant => ({
  grant: g('Source Admin', 'SOURCE', 'src-web'), role: 'Source Admin', level: 'admin', text: 'Source Admin on web-prod', via: { kind: 'direct' }, sensitive: ['web-prod'], ...(expires ? { expires } : {}),
});

describe('kept lines', () => {
  it.each<[string, KeptLine, string | undefined, string]>([
    ['kept as it was', { grant: admin('2027-03-31') }, '2026-12-07', 'keeps Source Admin on web-prod [sensitive: web-prod], until 2027-03-31 (in 114 days)'],
    ['kept three more months', { grant: admin('2027-03-31'), was: '2026-12-31' }, '2026-12-07', 'keeps Source Admin on web-prod [sensitive: web-prod], until 2027-03-31 (in 114 days; was 2026-12-31)'],
    ['moved, without a date to count from', { grant: admin('2027-03-31'), was: '2026-12-31' }, undefined, 'keeps Source Admin on web-prod [sensitive: web-prod], until 2027-03-31 (was 2026-12-31)'],
    ['no longer ending', { grant: admin(), was: '2026-12-31' }, '2026-12-07', 'keeps Source Admin on web-prod [sensitive: web-prod], no longer ending (was 2026-12-31)'],
  ])('%s', (_name, line, now, want) => {
    expect(keptText(line, now)).toBe(want);
  });

  it('shows moved end dates first, at most eight, and counts the rest', () => {
    const kept: KeptLine[] = [...Array.from({ length: 9 }, () => ({ grant: admin() })), { grant: admin('2027-03-31'), was: '2026-12-31' }];
    const shown = keptShown(kept, '2026-12-07');
    expect(shown).toHaveLength(9);
    expect(shown[0]).toContain('was 2026-12-31');
    expect(shown.at(-1)).toBe('keeps 2 more grants');
  });
});
