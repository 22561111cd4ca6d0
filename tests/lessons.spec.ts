// The lessons (www/src/lessons/data/) in Debian's Chromium: each opens from the Lessons list on a fresh
// landing page, shows its text in the Lesson panel beside the chart it is about, lists its conditions
// with their values, and marks the phenomenon it teaches as seen, with its contrast visible at that
// moment; and the page passes axe-core's colour-contrast check.
// Needs the built page (npm run build in www/, which needs www/pkg from `cargo xtask build`).

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { button, test } from './fixtures';
import { MEASURE } from './measure';
import { lessons as LESSONS } from '../www/src/lessons/data';


const lessons = () => LESSONS;
const titleOf = (id: string) => lessons().find((lesson) => lesson.id === id)?.title ?? id;
const lessonPanel = (page: Page) => page.getByRole('region', { name: 'Lesson', exact: true });
const lessonList = (page: Page) => page.getByRole('navigation', { name: 'Lessons', exact: true });
const progressList = (page: Page) => lessonPanel(page).getByRole('list', { name: 'Progress toward the mark' });

async function openPage(page: Page, hash = ''): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
}

/** What the page showed at the moment the lesson's panel first said "Seen". */
interface AtSeen {
  step: number;
  seconds: number;
  status: string;
  progress: { text: string; met: string | null; role: string | null }[];
  rows: { cell: string; text: string; check: string; holds: string | null; terribly: string | null }[];
  panel: string;
  evaluations: number; // of the main run's claim, since its run started
}

/**
 * Waits for the lesson's "seen" mark and reads, in the same frame, the panel and compare mode's rows:
 * what the student sees at that moment. Logs the seconds from `start`.
 */
async function seen(page: Page, start: number, timeout: number, testInfo: TestInfo, id: string): Promise<AtSeen> {
  const handle = await page.waitForFunction(
    () => {
      const panel = document.querySelector<HTMLElement>('#lesson');
      const step = panel?.dataset['seenStep'];
      if (panel == null || step === undefined) return null;
      return {
        step: Number(step),
        status: document.querySelector('#lesson-status')?.textContent ?? '',
        progress: Array.from(document.querySelectorAll<HTMLElement>('#lesson-progress li')).map((li) => ({
          text: li.textContent ?? '',
          met: li.dataset['met'] ?? null,
          role: li.dataset['role'] ?? null,
        })),
        rows: Array.from(document.querySelectorAll<HTMLElement>('#compare-answers [data-cell]')).map((row) => ({
          cell: row.dataset['cell'] ?? '',
          text: row.textContent ?? '',
          check: row.querySelector('.cell-check')?.textContent ?? '',
          holds: row.querySelector<HTMLElement>('.cell-check')?.dataset['holds'] ?? null,
          terribly: row.querySelector<HTMLElement>('[data-word="terribly"]')?.dataset['tag'] ?? null,
        })),
        panel: panel.textContent ?? '',
        evaluations: Number(document.querySelector<HTMLElement>('#lesson-progress')?.dataset['evaluations'] ?? 0),
      };
    },
    undefined,
    { timeout, polling: 100 },
  );
  const at = (await handle.jsonValue()) as Omit<AtSeen, 'seconds'> | null;
  if (at === null) throw new Error('the lesson was not seen');
  const result = { ...at, seconds: (Date.now() - start) / 1000 };
  const line = `lesson ${id}: seen at step ${result.step}, ${result.seconds.toFixed(1)} s, after ${result.evaluations} evaluations`;
  console.log(line);
  testInfo.annotations.push({ type: 'seen', description: line });
  expect(result.status).toContain(`Seen at step ${result.step}`);
  expect(result.panel, 'a readout never prints what it does not know').not.toMatch(/NaN|Infinity|undefined/);
  const unmet = result.progress.filter((line) => line.role === 'holds' && line.met !== 'true');
  expect(unmet, "every condition the lesson's runs must meet, met").toEqual([]);
  return result;
}

/** Opens a lesson from the Lessons list by its title, as a person would. */
async function openLesson(page: Page, id: string): Promise<void> {
  await lessonList(page).getByRole('link', { name: titleOf(id), exact: true }).click();
  await expect(lessonPanel(page).getByRole('heading', { name: titleOf(id) })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`lesson=${id}`));
}

/** A fresh landing page, then the lesson clicked in the Lessons list. */
async function fromLanding(page: Page, id: string): Promise<void> {
  await openPage(page);
  await openLesson(page, id);
}

