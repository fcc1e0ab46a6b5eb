// Every string from the manifests or the API is HTML-escaped, in text and in attribute values.
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/review/review-html.js';

describe('escapeHtml', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['<script>', '&lt;script&gt;'],
    ['a & b', 'a &amp; b'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ["it's", 'it&#39;s'],
    ['&amp;', '&amp;amp;'],
  ])('%j becomes %j', (text, want) => {
    expect(escapeHtml(text)).toBe(want);
  });
});
