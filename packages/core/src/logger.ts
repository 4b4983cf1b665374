// Owns logging: pino JSON to stdout, snake_case keys, one child per component, and no secrets:
// credential fields (authorization headers, cookies, password/token/secret keys) are censored by
// path, and every line is scrubbed of URL passwords and secret query parameters before it is written.
import { type DestinationStream, type Logger, pino } from 'pino';
import { REDACTED, redactSecrets } from './redact';

export type { Logger };

/** Fields that hold a credential whatever their value looks like. */
const SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.api_key',
];

/** Writes each line with URL passwords and secret query parameters replaced (see redactSecrets). */
function redactingDestination(destination: DestinationStream): DestinationStream {
  return { write: (line: string) => destination.write(redactSecrets(line)) };
}

export function createLogger(options: {
  name: string;
  level?: string;
  destination?: DestinationStream;
}): Logger {
  const { name, level = 'info', destination } = options;
  return pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: SECRET_PATHS, censor: REDACTED },
    },
    // Synchronous writes: the last lines before process.exit (shutdown, fatal errors) are never lost.
    redactingDestination(destination ?? pino.destination({ fd: 1, sync: true })),
  );
}

/** A logger that discards everything, for tests and batch commands whose stdout carries data. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