/** Picks the lesson's right answer to its question (keyboard-usable radios) and returns it. */
async function predictRightly(page: Page, id: string): Promise<string> {
  const lesson = lessons().find((l) => l.id === id);
  const answer = lesson?.predict.answers[lesson.predict.right] ?? '';
  await lessonPanel(page).getByRole('radio', { name: answer, exact: true }).check();
  return answer;
}

const rowOf = (at: AtSeen, cell: string) => at.rows.find((row) => row.cell === cell);

// The lessons that take the longest to be seen (writer, cells, memory) are seen in `cargo xtask measure` (tagged @measure),
// which also times every lesson (measure.spec.ts); the suite checks that their checks follow them as they train.
// The quick lessons are seen here, with waits of several times their seconds on a loaded 2-core machine.
test('the writer lesson, clicked on the landing page, watches its check as it trains', async ({ page }) => {
  await fromLanding(page, 'writer');
  await expect(lessonPanel(page).getByRole('group', { name: /Predict first/ })).toBeVisible();
  await predictRightly(page, 'writer');
  await button(page, 'Train').click();
  // the lesson's check follows the lesson even when its settings were the page's already
  await expect(progressList(page)).toContainText(/agreement with 1(-\d)? attractors?: \d+%, needs above/, { timeout: 30_000 });
  await expect(progressList(page)).toContainText(/agreement with 0 attractors: \d+%, needs above/);
  await expect(progressList(page)).toContainText(/P\(is\)[^%]*: \d+%, needs above/);
  // and reads it again as training goes on
  const evaluations = () => progressList(page).evaluate((list) => Number((list as HTMLElement).dataset['evaluations'] ?? 0));
  const first = await evaluations();
  await expect.poll(evaluations, { timeout: 90_000 }).toBeGreaterThan(first);
  await expect(lessonPanel(page)).not.toContainText(/NaN|Infinity|undefined/);
  await button(page, 'Pause').click();
});

test('the writer lesson, clicked on the landing page, shows its progress and is seen', MEASURE, async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  await fromLanding(page, 'writer');
  await expect(lessonPanel(page).getByRole('group', { name: /Predict first/ })).toBeVisible();
  await predictRightly(page, 'writer');
  const start = Date.now();
  await button(page, 'Train').click();
  // the lesson's check follows the lesson even when its settings were the page's already
  await expect(progressList(page)).toContainText(/agreement with 1(-\d)? attractors?: \d+%, needs above/, { timeout: 30_000 });
  const at = await seen(page, start, 270_000, testInfo, 'writer');
  expect(at.progress.map((line) => line.text).join('\n')).toMatch(/agreement with 0 attractors: \d+%[^\n]*\n[^\n]*agreement with 1(-\d)? attractors?[^\n]*\n[^\n]*P\(is\)/);
  await expect(lessonPanel(page)).toContainText('Your prediction held');
  await button(page, 'Show the agreement chart').click();
  await expect(page.locator('.lesson-highlight')).toContainText('Agreement accuracy by number of attractors');
});

test('the vanishing and exploding lessons: seen as they open; exploding diverges, then its rerun trains', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await openPage(page);
  await expect(lessonList(page).getByRole('link')).toHaveCount(lessons().length);

  // vanishing: opens trained to its step, then the gradient ratio, the radius and "are" hold
  let start = Date.now();
  await openLesson(page, 'vanishing');
  const vanishing = await seen(page, start, 60_000, testInfo, 'vanishing');
  expect(vanishing.step, 'an untrained model shows nothing: seen where the lesson opens, trained').toBe(60);
  expect(vanishing.progress.map((line) => line.text).join('\n')).toMatch(/gradient left 20 steps back: [\d.e-]+, needs below/);
  await expect(lessonPanel(page)).toContainText('The answer: less than a thousandth');
  await expect(page.getByRole('spinbutton', { name: 'Hidden size' })).toBeHidden();

  // exploding, on a fresh landing page: the first step's gradient norm, and the run diverged
  await openPage(page);
  start = Date.now();
  await openLesson(page, 'exploding');
  const exploding = await seen(page, start, 60_000, testInfo, 'exploding');
  expect(exploding.progress.map((line) => line.text)).toContain('diverged: yes, needs yes');
  await lessonPanel(page).getByRole('link', { name: 'Step 3' }).click();
  start = Date.now();
  await button(page, 'Rerun with norm clipping').click();
  await expect(page.getByRole('combobox', { name: 'Clipping' })).toHaveValue('norm');
  await expect(lessonPanel(page)).not.toHaveAttribute('data-seen-step', /\d+/);
  const rerun = await seen(page, start, 90_000, testInfo, 'exploding, rerun with clipping');
  expect(rerun.progress.map((line) => line.text).join('\n')).toMatch(/loss: \d+\.\d\d bits\/char, needs below/);
});

