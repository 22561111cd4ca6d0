// Firefox and WebKit behind one small interface, for the engine tests and `cargo xtask bench`.
// Playwright drives only its own builds of these two, which cannot be downloaded here; Debian's
// packages are driven by the W3C protocols they speak: Firefox ESR over WebDriver BiDi through
// puppeteer-core (console messages and page errors arrive as events), WebKitGTK's MiniBrowser over
// WebDriver classic through WebKitWebDriver, with a client of a few HTTP requests below (classic
// has no console events: the page's errors are recorded by a script injected after each load).
// CommonJS: Playwright's runner loads the TypeScript tests as CommonJS, and ES modules import it too
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const ENGINES = /** @type {const} */ (['firefox', 'webkit']);

const root = path.resolve(__dirname, '../..');

/**
 * @typedef {object} EngineBrowser
 * @property {'firefox' | 'webkit'} engine
 * @property {(url: string) => Promise<void>} goto opens `url` and waits for its load event
 * @property {(expression: string) => Promise<any>} evaluate the value of a JavaScript expression in the page (awaited if a promise; JSON values only)
 * @property {() => Promise<string[]>} errors console errors and uncaught exceptions of the page so far
 * @property {() => Promise<void>} close
 */

/**
 * Starts `engine`. `language`: the browser's language, a BCP 47 tag for Firefox; for WebKit the LANG
 * its process starts with (WebKitGTK's navigator.language follows LANG: "C.UTF-8" gives "C").
 * @param {'firefox' | 'webkit'} engine
 * @param {{ language?: string }} [options]
 * @returns {Promise<EngineBrowser>}
 */
function launch(engine, options = {}) {
  return engine === 'firefox' ? launchFirefox(options.language ?? 'en-US') : launchWebKit(options.language ?? 'en_US.UTF-8');
}

/** Polls `expression` until it is truthy; returns its value, or throws with `what` after `timeoutMs`. */
async function waitFor(/** @type {EngineBrowser} */ browser, /** @type {string} */ expression, /** @type {number} */ timeoutMs, /** @type {string} */ what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await browser.evaluate(expression);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${browser.engine}: waited ${timeoutMs / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// ---------------------------------------------------------------- Firefox over WebDriver BiDi

/** @param {string} language */
async function launchFirefox(language) {
  if (!fs.existsSync(FIREFOX)) throw new Error(`no Firefox at ${FIREFOX} (cargo xtask test installs Debian's firefox-esr; or set FIREFOX)`);
  // www/'s node_modules hold the test dependencies
  const puppeteer = require(require.resolve('puppeteer-core', { paths: [path.join(root, 'www')] }));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // no network beyond the test server: no updates, telemetry or captive-portal checks
    extraPrefsFirefox: {
      'intl.accept_languages': language,
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('console', (/** @type {any} */ message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (/** @type {any} */ error) => errors.push(String(error?.message ?? error)));
  return {
    engine: 'firefox',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (expression) => page.evaluate(expression),
    errors: async () => [...errors],
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- WebKit over WebDriver classic

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// recorded in the page after each load: classic WebDriver reports no console messages
const RECORD_ERRORS = `
  if (!window.__engineErrors) {
    window.__engineErrors = [];
    const original = console.error.bind(console);
    console.error = (...args) => { window.__engineErrors.push(args.map(String).join(' ')); original(...args); };
    window.addEventListener('error', (event) => window.__engineErrors.push(String(event.error?.message ?? event.message)));
    window.addEventListener('unhandledrejection', (event) => window.__engineErrors.push(String(event.reason)));
  }`;

/** @param {string} lang */
async function launchWebKit(lang) {
  for (const file of [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/xvfb-run']) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found (cargo xtask test installs Debian's webkit2gtk-driver and xvfb)`);
  }
  const port = await freePort();
  // MiniBrowser has no headless mode: a virtual X display (xvfb-run -a picks a free one)
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], {
    env: { ...process.env, LANG: lang, LC_ALL: lang },
    stdio: 'ignore',
    detached: true, // its own process group, so close() ends Xvfb and the browser with it
  });
  const base = `http://127.0.0.1:${port}`;
  /** @param {string} method @param {string} route @param {unknown} [body] */
  const request = async (method, route, body) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const reply = await response.json();
    if (!response.ok) throw new Error(`WebKitWebDriver ${method} ${route}: ${reply?.value?.error}: ${reply?.value?.message}`);
    return reply.value;
  };
  const end = () => {
    try {
      process.kill(-(driver.pid ?? 0), 'SIGTERM');
    } catch {}
  };
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await request('GET', '/status')).ready) break;
      } catch {}
      if (tries > 150) throw new Error(`WebKitWebDriver did not answer on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const session = await request('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          timeouts: { script: 600_000, pageLoad: 60_000 },
        },
      },
    });
    const id = session.sessionId;
    /** @param {string} expression */
    const evaluate = async (expression) => {
      const script = `const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${expression})).then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: String(error?.stack ?? error) }));`;
      const reply = await request('POST', `/session/${id}/execute/async`, { script, args: [] });
      if (reply?.error !== undefined) throw new Error(`${expression.slice(0, 80)}: ${reply.error}`);
      return reply?.value;
    };
    return {
      engine: 'webkit',
      async goto(url) {
        await request('POST', `/session/${id}/url`, { url });
        await evaluate(`(() => { ${RECORD_ERRORS} })()`);
      },
      evaluate,
      errors: async () => (await evaluate('window.__engineErrors ?? []')),
      async close() {
        await request('DELETE', `/session/${id}`).catch(() => {});
        end();
      },
    };
  } catch (error) {
    end();
    throw error;
  }
}

module.exports = { FIREFOX, WEBKIT_DRIVER, MINIBROWSER, ENGINES, launch, waitFor };
