// Owns keeping secrets out of output: the password of a URL (`redis://:secret@host`) and query
// parameters that carry a token, secret, password, key or signature are replaced by `***` in any
// text, wherever the URL sits (a log line, an error message, a config error, a status screen).

/** scheme://user:password@ — the password part (percent-encoded in a valid URL, so no '@' or '/'). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@"'<>:]*):([^\s/?#@"'<>]+)@/gi;
/** ?token=…, &api_key=…, &password=…, &X-Amz-Signature=… */
const SECRET_PARAMETER =
  /([?&;][a-z0-9_.-]*(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|signature|credential)[a-z0-9_.-]*=)[^&#\s"'<>\\]+/gi;

export const REDACTED = '***';

/** The text with URL passwords and secret query parameters replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${REDACTED}@`).replace(SECRET_PARAMETER, `$1${REDACTED}`);
}