test('the cells lesson: each cell in its row with its agreement, parameters and speed, on a shared axis', async ({ page }) => {
  await fromLanding(page, 'cells');
  await expect(button(page, 'Compare')).toHaveAttribute('aria-pressed', 'true');
  await button(page, 'Train').click();
  const rows = page.locator('#compare-answers [data-cell]');
  await expect(rows).toHaveCount(3);
  for (const cell of ['rnn', 'gru', 'lstm']) {
    const row = page.locator(`#compare-answers [data-cell="${cell}"]`);
    await expect(row, cell).toContainText(/agreement by attractors 0: \d+%/, { timeout: 90_000 });
    await expect(row, cell).toContainText('parameters');
    await expect(row, cell).toContainText('chars/s');
  }
  await expect(progressList(page).getByRole('listitem').filter({ hasText: /^RNN .*must stay/ })).toHaveCount(1);
  await expect(page.locator('#compare-chart')).toHaveAttribute('aria-label', /by characters trained/);
  await page.getByRole('radio', { name: 'seconds' }).check();
  await expect(page.locator('#compare-chart')).toHaveAttribute('aria-label', /by seconds/);
  await expect(lessonPanel(page)).not.toContainText(/NaN|Infinity|undefined/);
  await button(page, 'Pause').click();
});

test('the cells lesson: seen when the LSTM holds the check and the RNN and the GRU (these settings) do not, each in its row', MEASURE, async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await fromLanding(page, 'cells');
  await expect(button(page, 'Compare')).toHaveAttribute('aria-pressed', 'true');
  const start = Date.now();
  await button(page, 'Train').click();
  const at = await seen(page, start, 210_000, testInfo, 'cells');
  expect(rowOf(at, 'lstm')?.holds, `LSTM above the line: ${rowOf(at, 'lstm')?.check}`).toBe('true');
  expect(rowOf(at, 'gru')?.holds, `GRU below it with these settings: ${rowOf(at, 'gru')?.check}`).toBe('false');
  expect(rowOf(at, 'rnn')?.holds, `RNN below it: ${rowOf(at, 'rnn')?.check}`).toBe('false');
  for (const row of at.rows) {
    expect(row.text).toMatch(/agreement by attractors 0: \d+%/);
    expect(row.text).toContain('parameters');
    expect(row.text).toContain('chars/s');
  }
  expect(at.progress.map((line) => line.text).join('\n')).toMatch(/^RNN [^\n]*must stay/m);
  // the shared chart reads by characters trained or by seconds, not by steps the cells take at their own rates
  await expect(page.locator('#compare-chart')).toHaveAttribute('aria-label', /by characters trained/);
  await page.getByRole('radio', { name: 'seconds' }).check();
  await expect(page.locator('#compare-chart')).toHaveAttribute('aria-label', /by seconds/);
  await button(page, 'Pause').click();
});

test('the memory lesson: a recall figure in every cell row as it trains', async ({ page }) => {
  await fromLanding(page, 'memory');
  await expect(button(page, 'Compare')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('combobox', { name: 'Corpus' })).toBeHidden();
  await expect(lessonPanel(page).getByRole('status').first()).toContainText('Watching');
  await button(page, 'Train').click();
  for (const cell of ['rnn', 'gru', 'lstm']) {
    await expect(page.locator(`#compare-answers [data-cell="${cell}"] .cell-check`), cell).toContainText(/recall at distance 50: \d+%/, { timeout: 60_000 });
  }
  await expect(lessonPanel(page)).not.toContainText(/NaN|Infinity|undefined/);
  await button(page, 'Pause').click();
});

test('the memory lesson: a recall figure in every cell row, the GRU above the mark and the RNN below', MEASURE, async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await fromLanding(page, 'memory');
  await expect(button(page, 'Compare')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('combobox', { name: 'Corpus' })).toBeHidden();
  await expect(lessonPanel(page).getByRole('status').first()).toContainText('Watching');
  const start = Date.now();
  await button(page, 'Train').click();
  const at = await seen(page, start, 120_000, testInfo, 'memory');
  for (const cell of ['rnn', 'gru', 'lstm']) expect(rowOf(at, cell)?.check, cell).toMatch(/recall at distance 50: \d+%/);
  expect(rowOf(at, 'gru')?.holds).toBe('true');
  expect(rowOf(at, 'rnn')?.holds, `the RNN's recall stays below the mark: ${rowOf(at, 'rnn')?.check}`).toBe('false');
  await button(page, 'Pause').click();
});

