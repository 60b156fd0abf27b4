import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startWithAdmin, type AdminHarness } from '../admin/admin-harness.js';
import { CHROMIUM_ARGS, findChromium } from '../support/find-chromium.js';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await findChromium(), args: CHROMIUM_ARGS });
}

export interface ConsoleSession {
  readonly mimicus: AdminHarness;
  readonly page: Page;
  /** What the page logged, threw and failed to load, for the report of a failed test. */
  readonly browserLog: readonly string[];
  close(): Promise<void>;
}

/**
 * A real Mimicus (data plane and admin API on ephemeral loopback ports) and a fresh browser
 * context on its console, at 1280×800 unless told otherwise.
 */
export async function openConsole(
  browser: Browser,
  yaml: string,
  options: { route?: string; viewport?: { width: number; height: number } } = {},
): Promise<ConsoleSession> {
  const mimicus = await startWithAdmin(yaml);
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  // Failures name the element waited for, within the test's 20 s budget, instead of vitest's bare
  // timeout. 15 s, not less: the whole suite runs beside these tests on two cores, and a page that
  // takes long to show something on a loaded machine is slow, not broken.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const browserLog: string[] = [];
  const at = () => new Date().toISOString().slice(11, 23);
  page.on('console', (message) => browserLog.push(`${at()} console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => browserLog.push(`${at()} page error: ${error.message}`));
  page.on('requestfailed', (request) => browserLog.push(`${at()} request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) browserLog.push(`${at()} ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  browserLog.push(`${at()} goto ${options.route ?? 'endpoints'}`);
  await page.goto(`${mimicus.adminUrl}/#/${options.route ?? 'endpoints'}`);
  browserLog.push(`${at()} loaded`);
  return {
    mimicus,
    page,
    browserLog,
    async close() {
      // Timed, so a teardown that runs long says which half did (a CI run once hit the hook timeout here).
      const started = performance.now();
      await context.close();
      const contextClosed = performance.now();
      await mimicus.close();
      const done = performance.now();
      if (done - started > 3_000) {
        console.error(`slow console teardown: browser context ${(contextClosed - started).toFixed(0)} ms, Mimicus ${(done - contextClosed).toFixed(0)} ms`);
      }
    },
  };
}

/**
 * One browser per test file and one console per test: registers the hooks that launch the browser,
 * close each test's console (its Mimicus and browser context) and close the browser at the end.
 * Call it inside `describe`; `open` starts the current test's console.
 */
export function useConsoles(): { open(yaml: string, options?: Parameters<typeof openConsole>[2]): Promise<ConsoleSession> } {
  let browser: Browser | undefined;
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async (context) => {
    // A failed browser test leaves what the page showed and logged in test-results/failures/, so a
    // failure on a CI machine can be read afterwards.
    if (session && context.task.result?.state === 'fail') await saveFailure(session, context.task.name);
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(yaml, options) {
      session = await openConsole(browser!, yaml, options);
      return session;
    },
  };
}

const SCREENSHOT_DIR = 'test-results/screenshots';
const FAILURE_DIR = 'test-results/failures';

async function saveFailure(session: ConsoleSession, testName: string): Promise<void> {
  const name = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
  mkdirSync(FAILURE_DIR, { recursive: true });
  try {
    await session.page.screenshot({ path: `${FAILURE_DIR}/${name}.png`, fullPage: true, timeout: 5_000 });
    const html = await session.page.content();
    writeFileSync(`${FAILURE_DIR}/${name}.txt`, `${session.page.url()}\n${session.browserLog.join('\n')}\n--- page ---\n${html}\n`);
  } catch (error) {
    writeFileSync(`${FAILURE_DIR}/${name}.txt`, `${session.browserLog.join('\n')}\n--- could not read the page: ${String(error)}\n`);
  }
  console.error(`browser test failed: page log and screenshot in ${FAILURE_DIR}/${name}.*\n${session.browserLog.slice(-30).join('\n')}`);
}

/** Saves what the page shows (for people reviewing a run; not compared against anything). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/**
 * Evaluates a JavaScript expression in the page. Given as text because the tests compile without
 * the DOM's types (they run in Node); the expression runs in the browser, where they exist.
 */
export function inBrowser<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}
