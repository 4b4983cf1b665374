// Owns the conversion of extracted article HTML to plain text: block elements become paragraphs
// separated by blank lines, <br> a line break, runs of whitespace one space.
import { type DomNode, HEADING_TAGS, isElement, TEXT_NODE } from './dom';

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  ...HEADING_TAGS,
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TFOOT',
  'THEAD',
  'TR',
  'UL',
]);
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'MATH', 'BUTTON', 'SELECT']);

/** Iterative walk: extracted trees are small, but a hostile page must not overflow the stack. */
export function htmlToText(root: DomNode): string {
  const paragraphs: string[] = [];
  let line = '';
  const endParagraph = (): void => {
    const text = line
      .replace(/[ \t\f\v\u00a0\u200b\ufeff]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .trim();
    if (text !== '') paragraphs.push(text);
    line = '';
  };
  const stack: Array<DomNode | 'end-block'> = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'end-block') {
      endParagraph();
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      line += (node.textContent ?? '').replace(/\s+/g, ' ');
      continue;
    }
    if (!isElement(node) || SKIPPED_TAGS.has(node.tagName)) continue;
    if (node.tagName === 'BR') {
      line += '\n';
      continue;
    }
    const block = BLOCK_TAGS.has(node.tagName);
    if (block) {
      endParagraph();
      stack.push('end-block');
    } else if (node.tagName === 'TD' || node.tagName === 'TH') {
      line += ' ';
    }
    const children = node.childNodes;
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  endParagraph();
  return paragraphs.join('\n\n');
}

/** Words as the benchmark and most readers count them: runs of letters, digits and underscores. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;
}
