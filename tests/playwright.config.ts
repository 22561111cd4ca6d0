import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser downloads can't be fetched here (see TOOLCHAIN.md)
const chromium = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
// another port and build directory let a second run share the machine (and www/) with the first
const port = Number(process.env['E2E_PORT'] ?? 4173);
const dist = process.env['E2E_DIST'] ?? 'dist';
// `cargo xtask measure` runs only the tests tagged @measure (tests/measure.ts); the suite runs all others
const measuring = process.env['MEASURE'] === '1';

export default defineConfig({
  testDir: '.',
  // a stray test.only would pass the suite on one test: refused everywhere, not only on CI
  forbidOnly: true,
  // two at a time cut the wait by a third (4.0 → 2.7 min at a load of 17 on 2 cores): the suite's checks hold under load;
  // the measurements run alone, as their figures are the machine's own
  workers: measuring ? 1 : Number(process.env['E2E_WORKERS'] ?? 2),
  timeout: 60_000,
  ...(measuring ? { grep: /@measure/ } : { grepInvert: /@measure/ }),
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // the built page (npm run build); vite preview serves .wasm as application/wasm
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    cwd: '../www',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
  },
});
