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

// ---- fresh readouts, and readouts only where they mean something ----------------------------------

const lessonList = (page: Page) => page.getByRole('navigation', { name: 'Lessons', exact: true });
const corpusBox = (page: Page) => page.getByRole('combobox', { name: 'Corpus', exact: true });
const LIGHTHOUSE =
  'The lighthouse stood on the rock at the end of the bay, and every night its keeper climbed the stairs to light the lamp. '.repeat(20);

test("the exploding lesson's refused step is a point on the gradient chart, on an axis that holds it", async ({ page }) => {
  await open(page);
  await lessonList(page).getByRole('link', { name: 'Exploding gradients, then clipping', exact: true }).click();
  const chart = page.locator('#gradient-chart');
  await expect(chart).toHaveAttribute('data-diverged-at', /\d+/, { timeout: 30_000 });
  await expect(chart).toHaveAttribute('data-refused', /\d/);
  const [step, norm] = ((await chart.getAttribute('data-refused')) ?? '').split(' ').map(Number);
  console.log(`refused step ${step}, gradient norm ${norm}`);
  expect(String(step)).toBe(await chart.getAttribute('data-diverged-at'));
  expect(norm, 'the lesson text says about 10^10').toBeGreaterThan(1e6);
  // the drawn y axis spans the refused norm, so its point is on the chart
  await expect(chart).toHaveAttribute('data-y-range', /\d/);
  const [low, high] = ((await chart.getAttribute('data-y-range')) ?? '').split(' ').map(Number);
  expect(low).toBeLessThan(norm ?? 0);
  expect(high).toBeGreaterThan(norm ?? 0);
  await expect(chart).toHaveAccessibleName(/refused/);
});

