import type { Logger } from '../ports/logger.js';

/** What observability code logs through: the Logger port (pino's shape). */
export type ObserveLogger = Logger;
