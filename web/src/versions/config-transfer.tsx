import { useState, type ChangeEvent } from 'react';
import type { ConfigIssueBody as ConfigIssue, RecordedVersion } from '../../../src/contract/index.ts';
import type { AdminClient } from '../api/admin-client.ts';
import { problemOf } from './problem-of.ts';

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
    const isJson = file.name.endsWith('.json') || file.type === 'application/json';
    const headers: Record<string, string> = { 'content-type': isJson ? 'application/json' : 'application/yaml' };
    if (message.trim() !== '') headers['x-change-message'] = message.trim();
    const response = await client.fetch('/api/import', { method: 'POST', headers, body: await file.text() });
    input.value = '';
    if (response.ok) {
      const { version, unchanged, restartNeeded } = (await response.json()) as RecordedVersion;
      const restart = restartNeeded ? `; restart needed for ${restartNeeded.join(', ')}` : '';
      setNotice(unchanged ? `${file.name} equals the config served: nothing changed` : `Imported ${file.name}${version ? ` as version ${version.id}` : ''}${restart}`);
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
          Import a config file (YAML or JSON)
          <input type="file" accept=".yaml,.yml,.json,application/json,application/yaml" onChange={(e) => void importFile(e)} />
        </label>
      </div>
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
