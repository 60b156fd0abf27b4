import type { ConfigChange as DiffEntry } from '../../../src/contract/index.ts';

const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** The changed paths between two versions, one row each: what the older had, what the newer has. */
export function VersionDiff({ from, to, diff }: { from: number | null; to: number; diff: readonly DiffEntry[] }) {
  return (
    <div className="panel version-diff" aria-live="polite">
      <h2>{from === null ? `Version ${to} (the first)` : `Changes from version ${from} to version ${to}`}</h2>
      {diff.length === 0 ? (
        <p>No difference.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Path</th>
              <th scope="col">Version {from ?? '–'}</th>
              <th scope="col">Version {to}</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((entry) => (
              <tr key={`${entry.op}:${entry.path}`} className={`diff-${entry.op}`} data-path={entry.path}>
                <td>
                  <span className={`badge diff-op-${entry.op}`}>{entry.op}</span>
                </td>
                <td className="path">{entry.path}</td>
                <td>{entry.op !== 'added' && <pre>{show(entry.before)}</pre>}</td>
                <td>{entry.op !== 'removed' && <pre>{show(entry.after)}</pre>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
