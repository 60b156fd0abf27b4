import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../sqlite/index.js';
import type { RingDump } from './event-ring.js';

/** Where the SLO windows are kept across restarts (`<dataDir>/slo.sqlite`). */
export interface SloStore {
  /** Every saved objective's ring, by objective key. */
  load(): Map<string, RingDump>;
  /** Replaces the saved rings of these objectives, in one transaction. */
  save(rings: ReadonlyMap<string, RingDump>): void;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS slo_slots (
  objective TEXT NOT NULL,
  scale TEXT NOT NULL CHECK (scale IN ('minute', 'hour')),
  stamp INTEGER NOT NULL,
  requests REAL NOT NULL,
  bad REAL NOT NULL,
  PRIMARY KEY (objective, scale, stamp)
) WITHOUT ROWID;`;

interface SlotRow {
  objective: string;
  scale: 'minute' | 'hour';
  stamp: number;
  requests: number;
  bad: number;
}

/**
 * Opens (creating) `file`. Its own file rather than the journal's or the state's: the journal can be
 * off or elsewhere, and the state store can be Redis; the SLO windows follow only `dataDir`.
 * better-sqlite3 is loaded here, not at import: a Mimicus without SLOs never opens it.
 */
export async function openSloStore(file: string): Promise<SloStore> {
  const db: Database.Database = await openSqliteFile(file, { schema: SCHEMA });
  const select = db.prepare<[], SlotRow>('SELECT objective, scale, stamp, requests, bad FROM slo_slots');
  const remove = db.prepare<[string]>('DELETE FROM slo_slots WHERE objective = ?');
  const insert = db.prepare<[string, string, number, number, number]>('INSERT INTO slo_slots (objective, scale, stamp, requests, bad) VALUES (?, ?, ?, ?, ?)');
  const saveAll = db.transaction((rings: ReadonlyMap<string, RingDump>) => {
    for (const [objective, ring] of rings) {
      remove.run(objective);
      for (const [stamp, requests, bad] of ring.minutes) insert.run(objective, 'minute', stamp!, requests!, bad!);
      for (const [stamp, requests, bad] of ring.hours) insert.run(objective, 'hour', stamp!, requests!, bad!);
    }
  });
  return {
    load() {
      const rings = new Map<string, { minutes: number[][]; hours: number[][] }>();
      for (const row of select.iterate()) {
        let ring = rings.get(row.objective);
        if (ring === undefined) {
          ring = { minutes: [], hours: [] };
          rings.set(row.objective, ring);
        }
        (row.scale === 'minute' ? ring.minutes : ring.hours).push([row.stamp, row.requests, row.bad]);
      }
      return rings;
    },
    save: (rings) => saveAll(rings),
    close: () => db.close(),
  };
}
