import { useCallback, useEffect, useState } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { ConfigTransfer } from './config-transfer.tsx';
import { problemOf } from './problem-of.ts';
import { VersionDiff } from './version-diff.tsx';
import type { RecordedVersion, VersionDetail, VersionList, VersionMeta } from '../../../src/contract/index.ts';
import './versions.css';

const PAGE_SIZE = 25;

/**
 * The history of applied configs, newest first: pick one version to see what it changed, or two
 * to diff them; restore any of them (as a new version); export and import config files.
 */
export function VersionsPage({ client }: { client: AdminClient }) {
  const [versions, setVersions] = useState<readonly VersionMeta[] | undefined>();
  const [nextBefore, setNextBefore] = useState<number | undefined>();
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [detail, setDetail] = useState<VersionDetail | undefined>();
  const [restoring, setRestoring] = useState<number | undefined>();
  const [restoreMessage, setRestoreMessage] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    const result = await client.get<VersionList>(`/api/versions?limit=${PAGE_SIZE}`);
    if (!result.ok) return setError(result.problem.detail ?? result.problem.title);
    setVersions(result.value.items);
    setNextBefore(result.value.nextBefore);
  }, [client]);

  const loadOlder = async () => {
    if (nextBefore === undefined) return;
    const result = await client.get<VersionList>(`/api/versions?limit=${PAGE_SIZE}&before=${nextBefore}`);
    if (!result.ok) return setError(result.problem.detail ?? result.problem.title);
    setVersions((shown) => [...(shown ?? []), ...result.value.items]);
    setNextBefore(result.value.nextBefore);
  };

  useEffect(() => {
    void load();
  }, [load]);

  // One selected version: its changes against the one before; two: the older against the newer.
  useEffect(() => {
    if (selected.length === 0) return setDetail(undefined);
    const [newer, older] = [...selected].sort((a, b) => b - a);
    const query = older === undefined ? '' : `?against=${older}`;
    let current = true;
    void client.get<VersionDetail>(`/api/versions/${newer}${query}`).then((result) => {
      if (!current) return;
      if (result.ok) setDetail(result.value);
      else setError(result.problem.detail ?? result.problem.title);
    });
    return () => {
      current = false;
    };
  }, [client, selected]);

  const toggle = (id: number) => setSelected((ids) => (ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id].slice(-2)));

  const restore = async (id: number) => {
    const headers: Record<string, string> = {};
    if (restoreMessage.trim() !== '') headers['x-change-message'] = restoreMessage.trim();
    const response = await client.fetch(`/api/versions/${id}/restore`, { method: 'POST', headers });
    setRestoring(undefined);
    setRestoreMessage('');
    if (response.ok) {
      const { version, unchanged, restartNeeded } = (await response.json()) as RecordedVersion;
      const restart = restartNeeded ? `; restart needed for ${restartNeeded.join(', ')}` : '';
      setNotice(
        unchanged ? `Version ${id} equals the config served: nothing changed` : `Restored version ${id}${version ? ` as version ${version.id}` : ''}${restart}`,
      );
      setSelected([]);
    } else {
      const problem = await problemOf(response);
      setNotice(`Restore failed: ${problem.detail ?? problem.title}`);
    }
    await load();
  };

  const againstId = detail ? (detail.againstId ?? detail.previousId) : null;

  return (
    <section aria-labelledby="versions-title">
      <div className="page-head">
        <h1 id="versions-title">Versions</h1>
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ConfigTransfer client={client} onImported={() => void load()} />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="issue" role="alert">
          {error}
        </p>
      )}
      <p className="muted">Select one version to see what it changed, or two to compare them.</p>
      {versions === undefined ? (
        <p>Loading…</p>
      ) : (
        <table className="versions">
          <thead>
            <tr>
              <th scope="col">Compare</th>
              <th scope="col" className="number">
                Version
              </th>
              <th scope="col">Time</th>
              <th scope="col">Author</th>
              <th scope="col">Message</th>
              <th scope="col">Summary</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version, index) => (
              <tr key={version.id} data-version={version.id} aria-selected={selected.includes(version.id)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select version ${version.id}`}
                    checked={selected.includes(version.id)}
                    onChange={() => toggle(version.id)}
                  />
                </td>
                <td className="number">{version.id}</td>
                <td>
                  <time dateTime={version.timestamp}>{new Date(version.timestamp).toLocaleString()}</time>
                </td>
                <td>{version.author}</td>
                <td>{version.message ?? <span className="muted">–</span>}</td>
                <td className="summary">{version.summary}</td>
                <td>
                  {restoring === version.id ? (
                    <div className="restore-confirm">
                      <label>
                        Restore message (optional)
                        <input autoFocus value={restoreMessage} onChange={(e) => setRestoreMessage(e.target.value)} />
                      </label>
                      <div className="row-actions">
                        <button type="button" className="danger" onClick={() => void restore(version.id)}>
                          Confirm restore
                        </button>
                        <button type="button" onClick={() => setRestoring(undefined)}>
                          Cancel
                        </button>
                      </div>
                    </div>
                  ) : (
                    <button
                      type="button"
                      disabled={index === 0}
                      title={index === 0 ? 'This version is being served' : undefined}
                      aria-label={`Restore version ${version.id}`}
                      onClick={() => {
                        setRestoring(version.id);
                        setRestoreMessage('');
                      }}
                    >
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextBefore !== undefined && (
        <div className="actions">
          <button type="button" onClick={() => void loadOlder()}>
            Older versions
          </button>
        </div>
      )}
      {detail && <VersionDiff from={againstId} to={detail.id} diff={detail.diff} />}
    </section>
  );
}
