import { useEffect, useState, type ReactNode } from 'react';
import type { AdminClient } from '../api/admin-client.ts';
import { fromInput, toInput } from './draft.ts';
import { LatencyPlot } from './latency-plot.tsx';
import type { LatencyPreview } from '../../../src/contract/index.ts';
import { useDebounced } from './use-debounced.ts';

/** The families the form edits, with the parameters a new one starts with. Others stay editable in the YAML tab. */
const FAMILIES: Record<string, unknown> = {
  fixed: '100ms',
  uniform: { min: '50ms', max: '150ms' },
  normal: { mean: '100ms', stddev: '20ms' },
  lognormal: { median: '80ms', sigma: 0.5 },
  percentiles: { p50: '80ms', p90: '200ms', p99: '900ms' },
};

type Latency = Record<string, unknown>;

// `mode` (add | total, proxied endpoints) is set in the Answer with block, beside the proxy.
const familyOf = (latency: Latency | undefined) => (latency ? Object.keys(latency).find((key) => key !== 'min' && key !== 'max' && key !== 'mode') : undefined);

/** Family picker, its parameters and min/max clamps, with the distribution plotted live by the server. */
export function LatencyEditor({
  client,
  latency,
  onChange,
  issueFor,
}: {
  client: AdminClient;
  latency: Latency | undefined;
  onChange: (latency: Latency | undefined) => void;
  issueFor: (path: string) => ReactNode;
}) {
  const family = familyOf(latency);
  const parameters = family ? latency?.[family] : undefined;
  const [preview, setPreview] = useState<LatencyPreview | undefined>();
  const [previewError, setPreviewError] = useState<string | undefined>();
  const settled = useDebounced(latency, 250);

  useEffect(() => {
    if (!settled) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    let current = true;
    void client.send<LatencyPreview>('POST', '/api/latency/preview', { latency: settled }).then((result) => {
      if (!current) return;
      if (result.ok) {
        setPreview(result.value);
        setPreviewError(undefined);
      } else {
        setPreviewError(result.problem.issues?.map((issue) => `${issue.path}: ${issue.message}`).join('; ') ?? result.problem.detail ?? result.problem.title);
      }
    });
    return () => {
      current = false;
    };
  }, [client, settled]);

  const pick = (name: string) => {
    if (name === '') return onChange(undefined);
    const { min, max, mode } = latency ?? {};
    onChange({ [name]: FAMILIES[name], ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), ...(mode === undefined ? {} : { mode }) });
  };
  const setParameter = (key: string | undefined, text: string) => {
    if (!family || !latency) return;
    const value = fromInput(text);
    const next = key === undefined ? value : { ...(parameters as Record<string, unknown>), [key]: value };
    onChange({ ...latency, [family]: next });
  };
  const setClamp = (key: 'min' | 'max', text: string) => {
    if (!latency) return;
    const next: Latency = { ...latency, [key]: fromInput(text) };
    if (next[key] === undefined) delete next[key];
    onChange(next);
  };

  const parameterInputs =
    family === undefined
      ? []
      : parameters !== null && typeof parameters === 'object'
        ? Object.keys(parameters).map((key) => ({ key, label: key, value: (parameters as Record<string, unknown>)[key] }))
        : [{ key: undefined, label: 'delay', value: parameters }];

  return (
    <fieldset className="editor-block">
      <legend>Latency</legend>
      <div className="field-row">
        <label>
          Distribution
          <select aria-label="Latency distribution" value={family ?? ''} onChange={(e) => pick(e.target.value)}>
            <option value="">none</option>
            {Object.keys(FAMILIES).map((name) => (
              <option key={name}>{name}</option>
            ))}
            {family && !(family in FAMILIES) && <option>{family}</option>}
          </select>
        </label>
        {family === 'mixture' ? (
          <p className="muted">A mixture is edited in the YAML tab.</p>
        ) : (
          parameterInputs.map((input) => (
            <label key={input.label}>
              {input.label}
              <input aria-label={`Latency ${input.label}`} value={toInput(input.value)} onChange={(e) => setParameter(input.key, e.target.value)} />
            </label>
          ))
        )}
        {family && (
          <>
            <label title="Clamp: no sample below/above this">
              clamp min
              <input aria-label="Latency clamp min" value={toInput(latency?.min)} onChange={(e) => setClamp('min', e.target.value)} placeholder="none" />
            </label>
            <label title="Clamp: no sample below/above this">
              clamp max
              <input aria-label="Latency clamp max" value={toInput(latency?.max)} onChange={(e) => setClamp('max', e.target.value)} placeholder="none" />
            </label>
          </>
        )}
      </div>
      {issueFor('latency')}
      {family && previewError && (
        <p className="issue" role="status">
          No plot: {previewError}
        </p>
      )}
      {family && preview && <LatencyPlot preview={preview} />}
    </fieldset>
  );
}
