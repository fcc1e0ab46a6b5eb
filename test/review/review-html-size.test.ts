// The HTML review stays a page a browser can open on a large workspace: the matrix is bounded in
// sources and cells, and says what it leaves out; the people table still lists everyone.
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/plan/describe.js';
import { MATRIX_MAX_CELLS, MATRIX_MAX_SOURCES, reviewHtml } from '../../src/review/review-html.js';
import type { ReviewPerson } from '../../src/review/review.js';
import { actualOf, g } from '../helpers/model.js';

describe('reviewHtml on a large workspace', () => {
  it('bounds the matrix and says how much it leaves out', () => {
    const actual = actualOf({ users: [] });
    const sources = Array.from({ length: 400 }, (_, i) => ({ id: `s${i}`, slug: `src-${String(i).padStart(3, '0')}`, name: `Source ${i}`, labels: [] }));
    const people: ReviewPerson[] = Array.from({ length: 2000 }, (_, i) => ({
      email: `user${i}@acme.com`, status: 'member', groups: [], flags: i === 1999 ? ['review-overdue'] : [],
      grants: [{ grant: g('Source Read-only'), role: 'Source Read-only', level: 'read-only', text: 'Source Read-only on all sources', via: { kind: 'direct' }, grantedBy: { kind: 'manifest', at: 'big.yaml:1' } }],
    }));
    const html = reviewHtml({ workspace: 'big', asOf: '2026-11-23T00:00:00.000Z', stateFingerprint: 'sha256:0' }, people, [], new Date('2026-11-23T00:00:00Z'), sources, catalogOf({ ...actual, sources }));
    const matrixRows = (html.split('<table class="matrix"')[1]!.match(/<tr data-email=/g) ?? []).length;
    expect(matrixRows).toBe(Math.floor(MATRIX_MAX_CELLS / MATRIX_MAX_SOURCES));
    expect(html).toContain(`the first ${MATRIX_MAX_SOURCES} sources by slug are shown, 100 more are not; ${matrixRows} people are shown (those with flags first), ${2000 - matrixRows} more are not`);
    // The flagged person leads the matrix; the table has everyone.
    expect(html.split('<table class="matrix"')[1]!.indexOf('user1999@acme.com')).toBeLessThan(html.split('<table class="matrix"')[1]!.indexOf('user0@acme.com'));
    expect((html.split('<table id="people">')[1]!.split('</table>')[0]!.match(/<tr data-email=/g) ?? []).length).toBe(2000);
  });
});
