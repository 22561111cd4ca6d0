// Bidirectional layers and deep stacks in Debian's Chromium: the Bidirectional checkbox and the
// Connections choice say why they are off when they can't be used, the sentiment corpus trains a
// tagger whose words are coloured by their tag (forward-only and bidirectional side by side in
// Compare mode), the per-layer gradient chart follows a deep stack, and links carry all of it.
// Needs the built page (npm run build in www/, which needs www/pkg from `cargo xtask build`).

import { expect, type Locator, type Page } from '@playwright/test';
import { button, stepStatus, test } from './fixtures';

const SENTENCE = 'the movie was terribly exciting.';

const checkbox = (page: Page) => page.getByRole('checkbox', { name: 'Bidirectional', exact: true });
const connections = (page: Page) => page.getByRole('combobox', { name: 'Connections', exact: true });
const corpus = (page: Page) => page.getByRole('combobox', { name: 'Corpus', exact: true });
const layers = (page: Page) => page.getByRole('spinbutton', { name: 'Layers', exact: true });
const promptBox = (page: Page) => page.getByRole('textbox', { name: 'Prompt', exact: true });

/** A word of a tags readout (the main one under the prompt, or a compare row's). */
const word = (tags: Locator, text: string) => tags.locator(`[data-word="${text}"]`);
const mainTags = (page: Page) => page.locator('#tags');
const rowTags = (page: Page, variant: 'forward' | 'bidirectional') => page.locator(`#compare-answers [data-cell="${variant}"] .tags`);

async function openPage(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
}

