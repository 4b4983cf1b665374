// Owns the removal of syndication wrappers before fingerprinting: datelines, bylines and
// credits in front, copyright notices, newsletter/social prompts, reporting credits, time
// stamps and link lists behind. Two different short stories in one outlet's long wrapper
// must not resemble each other, and a wrapped copy must resemble its bare original. The
// phrases extraction strips too (credits, reader prompts, bylines) come from @newsq/web-text.
import { CREDIT_LINE, EMBEDDED_READER_PROMPT, LEADING_META, READER_PROMPT } from '@newsq/web-text';
import { splitSentences } from './text';

/** Sentences that belong to the outlet, never to the story. */
const BOILERPLATE_SENTENCE: readonly RegExp[] = [
  CREDIT_LINE,
  READER_PROMPT,
  EMBEDDED_READER_PROMPT,
  /\ball rights reserved\b/i,
  /^(?:copyright|©|\(c\))\s/i,
  /\bmay not be (?:re)?published\b|\bredistributed without (?:prior )?(?:written )?permission\b/i,
  /\bnot responsible for the content of external\b/i,
  /\b(?:our|daily|weekly|free) newsletters?\b/i,
  /\bfollow us (?:on|at)\b/i,
  /^follow\b.{0,60}\b(?:for|on)\b.{0,40}\b(?:updates|news|alerts|coverage)\b/i,
  /\bthis (?:story|article|report) (?:was|is|has been) (?:distributed|provided|supplied|syndicated)\b/i,
  /\bdownload (?:our|the) (?:free )?app\b/i,
  /\b(?:terms of (?:use|service)|privacy policy|cookie policy)\b/i,
];

/** Sentences longer than this are prose that merely mentions one of the phrases above. */
const MAX_BOILERPLATE_WORDS = 40;

/** "NEW DELHI (Outlet) - ", "BRUSSELS, Nov 28 (Outlet) - ", "WASHINGTON — ", "(Outlet) " in front of a story. */
const DATELINE =
  /^\s*(?:[A-Z][A-Z.'\- ]{1,30}[A-Z.](?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()\n]{2,48}\))?\s*(?:--|[-–—:])\s+|\([^()\n]{2,48}\)\s*(?:--|[-–—:])?\s+)/;

/** A trailing navigation item such as "- More world news". */
const LINK_ITEM = /^\s*[-–—•»|>]\s*\S(?:\S*\s+){0,6}\S*\s*$/;
/** Words in a heading over such items ("Related stories", "More on this story:", "See also"). */
const MAX_LINK_HEADING_WORDS = 4;

/** Longest byline or time stamp line ("By Example Wire staff", "Published 14:05 GMT, 3 June 2024"). */
const MAX_META_CHARS = 120;
const SENTENCE_END = /[.!?…]["'”’)]*$/;

/** A byline or time stamp on a line of its own, above or below the story. */
function isMetaLine(line: string): boolean {
  const text = line.trim();
  return text.length <= MAX_META_CHARS && LEADING_META.test(text) && !SENTENCE_END.test(text);
}

function isLinkLine(line: string): boolean {
  const text = line.trim();
  return (
    LINK_ITEM.test(text) || (READER_PROMPT.test(text) && text.split(/\s+/).length <= MAX_LINK_HEADING_WORDS)
  );
}

function isBoilerplateSentence(sentence: string): boolean {
  const words = sentence.trim().split(/\s+/).length;
  return (
    words <= MAX_BOILERPLATE_WORDS && BOILERPLATE_SENTENCE.some((pattern) => pattern.test(sentence.trim()))
  );
}

/** The story without its wrapper; the original text when nothing but wrapper would remain. */
export function stripBoilerplate(text: string): string {
  const lines = text.split(/\r?\n/);
  let end = lines.length;
  while (end > 0) {
    const line = lines[end - 1] ?? '';
    if (line.trim() !== '' && !isLinkLine(line) && !isMetaLine(line)) break;
    end--;
  }
  let start = 0;
  while (start < end && ((lines[start] ?? '').trim() === '' || isMetaLine(lines[start] ?? ''))) start++;
  const kept: string[] = [];
  let first = true;
  for (const line of lines.slice(start, end)) {
    let body = line;
    if (first && body.trim() !== '') {
      // A re-syndicated copy can carry two datelines: the reseller's in front of the wire's.
      body = body.replace(DATELINE, '').replace(DATELINE, '');
      first = false;
    }
    const story = splitSentences(body).filter((sentence) => !isBoilerplateSentence(sentence));
    if (story.length > 0) kept.push(story.join(' '));
  }
  const stripped = kept.join('\n').trim();
  return stripped === '' ? text : stripped;
}
