import { defineConfig } from '@playwright/test';

// Playwright Test runs these only as a test runner: the browsers are Debian's Firefox and WebKitGTK,
// driven by tests/engines/browsers.cjs, not by Playwright (which drives only its own builds of them).
const port = Number(process.env['E2E_ENGINES_PORT'] ?? 4175);
// `cargo xtask measure` runs only the tests tagged @measure (../measure.ts); the suite runs all others
const measuring = process.env['MEASURE'] === '1';

export default defineConfig({
  testDir: '.',
  testMatch: '*.engine.ts',
  // a stray test.only would pass the stage on one test: refused everywhere, not only on CI
  forbidOnly: true,
  workers: 1,
  timeout: 120_000,
  ...(measuring ? { grep: /@measure/ } : { grepInvert: /@measure/ }),
  reporter: [['list']],
  outputDir: 'test-results',
  webServer: {
    // www/dist, www/pkg, the golden file and the harness (see server.mjs)
    command: `node server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
  },
});
