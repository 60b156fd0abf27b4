import { describeJournalStore } from './journal-store.contract.js';
import { createMemoryJournalStore } from './memory-journal-store.js';

describeJournalStore('memory', async (retention) => createMemoryJournalStore(retention));