test('a restart shows no figure of the run before it: readouts read "–" and the charts are as on a fresh page', async ({ page }) => {
  await open(page);
  const lossChart = page.locator('#loss-chart');
  const fresh = await lossChart.screenshot();
  await button(page, 'Train').click();
  await expect.poll(async () => Number(await stepStatus(page).textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(30);
  await button(page, 'Pause').click();
  await expect(page.locator('#loss')).toHaveText(/^\d+\.\d+$/);
  await expect(page.locator('#speed')).toHaveText(/^[\d,]+$/);

  await button(page, 'Reset').click();
  await expect(stepStatus(page)).toHaveText('0');
  await expect(page.locator('#loss')).toHaveText('–');
  await expect(page.locator('#speed')).toHaveText('–');
  await expect(button(page, 'Train')).toBeEnabled();
  await page.waitForTimeout(500); // a stale redraw would come within 100 ms
  expect(await lossChart.screenshot(), 'the loss chart after Reset looks as on a fresh page').toEqual(fresh);

  // a lesson opened after another starts its run with no figure of the other's
  await lessonList(page).getByRole('link', { name: 'Vanishing gradients', exact: true }).click();
  await expect.poll(async () => Number(await stepStatus(page).textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.locator('#loss')).toHaveText(/^\d+\.\d+$/);
  await lessonList(page).getByRole('link', { name: 'The writer of the books', exact: true }).click();
  await expect(stepStatus(page)).toHaveText('0');
  await expect(page.locator('#loss')).toHaveText('–');
  await expect(page.locator('#speed')).toHaveText('–');
});

test('the memory corpus shows no word pairs, saliency or agreement chart, and says what to look at instead', async ({ page }) => {
  await open(page);
  await corpusBox(page).selectOption('Long-range memory');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByRole('textbox', { name: 'Alternative pairs', exact: true })).toBeHidden();
  await expect(page.locator('#alternatives')).toBeHidden();
  await expect(page.locator('#saliency-strip')).toBeHidden();
  await expect(page.locator('#agreement-chart')).toBeHidden();
  await expect(page.locator('#pairs-note')).toBeVisible();
  await expect(page.locator('#pairs-note')).toContainText('next-character list');
  await expect(page.locator('#agreement-note')).toBeVisible();
  // the next-character list and the sample still answer
  await expect(page.locator('#next-chars li').first()).toBeVisible();

  await corpusBox(page).selectOption('Agreement grammar');
  await expect(page.locator('#alternatives')).toBeVisible();
  await expect(page.locator('#agreement-chart')).toBeVisible();
  await expect(page.locator('#pairs-note')).toBeHidden();
  await expect(page.locator('#agreement-note')).toBeHidden();
});

test("on the user's own text the word pairs are the user's (none at first) and saliency follows only them", async ({ page }) => {
  await open(page);
  await corpusBox(page).selectOption('Your own text');
  const ownText = page.getByRole('textbox', { name: 'Your text', exact: true });
  await ownText.fill(LIGHTHOUSE);
  await ownText.blur();
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  const pairsBox = page.getByRole('textbox', { name: 'Alternative pairs', exact: true });
  await expect(pairsBox).toHaveValue('');
  await expect(page.getByLabel('P(is)', { exact: true })).toHaveCount(0);
  await expect(page.locator('#saliency-strip')).toBeHidden();
  await expect(page.locator('#agreement-chart')).toBeHidden();
  await expect(page.locator('#pairs-note')).toContainText('Add word pairs');
  await expect(page.locator('#agreement-note')).toBeVisible();

  await pairsBox.fill('night/day');
  await pairsBox.press('Enter');
  await pairsBox.blur();
  expect(await probabilityOf(page, 'P(night)')).toBeGreaterThan(0);
  await expect(page.locator('#pairs-note')).toBeHidden();
  await expect(page.locator('#saliency-strip')).toBeVisible();
  await expect(page.locator('#saliency-strip .strip-name')).toHaveText('night vs day', { timeout: 15_000 });
  await expect(page.locator('#agreement-chart')).toBeHidden();
});

test('the saliency caption follows the pair, its label stays clear of the strip, and a long prompt scrolls by keyboard', async ({ page }) => {
  await open(page);
  const pairsBox = page.getByRole('textbox', { name: 'Alternative pairs', exact: true });
  await pairsBox.fill('was/were,is/are');
  await pairsBox.press('Enter');
  const strip = page.locator('#saliency-strip');
  await expect(strip.locator('.strip-name')).toHaveText('was vs were', { timeout: 15_000 });
  const caption = page.locator('#saliency-figure figcaption');
  await expect(caption).toContainText('push toward was');
  await expect(caption).toContainText('toward were');
  await expect(caption).not.toContainText('toward is');
  const name = await strip.locator('.strip-name').boundingBox();
  const cells = await strip.locator('.strip-cells').boundingBox();
  expect((name?.x ?? 0) + (name?.width ?? 0), 'the label ends before the strip starts').toBeLessThanOrEqual(cells?.x ?? 0);

  const long = 'The writer of the books that the critics who admired the painters of the old harbour town praised';
  await promptBox(page).fill(long);
  await expect(strip.locator('.strip-cells span')).toHaveCount(Array.from(long).length, { timeout: 15_000 });
  for (const strips of [strip, page.locator('#gate-strips')]) {
    expect(await strips.evaluate((e) => e.scrollWidth > e.clientWidth), 'the long prompt overflows its strip').toBe(true);
    await expect(page.locator(`#${await strips.getAttribute('id')} + .strips-more`), 'says so where scrollbars are hidden').toBeVisible();
    await strips.focus();
    await expect(strips).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => strips.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
  }
});

test('a lesson scrolled into view is not under the sticky toolbar, on a laptop and on a phone', async ({ page }) => {
  for (const [width, height] of [[1366, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await open(page);
    await lessonList(page).getByRole('link', { name: 'Vanishing gradients', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Lesson', exact: true });
    await expect(panel).toBeVisible();
    // the lesson opens trained to step 60: its figures fill the toolbar (which may wrap) before the scroll
    await expect(page.getByRole('status', { name: 'Step', exact: true })).toHaveText('60', { timeout: 30_000 });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // as a link to it, or focus moving into it, scrolls the page
    await panel.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const toolbar = await page.getByRole('region', { name: 'Training controls' }).boundingBox();
    const top = (await panel.boundingBox())?.y ?? 0;
    expect(top, `at ${width}×${height} the lesson starts below the toolbar`).toBeGreaterThanOrEqual((toolbar?.y ?? 0) + (toolbar?.height ?? 0));
  }
});

test('the file inputs read in full, and say which file was chosen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await open(page);
  await corpusBox(page).selectOption('Your own text');
  for (const label of ['Open model', 'Text file']) {
    const id = await page.getByLabel(label, { exact: true }).getAttribute('id');
    const shown = page.locator(`label.file-button[for="${id}"]`);
    await expect(shown).toBeVisible();
    expect(await shown.evaluate((e) => e.scrollWidth <= e.clientWidth), `${label} reads in full`).toBe(true);
    await expect(page.locator(`#${id}-name`)).toHaveText('No file chosen');
  }
  await page.getByLabel('Text file', { exact: true }).setInputFiles({ name: 'lighthouse.txt', mimeType: 'text/plain', buffer: Buffer.from(LIGHTHOUSE) });
  await expect(page.locator('#own-text-file-name')).toHaveText('lighthouse.txt');
});
