// The playground page in Debian's Chromium, driven by accessible names as a person sees them.
// Needs the built page (npm run build in www/, which needs www/pkg from `cargo xtask build`).

import { expect, type Locator, type Page, test as base } from '@playwright/test';
import { button, promptBox, promptLatencies, stepStatus } from './fixtures';

const DEFAULT_PROMPT = 'The writer of the books';

// every test fails on a console error or an uncaught exception in its pages
const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      watchConsole(page, errors);
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

function watchConsole(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
}

// ---- the page, by accessible name ------------------------------------------------------------------

const alerts = (page: Page) => page.getByRole('alert');

/** The bars' output for one alternative; its data-prob holds the unrounded probability. */
const alternative = (page: Page, word: string) => page.getByLabel(`P(${word})`, { exact: true });

/** Opens the page (optionally a link) and waits until the trainer is ready. */
async function open(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
}

async function stepOf(page: Page): Promise<number> {
  return Number(await stepStatus(page).textContent());
}

async function probabilityOf(page: Page, word: string): Promise<number> {
  return Number(await alternative(page, word).getAttribute('data-prob'));
}

async function lossOf(page: Page): Promise<number> {
  return Number(await page.getByRole('status', { name: 'Loss', exact: true }).textContent());
}

/** Waits until training has stopped and the bars show the probe made at the step it stopped on. */
async function settled(page: Page): Promise<number> {
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
  const step = await stepOf(page);
  await expect(bars(page)).toHaveAttribute('data-step', String(step));
  return step;
}

/** The element holding all the bars, which records the prompt and step they answer. */
function bars(page: Page): Locator {
  return page.locator('[data-prompt]').filter({ has: alternative(page, 'is') });
}

// ---- tests -----------------------------------------------------------------------------------------

test('the page loads with the wasm trainer, the default prompt and its answer', async ({ page }) => {
  const wasmTypes: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.wasm')) wasmTypes.push(response.headers()['content-type'] ?? '');
  });
  await open(page);
  expect(wasmTypes.length, 'the trainer and the snapshot workers each load the wasm').toBeGreaterThan(0);
  expect(new Set(wasmTypes)).toEqual(new Set(['application/wasm']));
  await expect(promptBox(page)).toHaveValue(DEFAULT_PROMPT);
  await expect(stepStatus(page)).toHaveText('0');
  await expect(alternative(page, 'is')).toHaveText(/^\d+\.\d%$/);
  await expect(alternative(page, 'are')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByRole('combobox', { name: 'Cell', exact: true }).locator('option')).toHaveText(['RNN', 'GRU', 'LSTM']);
  await expect(alerts(page)).toHaveCount(0);
});

test('Train makes the loss fall', async ({ page }) => {
  await open(page);
  await button(page, 'Train').click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(1);
  const first = await lossOf(page);
  await expect.poll(() => lossOf(page), { timeout: 45_000 }).toBeLessThan(first * 0.75);
});

test('Pause stops the step counter, and Step takes one step', async ({ page }) => {
  await open(page);
  await button(page, 'Train').click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(2);
  await button(page, 'Pause').click();
  const paused = await settled(page);
  await page.waitForTimeout(1500);
  expect(await stepOf(page)).toBe(paused);
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText(String(paused + 1));
});

const EDITS = [
  'The writer of the book',
  'The writers of the book',
  'The keys to the cabinet',
  'The author that the dogs like',
  'The author that the dogs like is',
  'The pilot',
  'The pilots near the doctor',
  'The writer of the books',
];

// the milliseconds are `cargo xtask measure`'s (measure.spec.ts); here, that every edit is answered while training runs on
test('typing a prompt updates P(is) and P(are) while training runs', async ({ page }) => {
  await open(page);
  await button(page, 'Train').click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(1);
  const answers = await promptLatencies(page, EDITS);
  console.log(`probe latency while training (ms): ${answers.map((answer) => answer.ms.toFixed(1)).join(', ')}`);
  expect(answers).toHaveLength(EDITS.length);
  await expect(bars(page)).toHaveAttribute('data-prompt', EDITS.at(-1) ?? '');
  await expect.poll(() => stepOf(page), 'training ran on while the answers came').toBeGreaterThan(Number(answers[0]?.step));
});

