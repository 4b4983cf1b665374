import { describe, expect, it } from 'vitest';
import { extractArticle } from './extract-article';
import { sanitizeHtml } from './sanitize-html';

const BASE = 'https://news.example/story';

describe('sanitizeHtml', () => {
  it.each([
    ['script element', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['event handler', '<img src="/x.png" onerror="alert(1)">', '<img src="https://news.example/x.png" />'],
    ['javascript: href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['entity-encoded javascript: href', '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['iframe', '<p>a</p><iframe src="https://evil.example"></iframe>', '<p>a</p>'],
    ['style and unknown attributes', '<p style="color:red" class="x" data-id="1">a</p>', '<p>a</p>'],
    ['svg with script', '<svg><script>alert(1)</script></svg><p>a</p>', '<p>a</p>'],
    ['form controls', '<form action="/x"><input name="q"><button>Go</button></form>', 'Go'],
    ['relative link made absolute', '<a href="../other">x</a>', '<a href="https://news.example/other">x</a>'],
    ['data: link dropped', '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeHtml(input, BASE)).toBe(expected);
  });
});

describe('extractArticle HTML output', () => {
  it('contains no script, event handler, javascript: URL or iframe from hostile markup', () => {
    const sentence = 'This sentence is part of a long enough article body to be extracted by the reader. ';
    const hostile = `<!doctype html><html><head><title>Hostile</title></head><body><article>
      <p onclick="steal()">${sentence.repeat(4)}<a href="javascript:steal()">link</a></p>
      <script>steal()</script><iframe src="https://evil.example/frame"></iframe>
      <p>${sentence.repeat(4)}<img src="/a.png" onerror="steal()" onload="steal()"></p>
      <p><a href=" JaVaScRiPt:steal()">click</a> ${sentence.repeat(3)}</p>
      <object data="x.swf"></object><embed src="x.swf"><p>${sentence.repeat(3)}</p>
    </article></body></html>`;
    const { html } = extractArticle(hostile, BASE);
    expect(html).toContain('This sentence is part');
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|\son[a-z]+\s*=|javascript:/i);
  });
});
