import { useState, type ChangeEvent } from 'react';
import type { ConfigIssueBody as ConfigIssue, ImportPreview, RecordedVersion } from '../../../src/contract/index.ts';
import type { AdminClient } from '../api/admin-client.ts';
import { problemOf } from './problem-of.ts';
import { FORMAT_LABELS, IMPORT_FORMATS, ImportPreviewPanel, type ImportFormatChoice } from './import-preview.tsx';

/** A foreign file waiting for its preview to be applied. */
interface Pending {
  readonly name: string;
  readonly text: string;
  readonly query: string;
  readonly preview: ImportPreview;
}

/** Saves a response body under the file name the server gave (Content-Disposition). */
async function download(response: Response, fallbackName: string): Promise<string> {
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
  return name;
}

/** Export the served config (`GET /api/export`) and import a config file (`POST /api/import`) as a new version. */
export function ConfigTransfer({ client, onImported }: { client: AdminClient; onImported: () => void }) {
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [issues, setIssues] = useState<readonly ConfigIssue[]>([]);
  const [failure, setFailure] = useState<string | undefined>();
  const [format, setFormat] = useState<ImportFormatChoice>('mimicus');
  const [validate, setValidate] = useState(false);
  const [variants, setVariants] = useState(false);
  const [pending, setPending] = useState<Pending | undefined>();
  const [busy, setBusy] = useState(false);

  const fail = async (name: string, response: Response) => {
    const problem = await problemOf(response);
    setFailure(`${name} was not imported: ${problem.detail ?? problem.title}`);
    const errors = (problem as { errors?: { source: string; message: string; line?: number; column?: number }[] }).errors ?? [];
    setIssues([
      ...(problem.issues ?? []),
      ...errors.map((e) => ({ path: `${e.source}${e.line !== undefined ? `:${e.line}:${e.column ?? 1}` : ''}`, message: e.message })),
    ]);
  };

  /** Foreign formats: a dry run first; the preview's Apply sends the same file again for real. */
  const previewForeign = async (name: string, text: string) => {
    const query = `format=${format}&name=${encodeURIComponent(name)}${validate ? '&validate=true' : ''}${variants ? '&variants=true' : ''}`;
    const response = await client.fetch(`/api/import?${query}&dryRun=true`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: text });
    if (!response.ok) return fail(name, response);
    setPending({ name, text, query, preview: (await response.json()) as ImportPreview });
  };

  const applyPending = async () => {
    if (!pending) return;
    setBusy(true);
    const headers: Record<string, string> = { 'content-type': 'application/yaml' };
    if (message.trim() !== '') headers['x-change-message'] = message.trim();
    const response = await client.fetch(`/api/import?${pending.query}`, { method: 'POST', headers, body: pending.text });
    setBusy(false);
    if (!response.ok) return fail(pending.name, response);
    const applied = (await response.json()) as ImportPreview;
    setNotice(`Imported ${applied.endpoints.length} endpoints from ${pending.name}${applied.version ? ` as version ${applied.version.id}` : ''}`);
    setPending(undefined);
    setMessage('');
    onImported();
  };

  const exportAs = async (format: 'yaml' | 'json') => {
    setFailure(undefined);
    const response = await client.fetch(`/api/export?format=${format}`);
    if (!response.ok) return setFailure((await problemOf(response)).title);
    setNotice(`Downloaded ${await download(response, `mimicus-config.${format}`)}`);
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setNotice(undefined);
    setFailure(undefined);
    setIssues([]);
    setPending(undefined);
    if (format !== 'mimicus') {
      const text = await file.text();
      input.value = '';
      return previewForeign(file.name, text);
    }
    const isJson = file.name.endsWith('.json') || file.type === 'application/json';
    const headers: Record<string, string> = { 'content-type': isJson ? 'application/json' : 'application/yaml' };
    if (message.trim() !== '') headers['x-change-message'] = message.trim();
    const response = await client.fetch('/api/import', { method: 'POST', headers, body: await file.text() });
    input.value = '';
    if (response.ok) {
      const { version, unchanged, restartNeeded } = (await response.json()) as RecordedVersion;
      const restart = restartNeeded ? `; restart needed for ${restartNeeded.join(', ')}` : '';
      setNotice(
        unchanged ? `${file.name} equals the config served: nothing changed` : `Imported ${file.name}${version ? ` as version ${version.id}` : ''}${restart}`,
      );
      setMessage('');
      onImported();
      return;
    }
    const problem = await problemOf(response);
    setFailure(`${file.name} was not imported: ${problem.detail ?? problem.title}`);
    setIssues(problem.issues ?? []);
  };

  return (
    <div className="panel">
      <h2>Import and export</h2>
      <div className="transfer">
        <div className="actions">
          <button type="button" onClick={() => void exportAs('yaml')}>
            Export YAML
          </button>
          <button type="button" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
        <label>
          Import message (optional)
          <input value={message} onChange={(e) => setMessage(e.target.value)} placeholder="import" />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormatChoice)}>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        {format !== 'mimicus' && (
          <>
            <label className="check">
              <input type="checkbox" checked={validate} onChange={(e) => setValidate(e.target.checked)} /> Validate requests (OpenAPI)
            </label>
            <label className="check">
              <input type="checkbox" checked={variants} onChange={(e) => setVariants(e.target.checked)} /> Statuses as variants (OpenAPI)
            </label>
          </>
        )}
        <label>
          {format === 'mimicus' ? 'Import a config file (YAML or JSON)' : 'Preview a file to import'}
          <input type="file" accept=".yaml,.yml,.json,.har,application/json,application/yaml" onChange={(e) => void importFile(e)} />
        </label>
      </div>
      {pending && (
        <ImportPreviewPanel
          name={pending.name}
          preview={pending.preview}
          busy={busy}
          onApply={() => void applyPending()}
          onCancel={() => setPending(undefined)}
        />
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <div role="alert">
          <p className="issue">{failure}</p>
          {issues.length > 0 && (
            <ul className="issues import-issues">
              {issues.map((issue, i) => (
                <li key={i}>
                  <code>{issue.path || '(root)'}</code>: {issue.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
