export { openJournal } from './open-journal.js';
export { journalOptions } from './journal-options.js';
export type {
  AppliedSummary,
  Journal,
  JournalExchange,
  JournalFilter,
  JournalRecorder,
  OpenJournal,
} from './journal.js';
