export { openJournal } from './open-journal.js';
export { isCountingJournal, withExactCounts } from './exact-counts.js';
export { journalOptions } from './journal-options.js';
export { openSqliteJournalStore } from './sqlite-journal-store.js';
export type { JournalStore } from './journal-store.js';
export type { AppliedSummary, Journal, JournalExchange, JournalFilter, JournalRecorder, OpenJournal } from './journal.js';
export { listAcross } from './list-across.js';
export type { SourceAnswer } from './list-across.js';
