// Owns the phrases publishers wrap around a story, which extraction and deduplication both strip: wire
// credit lines and the prompts that send the reader elsewhere. Where a phrase is looked for (a page block,
// a sentence, a trailing line) and how long the text around it may be is each caller's own rule.

/** Wire-service credit lines: "Reporting by ...; Editing by ...", "(Additional reporting by ...)". */
export const CREDIT_LINE =
  /^\(?\s*(?:(?:additional |further )?reporting|writing|written|editing|edited|compiled|research(?:ed)?|graphics?)(?: and \w+)? by\b/i;

/**
 * Text that starts by sending the reader elsewhere: "Read more: ...", "See also", "Related stories",
 * "More from ...", "Sign up", "Share this article", and the same in a few other languages.
 */
export const READER_PROMPT =
  /^(?:read (?:more|also|next)|related(?: articles?| stories| coverage| content)?|see also|also read|more (?:on|from|about|stories|articles|coverage|content)|recommended|sign up|subscribe|click here|share this (?:article|story|page|post)|leggi anche|lesen sie auch|lire aussi|leia também|leia mais|читайте также)(?![\p{L}\p{N}])\s*[:\-–—]?/iu;

/** Prompts unmistakable anywhere in a short sentence: "..., click here", "... and share this article". */
export const EMBEDDED_READER_PROMPT =
  /\bclick here\b|\bread more (?:stories|news|articles|like this|about|at|on)\b|\bshare this (?:article|story|page|post)\b|\bsign up (?:to|for)\b.{0,80}\b(?:newsletters?|alerts|updates|inbox|briefing)\b/i;

/**
 * Calls to follow, subscribe or register, wherever they stand in a short block: "Follow us on Twitter",
 * "Follow @Desk on Twitter to ...", "Like us on Facebook", "Subscribe to our newsletter", "Get the
 * briefing in your inbox", "Download our app", "Already a subscriber? Log in".
 */
export const SUBSCRIPTION_PROMPT =
  /\bfollow (?:us|@\w+|\w+ on (?:twitter|facebook|instagram|linkedin|x)\b)|\blike us on facebook\b|\b(?:subscribe|sign up) (?:now|today|here)\b|\b(?:subscribe|sign up) (?:to|for) (?:our|the|my)\b[^.]{0,40}\b(?:newsletters?|alerts|updates|briefings?|emails?|podcast|channel|magazine)\b|\b(?:newsletters?|alerts|briefing|updates) (?:delivered )?(?:(?:straight|right|directly) )?(?:to|in) your inbox\b|\bdownload (?:our|the \w+) app\b|\balready a (?:subscriber|member)\b|\bsupport (?:our|independent|quality) journalism\b|\bbecome a (?:subscriber|member|supporter)\b/i;

/**
 * What a byline or time stamp starts with: "By Jane Roe", "Published 3 June 2024", "Updated 10:42 GMT". Meta only
 * when the text around it is short and ends no sentence ("By noon the fire had spread." is prose).
 */
export const LEADING_META = /^(?:by|posted|published|updated|publicado|pubblicato|von|par|por)\b/i;