test('Bidirectional is off with its reason for a language model, and on for the sentiment corpus', async ({ page }) => {
  await openPage(page);
  await expect(checkbox(page)).toBeDisabled();
  await expect(checkbox(page)).toHaveAccessibleDescription(/a language model cannot read ahead: the backward direction would already have read the character it predicts/);
  await expect(page.locator('#tags-figure')).toBeHidden();

  await corpus(page).selectOption('sentiment');
  await expect(checkbox(page)).toBeEnabled();
  await expect(checkbox(page)).not.toBeChecked();
  await expect(checkbox(page)).toHaveAccessibleDescription(/reads each sentence from its end/);
  await expect(promptBox(page)).toHaveValue(SENTENCE);
  // the tagger's readout replaces the language model's, and says so
  await expect(page.locator('#tags-figure')).toBeVisible();
  await expect(page.locator('#tagging-note')).toBeVisible();
  for (const id of ['#alternatives', '#next-chars', '#sample-text', '#agreement-chart', '#flow-chart']) await expect(page.locator(id)).toBeHidden();
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  // an untrained tagger claims no tag: every tagged word is "unsure"
  await expect(word(mainTags(page), 'terribly')).toHaveAttribute('data-tag', 'unsure', { timeout: 15_000 });
  await expect(word(mainTags(page), 'exciting')).toHaveAttribute('data-tag', 'unsure');
  await expect(word(mainTags(page), 'movie')).toHaveAttribute('data-tag', 'untagged');
  await checkbox(page).check();
  await expect.poll(() => page.url()).toContain('bidirectional=true');

  // leaving the sentiment corpus turns it off again, and the language model's prompt comes back
  await corpus(page).selectOption('agreement');
  await expect(checkbox(page)).toBeDisabled();
  await expect(checkbox(page)).not.toBeChecked();
  await expect(promptBox(page)).toHaveValue('The writer of the books');
  await expect.poll(() => page.url()).toContain('bidirectional=false');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('Connections is off with its reason at one layer; a deep stack shows its gradient per layer', async ({ page }) => {
  await openPage(page);
  await expect(connections(page)).toBeDisabled();
  await expect(connections(page)).toHaveAccessibleDescription(/Off for one layer/);
  await expect(page.locator('#layer-figure')).toBeHidden();
  await layers(page).fill('3');
  await layers(page).press('Enter');
  await layers(page).blur();
  await expect(connections(page)).toBeEnabled();
  await expect(page.locator('#layer-figure')).toBeVisible();
  await expect(page.locator('#layer-figure figcaption')).toContainText("the lowest layer's gradient falls far behind");
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await button(page, 'Step').click();
  await expect(page.locator('#layer-gradient-chart')).toHaveAttribute('data-ratio', /\d/, { timeout: 30_000 });
  const plain = Number(await page.locator('#layer-gradient-chart').getAttribute('data-ratio'));
  await connections(page).selectOption('dense');
  await expect.poll(() => page.url()).toContain('connections=dense');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await expect(page.locator('#dense-note')).toBeVisible(); // saliency and gradient flow: not for dense stacks
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
  await expect(page.locator('#layer-gradient-chart')).toHaveAttribute('data-ratio', /\d/);
  console.log(`3 layers, step 1: lowest/top gradient ${plain.toPrecision(2)} without skips`);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a bidirectional sentiment model tags "terribly exciting" right; the forward-only one beside it cannot', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const link = `#corpus=sentiment&embedding=16&lr=0.005&bidirectional=true&compare=true&prompt=${encodeURIComponent(SENTENCE)}`;
  await openPage(page, link);
  await expect(rowTags(page, 'forward')).toBeVisible();
  await expect(page.locator('#compare-caption')).toContainText('Forward-only and bidirectional side by side');
  await expect(word(rowTags(page, 'forward'), 'terribly')).toHaveAttribute('data-tag', 'unsure', { timeout: 15_000 });
  const start = Date.now();
  await button(page, 'Train').click();
  // the bidirectional model, under the prompt and in its compare row; the wait is a margin, not a claim of seconds
  await expect(word(mainTags(page), 'terribly')).toHaveAttribute('data-tag', 'positive', { timeout: 150_000 });
  const seconds = (Date.now() - start) / 1000;
  const step = Number(await mainTags(page).getAttribute('data-step'));
  const line = `"terribly exciting" tagged positive by the bidirectional model at step ${step}, ${seconds.toFixed(1)} s after Train`;
  console.log(line);
  testInfo.annotations.push({ type: 'measured', description: line });
  await expect(word(mainTags(page), 'terribly')).toHaveAttribute('title', /positive \(P\(positive\) \d+%\); the corpus rules say positive/);
  // The forward-only model learns the adjective, which the words up to it decide, but not "terribly".
  // Both rows are read in one snapshot of the page: the bidirectional P(positive) for "terribly" sits
  // near the 70% mark for a while and can dip under it between evaluations (CI, 2026-12-07, paused at
  // 69%), so the claim is that one evaluation shows both, not that a pause at any moment does.
  const snapshot = () => page.evaluate(() => {
    const tag = (variant: string, text: string) => document.querySelector(`#compare-answers [data-cell="${variant}"] .tags [data-word="${text}"]`)?.getAttribute('data-tag') ?? null;
    return { forwardExciting: tag('forward', 'exciting'), forwardTerribly: tag('forward', 'terribly'), bidirectionalTerribly: tag('bidirectional', 'terribly') };
  });
  let both = await snapshot();
  await expect.poll(async () => {
    both = await snapshot();
    return both.forwardExciting === 'positive' && both.bidirectionalTerribly === 'positive';
  }, { timeout: 90_000, intervals: [100] }).toBe(true);
  expect(both.forwardTerribly, 'the forward-only row does not tag "terribly" positive').not.toBe('positive');
  await button(page, 'Pause').click();
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a link with the new settings opens them and prints them back; an older link opens with the defaults', async ({ page }) => {
  await openPage(page, '#v=2&corpus=sentiment&cell=gru&layers=2&connections=dense&bidirectional=true&prompt=the%20plot%20was%20not%20bad.');
  await expect(corpus(page)).toHaveValue('sentiment');
  await expect(connections(page)).toHaveValue('dense');
  await expect(checkbox(page)).toBeChecked();
  await expect(promptBox(page)).toHaveValue('the plot was not bad.');
  await expect.poll(() => page.url()).toMatch(/corpus=sentiment&.*layers=2&connections=dense&bidirectional=true&/);
  await expect(word(mainTags(page), 'not')).toHaveAttribute('data-tag', /unsure|positive|negative/, { timeout: 15_000 });

  // a link of before these settings: residual was a checkbox, and there was no bidirectional
  await openPage(page, '#v=2&corpus=agreement&cell=lstm&hidden=64&layers=2&residual=true&embedding=32');
  await expect(connections(page)).toHaveValue('residual');
  await expect(checkbox(page)).not.toBeChecked();
  await expect(checkbox(page)).toBeDisabled();
  // its only notice: link v=4 changed every agreement run, so it opens but does not replay exactly
  await expect(page.getByRole('alert')).toHaveText([/made by an earlier version of this page \(v=2;/]);
  await expect.poll(() => page.url()).toContain('connections=residual&bidirectional=false');
  expect(page.url()).not.toContain('residual=true');
  const plain = '#v=2&corpus=memory&cell=gru&hidden=32&layers=1&residual=false';
  await openPage(page, plain);
  await expect(connections(page)).toHaveValue('none');
  await expect(page.getByRole('alert')).toHaveText([/made by an earlier version of this page \(v=2;/]);
});