test('the bidirectional lesson: seen when the bidirectional model tags "terribly" right and the forward-only one does not', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await fromLanding(page, 'bidirectional');
  await expect(button(page, 'Compare')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('textbox', { name: 'Prompt', exact: true })).toHaveValue('the movie was terribly exciting.');
  const start = Date.now();
  await button(page, 'Train').click();
  const at = await seen(page, start, 120_000, testInfo, 'bidirectional');
  expect(at.progress.map((line) => line.text).join('\n')).toMatch(/Bidirectional P\(positive\) for "terribly": \d+%/);
  expect(rowOf(at, 'forward')?.holds, `forward-only misses the check: ${rowOf(at, 'forward')?.check}`).toBe('false');
  expect(rowOf(at, 'forward')?.terribly, 'the forward-only row does not tag "terribly" positive').not.toBe('positive');
  expect(rowOf(at, 'bidirectional')?.terribly).toBe('positive');
  await button(page, 'Pause').click();
});

test('the deep stacks lesson: seen when the lowest layer falls behind; the residual rerun brings it back', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await fromLanding(page, 'deep');
  await expect(page.locator('.lesson-highlight #layer-gradient-chart')).toHaveCount(1);
  await expect(page.getByRole('combobox', { name: 'Connections' })).toHaveValue('none');
  let start = Date.now();
  await button(page, 'Train').click();
  const at = await seen(page, start, 60_000, testInfo, 'deep');
  expect(at.progress.map((line) => line.text).join('\n')).toMatch(/lowest layer's gradient \/ top layer's: [\d.e-]+, needs below/);
  await button(page, 'Pause').click();
  await lessonPanel(page).getByRole('link', { name: 'Step 4' }).click(); // the last step, where the rerun is offered
  start = Date.now();
  await button(page, 'Rerun with residual connections').click();
  await expect(page.getByRole('combobox', { name: 'Connections' })).toHaveValue('residual');
  await seen(page, start, 60_000, testInfo, 'deep, rerun with residual connections');
});

test('a lesson opened from the list on a laptop screen is in view, its question below the toolbar, and no settings group is left empty', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  for (const id of ['writer', 'cells', 'memory']) {
    await fromLanding(page, id);
    const question = lessonPanel(page).getByRole('group', { name: /Predict first/ });
    await expect(question, id).toBeInViewport({ ratio: 1 });
    // Playwright does not know the toolbar is sticky: the panel's title must not sit under it
    const below = await page.evaluate(() => {
      const title = document.getElementById('lesson-title')?.getBoundingClientRect().top ?? 0;
      return title >= (document.getElementById('toolbar')?.getBoundingClientRect().bottom ?? 0);
    });
    expect(below, `${id}: its title clears the toolbar`).toBe(true);
    const empty = await page.locator('#settings fieldset').evaluateAll((groups) =>
      groups.filter((group) => group.checkVisibility() && ![...group.querySelectorAll('input, select')].some((control) => control.checkVisibility())).map((group) => group.querySelector('legend')?.textContent ?? '?'),
    );
    expect(empty, `${id}: a settings group shown with none of its settings`).toEqual([]);
  }
});

test('a link names a lesson and its step: the step shows beside its chart, with only its controls', async ({ page }) => {
  await openPage(page, '#lesson=exploding&lesson_step=3');
  const panel = lessonPanel(page);
  await expect(panel).toContainText('Norm clipping rescales');
  await expect(panel.getByRole('link', { name: 'Step 3' })).toHaveAttribute('aria-current', 'step');
  // the panel sits just before the highlighted chart's figure, which it is about
  const beside = await panel.evaluate((element) => element.nextElementSibling?.querySelector('#gradient-chart') !== null);
  expect(beside).toBe(true);
  await expect(page.locator('.lesson-highlight #gradient-chart')).toHaveCount(1);
  await expect(page.getByRole('combobox', { name: 'Clipping' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Optimizer' })).toBeHidden();
  // another step does not start the run over, and closing the lesson shows every setting again
  await panel.getByRole('link', { name: 'Step 1' }).click();
  await expect(panel).toContainText('W_hh scaled by 2.5');
  await panel.getByRole('link', { name: 'Close the lesson' }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Optimizer' })).toBeVisible();
  await expect(page).not.toHaveURL(/lesson=/);
});

test("the page passes axe-core's colour-contrast check, with and without a lesson open", async ({ page }) => {
  for (const hash of ['', '#lesson=vanishing&lesson_step=2', '#lesson=bidirectional']) {
    await openPage(page, hash);
    const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
    const failures = results.violations.flatMap((violation) => violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
    expect(failures, `contrast failures with "${hash}"`).toEqual([]);
  }
});
