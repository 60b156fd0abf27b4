import { existsSync } from 'node:fs';

/**
 * The browser the web tests drive. A system chromium is preferred when there is one
 * (`MIMICUS_CHROMIUM`, else Debian's `/usr/bin/chromium`); otherwise the one that
 * `@sparticuz/chromium` ships inside its npm package, so `npm ci && npm test` needs no system
 * browser (its first launch unpacks it to a temp dir, about 2 s).
 */
export async function findChromium(): Promise<string> {
  const fromEnv = process.env.MIMICUS_CHROMIUM;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const { default: bundled } = await import('@sparticuz/chromium');
  return bundled.executablePath();
}

/**
 * Our own flags, not the package's: its defaults are for AWS Lambda and turn off web security
 * and site isolation, which the cross-site tests depend on.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
