import type { Draft } from './draft.ts';

/** Session storage key of a draft handed to `#/endpoints/new` by another page (the inspector's "create endpoint"). */
const KEY = 'mimicus.editor.draft';

/** Hands a draft to the next `#/endpoints/new`: the editor takes it once, then it is gone. */
export function storeEditorDraft(draft: Draft): void {
  sessionStorage.setItem(KEY, JSON.stringify(draft));
}

/** The draft handed over, if any, removed as it is read; anything that is not an object is ignored. */
export function takeEditorDraft(): Draft | undefined {
  const text = sessionStorage.getItem(KEY);
  if (text === null) return undefined;
  sessionStorage.removeItem(KEY);
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Draft) : undefined;
  } catch {
    return undefined;
  }
}
