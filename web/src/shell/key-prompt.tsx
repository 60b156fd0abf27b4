import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { KeyRequestReason } from '../api/key-requests.ts';

/** The form shown when the admin API answers 401: the key goes to sessionStorage and the calls retry. */
export function KeyPrompt({ reason, onKey }: { reason: KeyRequestReason; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() !== '') onKey(key.trim());
  };
  return (
    <div className="overlay">
      <form className="key-prompt" role="dialog" aria-modal="true" aria-labelledby="key-prompt-title" onSubmit={submit} onKeyDown={trapFocus}>
        <h2 id="key-prompt-title">API key needed</h2>
        <p>{reason === 'rejected' ? 'The server refused that key. ' : ''}This Mimicus requires an admin API key. It is kept for this tab only.</p>
        <label>
          API key
          <input type="password" name="apiKey" autoComplete="off" autoFocus value={key} onChange={(event) => setKey(event.target.value)} />
        </label>
        <button type="submit" className="primary">
          Use key
        </button>
      </form>
    </div>
  );
}

/**
 * Tab and Shift+Tab cycle within the dialog: the page behind it cannot be used without a key, and
 * focus wandering there (aria-modal says it is inert) left keyboard users stranded.
 */
function trapFocus(event: KeyboardEvent<HTMLFormElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')].filter(
    (element) => !element.hasAttribute('disabled'),
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
