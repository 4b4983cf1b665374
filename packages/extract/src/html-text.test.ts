import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom';
import { countWords, htmlToText } from './html-text';

function textOf(html: string): string {
  return htmlToText(parseDocument(`<!doctype html><html><body>${html}</body></html>`).body!);
}

describe('htmlToText', () => {
  it.each([
    ['paragraphs become blank-line separated', '<p>One  two</p><p>three</p>', 'One two\n\nthree'],
    ['br is a line break', '<p>line one<br>line two</p>', 'line one\nline two'],
    [
      'inline elements stay inline',
      '<p>a <b>bold</b> and <a href="#">linked</a> word</p>',
      'a bold and linked word',
    ],
    ['list items are paragraphs', '<ul><li>first</li><li>second</li></ul>', 'first\n\nsecond'],
    ['scripts and styles are skipped', '<p>a</p><script>x()</script><style>p{}</style>', 'a'],
    ['table cells are separated', '<table><tr><td>a</td><td>b</td></tr></table>', 'a b'],
  ])('%s', (_name, html, expected) => {
    expect(textOf(html)).toBe(expected);
  });

  it('handles very deep trees without recursion', () => {
    expect(textOf(`${'<span>'.repeat(20_000)}deep${'</span>'.repeat(20_000)}`)).toBe('deep');
  });
});

describe('countWords', () => {
  it('counts letter and digit runs in any script', () => {
    expect(countWords('Hello, world! 2024 — привет 世界')).toBe(5);
  });
});
