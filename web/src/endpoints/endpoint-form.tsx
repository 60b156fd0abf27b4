import { useState, type FormEvent, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import type { Endpoint as EndpointDefinition } from '../../../src/config/schema.ts';
import { issuesByField, type FieldIssues, type FormField } from './issues-by-field.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', '*'];

/**
 * The minimal create form (id, method, path, status, body). Started from `template` (Duplicate), the
 * endpoint's other blocks (latency, faults, …) are kept and only these fields are replaced.
 */
export function EndpointForm({
  client,
  template,
  onCreated,
  onCancel,
}: {
  client: AdminClient;
  template?: EndpointDefinition | undefined;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const [id, setId] = useState(template ? `${template.id}-copy` : '');
  const [method, setMethod] = useState<string>(typeof template?.method === 'string' ? template.method : 'GET');
  const [path, setPath] = useState(template?.path ?? '/');
  const [status, setStatus] = useState(String(template?.response?.status ?? 200));
  const [body, setBody] = useState(template?.response?.body ?? '');
  const [issues, setIssues] = useState<FieldIssues>({ byField: {}, general: [] });
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const statusNumber = Number(status);
    const definition = {
      ...template,
      id,
      method,
      path,
      response: {
        ...template?.response,
        // A non-number goes as typed, so the server's issue names it instead of the form guessing.
        status: status.trim() === '' || Number.isNaN(statusNumber) ? status : statusNumber,
        body,
      },
    };
    const result = await client.send<EndpointDefinition>('POST', '/api/endpoints', definition);
    setSaving(false);
    if (result.ok) return onCreated(id);
    const problemIssues = result.problem.issues ?? [];
    setIssues(problemIssues.length > 0 ? issuesByField(problemIssues) : { byField: {}, general: [result.problem.detail ?? result.problem.title] });
  };

  const field = (name: FormField, label: string, input: ReactNode) => {
    const errors = issues.byField[name];
    return (
      <div className={errors ? 'field invalid' : 'field'}>
        <label htmlFor={`endpoint-${name}`}>{label}</label>
        {input}
        {errors?.map((message) => (
          <p key={message} className="issue" id={`endpoint-${name}-issue`} role="alert">
            {message}
          </p>
        ))}
      </div>
    );
  };
  const described = (name: FormField) => (issues.byField[name] ? { 'aria-invalid': true, 'aria-describedby': `endpoint-${name}-issue` } : {});

  return (
    <form className="endpoint-form panel" onSubmit={submit} aria-label={template ? `Duplicate ${template.id}` : 'New endpoint'}>
      <h2>{template ? `Duplicate ${template.id}` : 'New endpoint'}</h2>
      {issues.general.length > 0 && (
        <ul className="issues" role="alert">
          {issues.general.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <div className="form-grid">
        {field('id', 'Id', <input id="endpoint-id" name="id" required value={id} onChange={(e) => setId(e.target.value)} {...described('id')} />)}
        {field(
          'method',
          'Method',
          <select id="endpoint-method" name="method" value={method} onChange={(e) => setMethod(e.target.value)} {...described('method')}>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>,
        )}
        {field('path', 'Path', <input id="endpoint-path" name="path" value={path} onChange={(e) => setPath(e.target.value)} {...described('path')} />)}
        {field(
          'status',
          'Status',
          <input id="endpoint-status" name="status" inputMode="numeric" value={status} onChange={(e) => setStatus(e.target.value)} {...described('status')} />,
        )}
      </div>
      {field(
        'body',
        'Body',
        <textarea id="endpoint-body" name="body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} {...described('body')} />,
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Create endpoint
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