test('the answers never wait for a training step, however long it takes', async ({ page }) => {
  // steps of a few seconds each: LSTM 192, batch 128, BPTT 256
  await open(page, '#v=2&cell=lstm&hidden=192&layers=1&embedding=32&batch=128&bptt=256');
  await button(page, 'Train').click();
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'true');
  const answers = await promptLatencies(page, EDITS.slice(0, 4));
  console.log(`answers (ms, at step): ${answers.map((answer) => `${answer.ms.toFixed(1)} at ${answer.step}`).join(', ')}`);
  // an order, not a time: every answer came while the first step was still running, so none waited for it
  expect(answers.map((answer) => answer.step)).toEqual(['0', '0', '0', '0']);
  await expect(stepStatus(page)).toHaveText('1', { timeout: 120_000 });
  await button(page, 'Pause').click();
});

test("the lecture's panels show under the prompt and beside the curves, and follow training", async ({ page }) => {
  await open(page);
  const saliency = page.locator('#saliency-strip .strip-cells span');
  const gateNames = page.locator('#gate-strips .strip-name');
  const flow = page.locator('#flow-chart');
  const spectra = page.locator('#spectra-chart');
  const agreement = page.locator('#agreement-chart');

  // at step 0: one tinted cell per prompt character, LSTM's three gates, and a first measurement of each
  await expect(saliency).toHaveCount(DEFAULT_PROMPT.length);
  expect((await saliency.allTextContents()).join('').replace(/\u00a0/g, ' ')).toBe(DEFAULT_PROMPT);
  await expect(gateNames).toHaveText(['input', 'forget', 'output']);
  await expect(page.locator('#gate-strips .strip').first().locator('.strip-cells span')).toHaveCount(DEFAULT_PROMPT.length);
  await expect(flow).toHaveAttribute('data-step', '0');
  await expect(spectra).toHaveAttribute('data-points', '1');
  await expect(agreement).toHaveAttribute('data-step', '0');
  for (const caption of ['Saliency:', 'Gates', 'Gradient flow', 'Spectral radius of W']) {
    await expect(page.locator('figcaption').filter({ hasText: caption })).toBeVisible();
  }

  // while training, each look inside is measured again every few seconds
  await button(page, 'Train').click();
  await expect.poll(async () => Number(await flow.getAttribute('data-columns')), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  expect(Number(await flow.getAttribute('data-step'))).toBeGreaterThan(0);
  expect(Number(await spectra.getAttribute('data-points'))).toBeGreaterThanOrEqual(3);
  // agreement costs more, so it is measured less often
  await expect.poll(async () => Number(await agreement.getAttribute('data-step')), { timeout: 20_000 }).toBeGreaterThan(0);
  const milliseconds = JSON.parse((await page.locator('#charts').getAttribute('data-inspect-ms')) ?? '{}') as Record<string, number>;
  console.log(`inspection in the browser (ms): ${Object.entries(milliseconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);

  // the heatmap is drawn: the plot's middle is coloured, not blank
  const painted = await flow.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    const pixel = context?.getImageData(canvas.width / 2, canvas.height / 3, 1, 1).data;
    return pixel !== undefined && pixel[3] === 255;
  });
  expect(painted).toBe(true);

  // the strips follow the prompt, as text
  await promptBox(page).fill('The keys <b>');
  await expect(saliency).toHaveCount('The keys <b>'.length);
  await expect(page.locator('#saliency-strip b')).toHaveCount(0);

  // when training stops, the answers and every look inside come from the step it stopped at
  await button(page, 'Pause').click();
  const step = await settled(page);
  await expect(page.getByRole('status', { name: 'Answers from step', exact: true })).toHaveText(String(step));
  await expect(flow).toHaveAttribute('data-step', String(step), { timeout: 10_000 });
  await expect(agreement).toHaveAttribute('data-step', String(step));

  // a GRU has two gates, a plain RNN none
  const cell = page.getByRole('combobox', { name: 'Cell', exact: true });
  await cell.selectOption('GRU');
  await expect(gateNames).toHaveText(['reset', 'update']);
  await cell.selectOption('RNN');
  await expect(page.locator('#gates')).toBeHidden();
  await expect(saliency).toHaveCount('The keys <b>'.length);
  await expect(flow).toHaveAttribute('data-columns', '1');
});

test("Compare trains RNN, GRU and LSTM side by side and shows each one's P(is)", async ({ page }) => {
  await open(page);
  const compare = button(page, 'Compare');
  const answers = ['RNN', 'GRU', 'LSTM'].map((cell) => page.getByLabel(`${cell} P(is)`, { exact: true }));
  const stepsOf = async () =>
    Promise.all(['rnn', 'gru', 'lstm'].map(async (cell) => Number((await page.locator(`[data-cell="${cell}"] .at-step`).textContent())?.replace('step ', '') || -1)));
  await expect(page.locator('#compare-panel')).toBeHidden();
  await compare.click();
  await expect(compare).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#compare-panel')).toBeVisible();
  await expect.poll(() => page.url()).toContain('compare=true'); // links carry compare mode
  for (const answer of answers) await expect(answer).toHaveText(/^\d+\.\d%$/, { timeout: 15_000 });

  await expect(button(page, 'Train')).toBeEnabled();
  await button(page, 'Train').click();
  await expect.poll(async () => Math.min(...(await stepsOf())), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  await button(page, 'Pause').click();
  await settled(page);
  // each extra model stops at the end of its chunk and answers from there, then nothing moves
  const still = async () => {
    const before = (await stepsOf()).join();
    await page.waitForTimeout(1000);
    return (await stepsOf()).join() === before;
  };
  await expect.poll(still, { timeout: 15_000 }).toBe(true);
  const paused = await stepsOf();
  expect(paused[2]).toBe(await stepOf(page)); // the main model (LSTM) is one of the three
  // the main model's bars and its compare row show the same answer
  expect(await answers[2]?.getAttribute('data-prob')).toBe(await alternative(page, 'is').getAttribute('data-prob'));

  await compare.click();
  await expect(compare).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('#compare-panel')).toBeHidden();
  await expect(alerts(page)).toHaveCount(0);
});

test('a copied link opened in a fresh page retrains to the same weights and probabilities', async ({ page, browser }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  const prompt = 'The keys to the cabinet';
  await promptBox(page).fill(prompt);
  await button(page, 'Train').click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(5);
  await button(page, 'Pause').click();
  const step = await settled(page);
  const expected = {
    is: await probabilityOf(page, 'is'),
    are: await probabilityOf(page, 'are'),
    fingerprint: await stepStatus(page).getAttribute('data-fingerprint'),
  };
  expect(expected.fingerprint).toMatch(/^[0-9a-f]+$/);

  await button(page, 'Copy link').click();
  await expect(page.getByText(`Link copied (step ${step})`)).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain(`steps=${step}`);

  const fresh = await (await browser.newContext()).newPage();
  const freshErrors: string[] = [];
  watchConsole(fresh, freshErrors);
  await fresh.goto(link);
  await expect(promptBox(fresh)).toHaveValue(prompt);
  await expect(stepStatus(fresh)).toHaveText(String(step), { timeout: 60_000 });
  expect(await settled(fresh)).toBe(step);
  expect({
    is: await probabilityOf(fresh, 'is'),
    are: await probabilityOf(fresh, 'are'),
    fingerprint: await stepStatus(fresh).getAttribute('data-fingerprint'),
  }).toEqual(expected);
  expect(freshErrors).toEqual([]);
  await fresh.context().close();
});

test('malformed and hostile links show notices, inject nothing and keep the page working', async ({ page }) => {
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const hash =
    '#v=2&hidden=99999999999&batch=-5&lr=abc&bptt=1e999x&cell=%3Csvg%20onload%3Dalert(1)%3E' +
    `&prompt=${encodeURIComponent(hostile)}&pairs=${encodeURIComponent('<b>is/are')}`;
  await open(page, hash);
  const notices = alerts(page);
  await expect(notices.filter({ hasText: 'Link setting "hidden": "99999999999" is above the maximum 512; used 512.' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Link setting "batch": "-5" is below the minimum 1; used 1.' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Link setting "lr": "abc" is not a number' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Link setting "bptt"' })).toHaveCount(1);
  await expect(notices.filter({ hasText: 'Link setting "cell": "<svg onload=alert(1)>" is not one of' })).toHaveCount(1);

  // the hostile text stays text: in the prompt box and in a bar's label, never as markup
  await expect(promptBox(page)).toHaveValue(hostile);
  await expect(alternative(page, '<b>is')).toHaveText(/%$/);
  expect(await page.evaluate(() => 'pwned' in window || '__pwned' in window)).toBe(false);
  await expect(page.locator('img, svg, b')).toHaveCount(0);
  await expect(page.locator('script', { hasText: 'pwned' })).toHaveCount(0);

  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
});

test('links from a newer version, or of garbage, open with the defaults and say so', async ({ page }) => {
  await open(page, '#v=5&cell=gru&hidden=16');
  await expect(alerts(page)).toContainText(['comes from a newer version of this page (v=5']);
  await expect(page.getByRole('combobox', { name: 'Cell', exact: true })).toHaveValue('lstm');

  await open(page, '#%E0%A4%A&<script>');
  await expect(alerts(page).filter({ hasText: 'The link has 2 unreadable parts' })).toHaveCount(1);
  await expect(alerts(page).filter({ hasText: 'Nothing in the link could be used' })).toHaveCount(1);
  await expect(promptBox(page)).toHaveValue(DEFAULT_PROMPT);
});

test('a link opened just after a change of setting is the one that opens', async ({ page }) => {
  await open(page);
  // the change rewrites the hash 400 ms later; the new link arrives before that and must win
  await page.getByRole('combobox', { name: 'Cell', exact: true }).selectOption('GRU');
  // keep the page busy until the rewrite is due, so the link's arrival and the rewrite are both waiting
  await page.evaluate(() => {
    window.setTimeout(() => {
      const until = performance.now() + 600;
      while (performance.now() < until);
    }, 0);
  });
  await page.goto('./#v=2&cell=rnn&hidden=16');
  await expect(page.getByRole('combobox', { name: 'Cell', exact: true })).toHaveValue('rnn');
  await expect(button(page, 'Train')).toBeEnabled();
  await expect.poll(() => page.url()).toMatch(/cell=rnn&.*hidden=16/);
});

test('changing a setting starts over and goes into the link', async ({ page }) => {
  await open(page);
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
  const before = await stepStatus(page).getAttribute('data-fingerprint');
  await page.getByRole('combobox', { name: 'Cell', exact: true }).selectOption('GRU');
  await expect(stepStatus(page)).toHaveText('0');
  await expect(button(page, 'Train')).toBeEnabled();
  await expect(stepStatus(page)).not.toHaveAttribute('data-fingerprint', before ?? '');
  await expect.poll(() => page.url()).toContain('cell=gru');
});

// the page's chars/s beside the wasm benchmark, and the time to "is", are `cargo xtask measure`'s (measure.spec.ts)
test('training never blocks the main thread: no task on it comes near the length of a step', async ({ page }) => {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    Object.assign(window, { longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  // steps of a few seconds each (LSTM 192, batch 128, BPTT 256): a step on the main thread would be a task that long
  await open(page, '#v=2&cell=lstm&hidden=192&layers=1&embedding=32&batch=128&bptt=256');
  const start = await page.evaluate(() => performance.now());
  await button(page, 'Train').click();
  for (let i = 0; i < 4; i++) await promptBox(page).pressSequentially(i % 2 === 0 ? 's' : 'x', { delay: 100 }); // probes while training
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  // the page's own clock: load slows the steps and the main thread's tasks alike
  const stepMs = ((await page.evaluate(() => performance.now())) - start) / (await stepOf(page));
  await button(page, 'Pause').click();
  await settled(page);
  const longTasks = await page.evaluate(
    (start) => (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks.filter((t) => t.start >= start),
    start,
  );
  const longest = Math.max(0, ...longTasks.map((task) => task.duration));
  console.log(`a step ${stepMs.toFixed(0)} ms; the main thread's longest task ${longest.toFixed(0)} ms (${longTasks.length} over 50 ms)`);
  expect(longest, JSON.stringify(longTasks)).toBeLessThan(stepMs / 4);
  expect(Number((await page.getByRole('status', { name: 'Speed', exact: true }).textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
});

test('your own text trains, and a text the core rejects shows its message', async ({ page }) => {
  await open(page);
  await page.getByRole('combobox', { name: 'Corpus', exact: true }).selectOption('Your own text');
  await expect(alerts(page)).toContainText(['Paste a text or choose a text file']);
  await expect(button(page, 'Train')).toBeDisabled();

  const ownText = page.getByRole('textbox', { name: 'Your text', exact: true });
  await ownText.fill('far too short');
  await ownText.blur();
  await expect(alerts(page).filter({ hasText: "These settings can't be trained: text:" })).toHaveCount(1);

  const story = 'Once upon a time a small fox ran across the snowy field to find her friends. '.repeat(60);
  await page.getByLabel('Text file', { exact: true }).setInputFiles({ name: 'story.txt', mimeType: 'text/plain', buffer: Buffer.from(story) });
  await expect(button(page, 'Train')).toBeEnabled();
  await expect(alerts(page)).toHaveCount(0);
  await expect(ownText).toHaveValue(story);
});

test("your own text is kept in this browser, and a link names it without carrying it", async ({ page, browser }) => {
  const story = 'Once upon a time a small fox ran across the snowy field to find her friends. '.repeat(60);
  const yourText = (p: Page) => p.getByRole('textbox', { name: 'Your text', exact: true });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await page.getByRole('combobox', { name: 'Corpus', exact: true }).selectOption('Your own text');
  await yourText(page).fill(story);
  await yourText(page).blur();
  await expect(button(page, 'Train')).toBeEnabled();
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
  const fingerprint = await stepStatus(page).getAttribute('data-fingerprint');
  await button(page, 'Copy link').click();
  await expect(page.getByText('Link copied (step 1)')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/corpus=text&text=[0-9a-f]{16}&/);
  expect(link).not.toContain('snowy');

  // a reload finds the text again and retrains the link to the same weights
  await page.reload();
  await expect(yourText(page)).toHaveValue(story);
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
  await expect(stepStatus(page)).toHaveAttribute('data-fingerprint', fingerprint ?? '');
  await expect(alerts(page)).toHaveCount(0);

  // another browser has no such text: the link asks for it, and checks the one it is given
  const fresh = await (await browser.newContext()).newPage();
  const freshErrors: string[] = [];
  watchConsole(fresh, freshErrors);
  await fresh.goto(link);
  await expect(alerts(fresh)).toContainText(['paste or choose that text']);
  await yourText(fresh).fill(story.replace('fox', 'cat'));
  await yourText(fresh).blur();
  await expect(alerts(fresh).filter({ hasText: 'is not the one the link was trained on' })).toHaveCount(1);
  await yourText(fresh).fill(story);
  await yourText(fresh).blur();
  await expect(alerts(fresh)).toHaveCount(0);
  await expect(stepStatus(fresh)).toHaveText('1', { timeout: 30_000 });
  await expect(stepStatus(fresh)).toHaveAttribute('data-fingerprint', fingerprint ?? '');
  expect(freshErrors).toEqual([]);
  await fresh.context().close();
});

test('without JavaScript the page says what it needs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('./');
  await expect(alerts(page)).toHaveText(['The playground trains its models with JavaScript and WebAssembly: turn JavaScript on for this page to use it.']);
  await context.close();
});

test('a downloaded model opens again with its settings, weights and answers, and a bad file says why', async ({ page }) => {
  await open(page);
  await button(page, 'Train').click();
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(3);
  await button(page, 'Pause').click();
  const step = await settled(page);
  const before = { fingerprint: await stepStatus(page).getAttribute('data-fingerprint'), is: await probabilityOf(page, 'is') };
  const [download] = await Promise.all([page.waitForEvent('download'), button(page, 'Download model').click()]);
  const { readFile } = await import('node:fs/promises');
  const file = { name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await readFile(await download.path()) };

  await page.getByRole('combobox', { name: 'Cell', exact: true }).selectOption('GRU');
  await page.getByLabel('Hidden size', { exact: true }).fill('32');
  await page.getByLabel('Hidden size', { exact: true }).press('Enter');
  await expect(stepStatus(page)).toHaveText('0');

  await page.getByLabel('Open model', { exact: true }).setInputFiles(file);
  await expect(page.getByText(`Opened ${download.suggestedFilename()} (step ${step}).`)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Cell', exact: true })).toHaveValue('lstm');
  await expect(page.getByLabel('Hidden size', { exact: true })).toHaveValue('64');
  await expect(stepStatus(page)).toHaveText(String(step));
  await expect(stepStatus(page)).toHaveAttribute('data-fingerprint', before.fingerprint ?? '');
  await expect(bars(page)).toHaveAttribute('data-step', String(step));
  expect(await probabilityOf(page, 'is')).toBe(before.is);
  await expect(alerts(page)).toHaveCount(0);

  await page.getByLabel('Open model', { exact: true }).setInputFiles({ name: 'junk.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
  await expect(alerts(page)).toContainText(['Opening junk.safetensors failed: model file: not a readable safetensors file']);
  await expect(stepStatus(page)).toHaveText(String(step)); // the opened model stays
});

test('the keyboard alone can train and pause', async ({ page }) => {
  await open(page);
  for (let i = 0; i < 5 && !(await button(page, 'Train').evaluate((b) => b === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(button(page, 'Train')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => stepOf(page)).toBeGreaterThanOrEqual(1);
  await page.keyboard.press('Tab');
  await expect(button(page, 'Pause')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(stepStatus(page)).toHaveAttribute('data-running', 'false');
});

test('fits a phone-sized screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await open(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expect(promptBox(page)).toBeVisible();
});

test('works offline once loaded', async ({ page, context }) => {
  await open(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await page.reload();
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
});
