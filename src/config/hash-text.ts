import { createHash } from 'node:crypto';

/** The identity of a config file's content: what Mimicus read or wrote, to tell an outside edit from its own. */
export const hashText = (text: string): string => createHash('sha256').update(text).digest('hex');
