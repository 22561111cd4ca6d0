// Readouts that must not claim what the model doesn't know: an untrained model reads undecided, a
// diverged run says so and greys its answers, and characters the model has never seen are marked.
// Needs the built page (npm run build in www/), as page.spec.ts does.

import { expect, type Page } from '@playwright/test';
import { button, stepStatus, test } from './fixtures';


const promptBox = (page: Page) => page.getByRole('textbox', { name: 'Prompt', exact: true });

async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
}

async function probabilityOf(page: Page, label: string): Promise<number> {
  const output = page.getByLabel(label, { exact: true });
  await expect(output).toHaveAttribute('data-prob', /\d/, { timeout: 15_000 });
  return Number(await output.getAttribute('data-prob'));
}

// the vanilla RNN with W_hh = 3 · orthogonal, no clipping and SGD at lr 10: 30-40 bits/char within a
// few hundred steps, where a uniform guess over this corpus is under 5
const DIVERGING = '#v=2&cell=rnn&scale=3&clip=none&optimizer=sgd&lr=10';

test('an untrained model reads undecided at every default pair, in the panel and in Compare mode', async ({ page }) => {
  await open(page);
  await expect(stepStatus(page)).toHaveText('0');
  for (const word of ['is', 'was', 'has']) {
    const probability = await probabilityOf(page, `P(${word})`);
    console.log(`step 0: P(${word}) ${(probability * 100).toFixed(1)}%`);
    expect(probability, `P(${word}) at step 0`).toBeGreaterThanOrEqual(0.4);
    expect(probability, `P(${word}) at step 0`).toBeLessThanOrEqual(0.6);
  }
  // the untrained model's sample never shows the unknown symbol
  await expect(page.locator('#sample-text')).not.toBeEmpty({ timeout: 15_000 });
  expect(await page.locator('#sample-text').textContent()).not.toContain('\uFFFD');

  await button(page, 'Compare').click();
  for (const cell of ['RNN', 'GRU', 'LSTM']) {
    const probability = await probabilityOf(page, `${cell} P(is)`);
    console.log(`step 0, compare: ${cell} P(is) ${(probability * 100).toFixed(1)}%`);
    expect(probability, `${cell} P(is) at step 0`).toBeGreaterThanOrEqual(0.4);
    expect(probability, `${cell} P(is) at step 0`).toBeLessThanOrEqual(0.6);
  }
});

test('a diverging run pauses, says why and what to change, marks the charts and greys its answers', async ({ page }) => {
  await open(page, DIVERGING);
  await expect(page.locator('#alternatives')).not.toHaveClass(/diverged/);
  const started = Date.now();
  await button(page, 'Train').click();
  const notice = page.getByRole('alert').filter({ hasText: 'Training diverged' });
  await expect(notice).toBeVisible({ timeout: 30_000 });
  console.log(`diverged notice ${((Date.now() - started) / 1000).toFixed(1)} s after Train: ${await notice.textContent()}`);
  // these settings throw the weights past ±1e6 at the first update; a slower blow-up trips validation's check
  await expect(notice).toContainText(/thrown weights past|worse than a uniform guess/);
  await expect(notice).toContainText('norm clipping');
  await expect(notice).toContainText('smaller learning rate');
  await expect(notice).toContainText('smaller recurrent scale');
  // the run pauses by itself
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'false');
  await expect(button(page, 'Train')).toBeEnabled();
  // the step is marked on the loss and gradient charts
  const divergedAt = await page.locator('#loss-chart').getAttribute('data-diverged-at');
  expect(Number(divergedAt)).toBeGreaterThan(0);
  await expect(page.locator('#gradient-chart')).toHaveAttribute('data-diverged-at', divergedAt ?? '');
  // the answers are greyed, with the reason above them and as their description
  for (const id of ['alternatives', 'next-chars', 'sample-text', 'agreement-chart']) {
    await expect(page.locator(`#${id}`)).toHaveClass(/\bdiverged\b/);
    await expect(page.locator(`#${id}-diverged`)).toBeVisible();
    await expect(page.locator(`#${id}-diverged`)).toContainText(`training diverged at step ${divergedAt}`);
  }
  await expect(page.locator('#alternatives')).toHaveAccessibleDescription(/readouts mean nothing/);

  // Reset starts over: no notice, no mark, nothing greyed
  await button(page, 'Reset').click();
  await expect(notice).toHaveCount(0);
  await expect(page.locator('#alternatives')).not.toHaveClass(/diverged/);
  await expect(page.locator('#loss-chart')).not.toHaveAttribute('data-diverged-at');
});

test('characters the model has never seen are marked under the prompt', async ({ page }) => {
  await open(page);
  const line = page.locator('#prompt-unknown');
  await expect(line).toBeHidden();
  await promptBox(page).fill('A writer of the books');
  await expect(line).toBeVisible();
  await expect(line).toContainText('The model has never seen “A”');
  await expect(line.locator('mark')).toHaveText(['A']);
  await expect(promptBox(page)).toHaveAccessibleDescription(/never seen “A”/);
  await promptBox(page).fill('The writer of the books');
  await expect(line).toBeHidden();
  await expect(promptBox(page)).not.toHaveAccessibleDescription(/never seen/);
});
