export { openJournal } from './open-journal.js';
export { isCountingJournal, withExactCounts } from './exact-counts.js';
export type { CountingJournal, Verification } from './exact-counts.js';
export type { JournalOptions } from './open-journal.js';
export { journalOptions } from './journal-options.js';
export type {
  AppliedSummary,
  Journal,
  JournalBody,
  JournalEntry,
  JournalExchange,
  JournalFilter,
  JournalIdentity,
  JournalPage,
  JournalPageOptions,
  JournalRecorder,
  JournalSummary,
  OpenJournal,
} from './journal.js';
