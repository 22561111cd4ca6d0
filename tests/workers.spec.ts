// Training spread over several workers (www/src/workers/train-worker.ts and shard-worker.ts): the same run
// with 1, 2 and 3 workers gives the same weights bit for bit, and the page does it from a plain
// static server that sets no special headers (vite preview, as any static host: the page is not
// cross-origin isolated, and needs not be, as the workers exchange plain messages).

import { expect, type Page } from '@playwright/test';
import goldens from '../crates/rnn-core/tests/goldens/goldens.json' with { type: 'json' };
import { button, stepStatus, test } from './fixtures';

// the core's golden run of the page's default: its steps and the weights' fingerprint after them,
// which the native build gives on any number of threads (crates/rnn-core/tests/golden.rs)
const golden = goldens.runs.find((run) => 'preset' in run && run.preset === 'agreement');
const STEPS = golden?.steps ?? 0;

/** Opens the default experiment's link at STEPS steps with `?workers=N` and waits for the retrained step. */
async function trained(page: Page, workers: number): Promise<{ fingerprint: string | null; workers: string | null; seconds: number }> {
  await page.goto(`./?workers=${workers}#steps=${STEPS}`);
  const start = Date.now();
  await expect(stepStatus(page)).toHaveText(String(STEPS), { timeout: 60_000 });
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  const seconds = (Date.now() - start) / 1000;
  return {
    fingerprint: await stepStatus(page).getAttribute('data-fingerprint'),
    workers: await page.getByRole('status', { name: 'Workers', exact: true }).textContent(),
    seconds,
  };
}

test('one, two and three workers train the same run to the same bits, on a server without special headers', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('./');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  expect(await page.evaluate(() => crossOriginIsolated), 'the static server sets no COOP/COEP headers').toBe(false);
  const runs = [];
  for (const workers of [1, 2, 3]) {
    const run = await trained(page, workers);
    runs.push(run);
    const line = `${workers} worker(s): step ${STEPS} in ${run.seconds.toFixed(1)} s, fingerprint ${run.fingerprint}`;
    console.log(line);
    testInfo.annotations.push({ type: 'workers', description: line });
  }
  expect(runs.map((r) => r.workers)).toEqual(['1', '2', '3']);
  expect(STEPS).toBeGreaterThan(0);
  for (const run of runs) expect(run.fingerprint, 'the golden run, as natively').toBe(golden?.weights);
});
