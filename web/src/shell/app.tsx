import { useEffect, useMemo, useState } from 'react';
import { createAdminClient } from '../api/admin-client.ts';
import { createKeyRequests, type KeyRequestReason } from '../api/key-requests.ts';
import { EndpointRoutes } from '../editor/endpoint-routes.tsx';
import { EndpointsPage } from '../endpoints/endpoints-page.tsx';
import { InspectorPage } from '../inspector/inspector-page.tsx';
import { SettingsPage } from '../settings/settings-page.tsx';
import { MetricsPage } from '../metrics/metrics-page.tsx';
import { WarningBanner } from '../metrics/warning-banner.tsx';
import { StatePage } from '../state/state-page.tsx';
import { UpstreamsPage } from '../upstreams/upstreams-page.tsx';
import { VersionsPage } from '../versions/versions-page.tsx';
import { WorkflowsPage } from '../workflows/workflows-page.tsx';
import { KeyPrompt } from './key-prompt.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { useHashRoute } from './use-hash-route.ts';

const PAGES = [
  { route: 'endpoints', title: 'Endpoints' },
  { route: 'workflows', title: 'Workflows' },
  { route: 'inspector', title: 'Inspector' },
  { route: 'metrics', title: 'Metrics' },
  { route: 'upstreams', title: 'Upstreams' },
  { route: 'state', title: 'State' },
  { route: 'versions', title: 'Versions' },
  { route: 'settings', title: 'Settings' },
] as const;

/** Pages of issue 7 not built yet: named in the nav so the shape is visible, with no made-up data. */
const COMING: string[] = [];

export function App() {
  const keys = useMemo(createKeyRequests, []);
  const client = useMemo(() => createAdminClient(keys), [keys]);
  const [keyWanted, setKeyWanted] = useState<KeyRequestReason | undefined>();
  // Bumped when the key changes, so pages (and the event socket) start over with the new key.
  const [keyGeneration, setKeyGeneration] = useState(0);
  useEffect(() => keys.subscribe(setKeyWanted), [keys]);
  const route = useHashRoute('endpoints');
  const onKeyChange = () => setKeyGeneration((n) => n + 1);
  // A narrow window shows the pages behind a Menu button (styles.css); following a link closes it.
  const [menuOpen, setMenuOpen] = useState(false);

  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/endpoints">
          Mimicus
        </a>
        <button type="button" className="nav-toggle" aria-expanded={menuOpen} aria-controls="pages-nav" onClick={() => setMenuOpen((open) => !open)}>
          Menu
        </button>
        <nav aria-label="Pages" id="pages-nav" data-open={menuOpen} onClick={() => setMenuOpen(false)}>
          {PAGES.map((page) => (
            <a key={page.route} href={`#/${page.route}`} aria-current={route === page.route ? 'page' : undefined}>
              {page.title}
            </a>
          ))}
          {COMING.map((title) => (
            <span key={title} className="coming" title="Coming next">
              {title}
            </span>
          ))}
        </nav>
        <ThemeToggle />
      </header>
      <WarningBanner key={`banner-${keyGeneration}`} client={client} />
      <main key={`page-${keyGeneration}`}>
        {route === 'inspector' ? (
          <InspectorPage client={client} />
        ) : route === 'metrics' ? (
          <MetricsPage client={client} />
        ) : route === 'upstreams' ? (
          <UpstreamsPage client={client} />
        ) : route === 'state' ? (
          <StatePage client={client} />
        ) : route === 'versions' ? (
          <VersionsPage client={client} />
        ) : route === 'workflows' ? (
          <WorkflowsPage client={client} />
        ) : route === 'settings' ? (
          <SettingsPage client={client} onKeyChange={onKeyChange} />
        ) : (
          <EndpointRoutes client={client} list={<EndpointsPage client={client} />} />
        )}
      </main>
      {keyWanted && <KeyPrompt reason={keyWanted} onKey={(key) => keys.answer(key)} />}
    </div>
  );
}
