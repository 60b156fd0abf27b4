import { useState, type ReactNode } from 'react';
import { fromInput, toInput } from './draft.ts';
import { PairsEditor } from './pairs-editor.tsx';

type Response = Record<string, unknown>;

/**
 * One response: status, headers, a text or JSON body, the templated flag. `label` prefixes the field
 * names (a variant's fields), `issueFor` shows the server's issues under each field.
 */
export function ResponseEditor({
  label,
  response,
  onChange,
  issueFor,
  issuePrefix,
}: {
  label: string;
  response: Response;
  onChange: (response: Response) => void;
  issueFor: (path: string) => ReactNode;
  issuePrefix: string;
}) {
  const kind = response.json !== undefined ? 'json' : 'text';
  const [jsonText, setJsonText] = useState(() => (response.json === undefined ? '' : JSON.stringify(response.json, null, 2)));
  const [jsonError, setJsonError] = useState<string | undefined>();
  const set = (key: string, value: unknown) => {
    const next = { ...response, [key]: value };
    if (value === undefined) delete next[key];
    onChange(next);
  };
  const switchKind = (to: string) => {
    const next = { ...response };
    if (to === 'json') {
      delete next.body;
      next.json = {};
      setJsonText('{}');
    } else {
      delete next.json;
      next.body = '';
    }
    setJsonError(undefined);
    onChange(next);
  };
  const editJson = (text: string) => {
    setJsonText(text);
    try {
      set('json', JSON.parse(text));
      setJsonError(undefined);
    } catch (error) {
      setJsonError(`not valid JSON (${(error as Error).message})`);
    }
  };
  const id = (field: string) => `${label}-${field}`.replace(/\s+/g, '-').toLowerCase();
  return (
    <div className="response-editor">
      <div className="field-row">
        <div className="field">
          <label htmlFor={id('status')}>{label} status</label>
          <input
            id={id('status')}
            inputMode="numeric"
            value={toInput(response.status)}
            placeholder="200"
            onChange={(e) => set('status', fromInput(e.target.value))}
          />
          {issueFor(`${issuePrefix}.status`)}
        </div>
        <div className="field">
          <label htmlFor={id('kind')}>{label} body kind</label>
          <select id={id('kind')} value={kind} onChange={(e) => switchKind(e.target.value)}>
            <option value="text">text</option>
            <option value="json">json</option>
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={response.template === true} onChange={(e) => set('template', e.target.checked ? true : undefined)} />
          {label} templated
        </label>
      </div>
      <PairsEditor label={`${label} headers`} value={response.headers as Record<string, unknown> | undefined} onChange={(headers) => set('headers', headers)} />
      {issueFor(`${issuePrefix}.headers`)}
      <div className="field">
        <label htmlFor={id('body')}>{label} body</label>
        {kind === 'json' ? (
          <textarea id={id('body')} rows={5} value={jsonText} onChange={(e) => editJson(e.target.value)} spellCheck={false} />
        ) : (
          <textarea id={id('body')} rows={5} value={toInput(response.body)} onChange={(e) => set('body', e.target.value)} spellCheck={false} />
        )}
        {jsonError && <p className="issue">{jsonError}</p>}
        {issueFor(`${issuePrefix}.body`)}
        {issueFor(`${issuePrefix}.json`)}
      </div>
    </div>
  );
}
