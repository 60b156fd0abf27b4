import { isObject, toInput } from '../editor/draft.ts';
import { balanceAlgorithms } from '../validation/upstream-schema.ts';
import { DraftField, type BlockProps } from './draft-field.tsx';

/** What a consistent hash can key on; the last three name a header, cookie or query parameter. */
const HASH_KEYS = ['client', 'session', 'path', 'header', 'cookie', 'query'] as const;
const NAMED_KEYS: readonly string[] = ['header', 'cookie', 'query'];
const HASH = 'consistent-hash';

/** The upstream's id, its targets (URL and weight, rows added and removed) and how a target is chosen. */
export function UpstreamFields({ draft, update, issueFor, isNew, restart }: BlockProps & { isNew: boolean; restart: () => void }) {
  const targets = Array.isArray(draft.targets) ? (draft.targets as unknown[]) : [];
  const removeTarget = (index: number) => {
    update(
      ['targets'],
      targets.filter((_, i) => i !== index),
    );
    restart();
  };
  return (
    <fieldset className="editor-block" data-block="upstream">
      <legend>Upstream</legend>
      <div className="field">
        <label htmlFor="upstream-id">Upstream id</label>
        <input
          id="upstream-id"
          value={toInput(draft.id)}
          readOnly={!isNew}
          aria-describedby={isNew ? undefined : 'upstream-id-help'}
          placeholder="orders-backend"
          onChange={(e) => update(['id'], e.target.value)}
        />
        {!isNew && (
          <p id="upstream-id-help" className="muted">
            Endpoints name the upstream by its id: a new id is a new upstream.
          </p>
        )}
        {issueFor('id')}
      </div>
      <div className="targets" role="group" aria-label="Targets">
        <span className="pairs-title">Targets</span>
        {targets.map((_, i) => (
          <div className="field-row target-row" key={i} data-target-row={i}>
            <DraftField
              label={`Target ${i + 1} URL`}
              path={['targets', i, 'url']}
              placeholder="http://127.0.0.1:9001"
              grow
              draft={draft}
              // The URL is required: an emptied one stays "" so the row stays and its issue names it.
              update={(path, value) => update(path, value ?? '')}
              issueFor={issueFor}
            />
            <DraftField
              label={`Target ${i + 1} weight`}
              path={['targets', i, 'weight']}
              placeholder="1"
              numeric
              draft={draft}
              update={update}
              issueFor={issueFor}
            />
            <button type="button" aria-label={`Remove target ${i + 1}`} onClick={() => removeTarget(i)}>
              ×
            </button>
            {issueFor(`targets[${i}]`)}
          </div>
        ))}
        <button type="button" className="link" onClick={() => update(['targets', targets.length], { url: '' })}>
          + target
        </button>
        {issueFor('targets')}
      </div>
      <BalanceFields draft={draft} update={update} issueFor={issueFor} />
    </fieldset>
  );
}

/** The balancing algorithm, as the schema lists them; a consistent hash also takes its key and virtual nodes. */
function BalanceFields({ draft, update, issueFor }: BlockProps) {
  const { named, keyed } = balanceAlgorithms();
  const balance = draft.balance;
  const hash = isObject(balance) && isObject(balance[HASH]) ? balance[HASH] : undefined;
  const chosen = balance === undefined ? '' : typeof balance === 'string' ? balance : hash ? HASH : 'other';
  const key = typeof hash?.key === 'string' ? hash.key : '';
  const [kind = '', ...rest] = key.split(':');
  const name = rest.join(':');
  const choose = (value: string) => update(['balance'], value === '' ? undefined : value === HASH ? { [HASH]: { key: 'client' } } : value);
  const setKey = (nextKind: string, nextName: string) => update(['balance', HASH, 'key'], NAMED_KEYS.includes(nextKind) ? `${nextKind}:${nextName}` : nextKind);
  return (
    <>
      <div className="field-row">
        <div className="field">
          <label htmlFor="upstream-balance">Balance</label>
          <select id="upstream-balance" value={chosen} onChange={(e) => choose(e.target.value)}>
            <option value="">default (weighted-round-robin)</option>
            {chosen === 'other' || (typeof balance === 'string' && !named.includes(balance)) ? <option value={chosen}>{JSON.stringify(balance)}</option> : null}
            {[...named, ...keyed].map((algorithm) => (
              <option key={algorithm} value={algorithm}>
                {algorithm}
              </option>
            ))}
          </select>
        </div>
        {hash && (
          <>
            <div className="field">
              <label htmlFor="upstream-hash-on">Hash on</label>
              <select id="upstream-hash-on" value={kind} onChange={(e) => setKey(e.target.value, name)}>
                {!(HASH_KEYS as readonly string[]).includes(kind) && <option value={kind}>{key}</option>}
                {HASH_KEYS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </div>
            {NAMED_KEYS.includes(kind) && (
              <div className="field">
                <label htmlFor="upstream-hash-name">{`${kind[0]!.toUpperCase()}${kind.slice(1)} name`}</label>
                <input
                  id="upstream-hash-name"
                  value={name}
                  placeholder={kind === 'header' ? 'x-user' : 'user'}
                  onChange={(e) => setKey(kind, e.target.value)}
                />
              </div>
            )}
            <DraftField
              label="Virtual nodes"
              path={['balance', HASH, 'virtualNodes']}
              placeholder="160"
              numeric
              draft={draft}
              update={update}
              issueFor={issueFor}
            />
          </>
        )}
      </div>
      {issueFor(`balance["${HASH}"].key`)}
      {issueFor('balance')}
    </>
  );
}
