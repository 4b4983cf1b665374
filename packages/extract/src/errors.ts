// Owns the extraction error: permanent, because the same page will fail the same way again.
import { PermanentError } from '@newsq/core';

export class ExtractError extends PermanentError {
  /** Codes: extract_empty (no text at all), extract_timeout (over the time budget), extract_failed. */
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message.startsWith('extract: ') ? message : `extract: ${message}`, options);
    this.name = 'ExtractError';
  }
}
