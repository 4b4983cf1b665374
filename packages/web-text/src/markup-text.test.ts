import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeHtmlAttribute, escapeHtmlText, escapeXml } from './markup-text';

describe('decodeEntities', () => {
  it.each([
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;p&gt; &quot;quoted&quot; &apos;single&apos;', '<p> "quoted" \'single\''],
    ['caf&eacute; &mdash; &hellip; &nbsp;', 'café — … \u00a0'],
    ['&#233;&#xE9;&#X1F600;', 'éé😀'],
    ['AT&T &copy2024 & friends', 'AT&T &copy2024 & friends'],
    ['&unknown; stays', '&unknown; stays'],
  ])('%j', (input, expected) => {
    expect(decodeEntities(input)).toBe(expected);
  });
});

describe('escaping', () => {
  const text = `Fish & "chips" <b>'now'</b>\u00a0!`;

  it('escapes for an HTML text node', () => {
    expect(escapeHtmlText(text)).toBe(`Fish &amp; "chips" &lt;b&gt;'now'&lt;/b&gt;&nbsp;!`);
  });

  it('escapes for an HTML attribute value', () => {
    expect(escapeHtmlAttribute(text)).toBe(`Fish &amp; &quot;chips&quot; <b>'now'</b>&nbsp;!`);
  });

  it('escapes for XML text and attributes', () => {
    expect(escapeXml(text)).toBe(`Fish &amp; &quot;chips&quot; &lt;b&gt;&apos;now&apos;&lt;/b&gt;\u00a0!`);
  });

  it.each([escapeHtmlText, escapeHtmlAttribute, escapeXml])(
    'round-trips through decodeEntities (%#)',
    (escapeFor) => {
      expect(decodeEntities(escapeFor(text))).toBe(text);
    },
  );
});
