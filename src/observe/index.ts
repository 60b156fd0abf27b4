export { createLogger } from './logger.js';
export type { Logger, LogLevel, LoggerOptions } from './logger.js';
export { openJournal, journalOptions } from './journal/index.js';
export type {
  AppliedSummary,
  Journal,
  JournalBody,
  JournalEntry,
  JournalExchange,
  JournalFilter,
  JournalIdentity,
  JournalOptions,
  JournalPage,
  JournalPageOptions,
  JournalRecorder,
  JournalSummary,
  OpenJournal,
} from './journal/index.js';
