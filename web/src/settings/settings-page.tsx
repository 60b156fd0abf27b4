import { useEffect, useState, type FormEvent } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { clearApiKey, readApiKey, saveApiKey } from '../api/api-key.ts';
import type { ServerStatus } from '../../../src/contract/index.ts';

const formatUptime = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h > 0 ? `${h} h ` : ''}${m} min ${seconds % 60} s`;
};

/** Server status from `GET /api/status`, and the API key this tab uses. */
export function SettingsPage({ client, onKeyChange }: { client: AdminClient; onKeyChange: () => void }) {
  const [status, setStatus] = useState<ServerStatus | undefined>();
  const [key, setKey] = useState('');
  const hasKey = readApiKey() !== undefined;
  useEffect(() => {
    void client.get<ServerStatus>('/api/status').then((result) => result.ok && setStatus(result.value));
  }, [client]);

  const useKey = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() === '') return;
    saveApiKey(key.trim());
    onKeyChange();
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <div className="panel">
        <h2>Server</h2>
        {status ? (
          <dl className="facts">
            <dt>Version</dt>
            <dd>{status.version}</dd>
            <dt>Uptime</dt>
            <dd>
              {formatUptime(status.uptimeSeconds)} (since {new Date(status.startedAt).toLocaleString()})
            </dd>
            <dt>Plan</dt>
            <dd>
              #{status.planId}: {status.endpoints} endpoints, {status.workflows} workflows
            </dd>
            <dt>Mocks answer at</dt>
            <dd data-stat="data-plane-url">{status.dataPlaneUrl ? <a href={status.dataPlaneUrl}>{status.dataPlaneUrl}</a> : 'not listening'}</dd>
            <dt>Config file</dt>
            <dd>{status.configFile ?? '(given in code)'}</dd>
            <dt>Data dir</dt>
            <dd>{status.dataDir === false ? 'none (in memory)' : status.dataDir}</dd>
            <dt>Active windows</dt>
            <dd>{status.activeWindows.length === 0 ? 'none' : status.activeWindows.map((w) => JSON.stringify(w)).join(', ')}</dd>
          </dl>
        ) : (
          <p>Loading…</p>
        )}
      </div>
      <form className="panel" onSubmit={useKey}>
        <h2>API key</h2>
        <p>{hasKey ? 'This tab sends a stored key.' : 'No key stored: the server is asked without one.'}</p>
        <label>
          New key
          <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Save key
          </button>
          <button
            type="button"
            disabled={!hasKey}
            onClick={() => {
              clearApiKey();
              onKeyChange();
            }}
          >
            Clear key
          </button>
        </div>
      </form>
    </section>
  );
}
