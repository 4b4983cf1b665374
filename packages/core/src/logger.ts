// Owns logging: pino JSON to stdout, snake_case keys, one child per component.
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(options: {
  name: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  const { name, level = 'info', destination } = options;
  return pino(
    {
      name,
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: the last lines before process.exit (shutdown, fatal errors) are never lost.
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** A logger that discards everything, for tests and batch commands whose stdout carries data. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
