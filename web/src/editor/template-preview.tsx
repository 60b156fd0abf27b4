import { useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Draft } from './draft.ts';
import type { PreviewResponse as Rendered } from '../../../src/contract/index.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** `name: value` lines, as headers are written in a request. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A path that the endpoint's template matches: each `{param}` filled with 1, each `*`/`**` with x. */
const samplePath = (path: unknown) => (typeof path === 'string' ? path.replace(/\{[^}]*\}/g, '1').replace(/\*\*?/g, 'x') : '/');
const firstMethod = (method: unknown) =>
  typeof method === 'string' && method !== '*' ? method : Array.isArray(method) && typeof method[0] === 'string' ? method[0] : 'GET';

/** Renders the unsaved endpoint against a sample request with `POST /api/preview`: status, headers and body. */
export function TemplatePreview({ client, draft }: { client: AdminClient; draft: Draft }) {
  // Method and path follow the endpoint's until the user types their own.
  const [ownMethod, setMethod] = useState<string | undefined>();
  const [ownPath, setPath] = useState<string | undefined>();
  const method = ownMethod ?? firstMethod(draft.method);
  const path = ownPath ?? samplePath(draft.path);
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const [rendered, setRendered] = useState<Rendered | undefined>();
  const [error, setError] = useState<string | undefined>();

  const render = async () => {
    const [pathOnly, search = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(search));
    const request = { method, path: pathOnly, headers: parseHeaders(headers), ...(search ? { query } : {}), ...(body === '' ? {} : { body }) };
    const result = await client.send<Rendered>('POST', '/api/preview', { definition: draft, request });
    if (result.ok) {
      setRendered(result.value);
      setError(undefined);
    } else {
      setRendered(undefined);
      setError(result.problem.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ') || result.problem.detail || result.problem.title);
    }
  };

  return (
    <fieldset className="editor-block template-preview" aria-label="Template preview">
      <legend>Template preview</legend>
      <div className="field-row">
        <label>
          Sample method
          <select value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="grow">
          Sample path
          <input value={path} onChange={(e) => setPath(e.target.value)} />
        </label>
      </div>
      <div className="field-row">
        <label className="grow">
          Sample headers
          <textarea rows={3} value={headers} placeholder="x-user: alice" onChange={(e) => setHeaders(e.target.value)} spellCheck={false} />
        </label>
        <label className="grow">
          Sample body
          <textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
        </label>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void render()}>
          Render preview
        </button>
      </div>
      {error && (
        <p className="issue" role="alert">
          {error}
        </p>
      )}
      {rendered && (
        <output className="rendered" aria-label="Rendered response">
          <p>
            Status <strong data-rendered="status">{rendered.status}</strong>
          </p>
          <pre data-rendered="headers">
            {Object.entries(rendered.headers)
              .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((one) => `${name}: ${one}`))
              .join('\n')}
          </pre>
          <pre data-rendered="body">{rendered.bodyEncoding === 'base64' ? `(binary, base64) ${rendered.body}` : rendered.body}</pre>
        </output>
      )}
    </fieldset>
  );
}
