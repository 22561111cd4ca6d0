// The page in the engines students have besides Chromium: Firefox (SpiderMonkey) and WebKitGTK
// (JavaScriptCore, Safari's engine), Debian's builds, driven as tests/engines/browsers.cjs says.
// In each: the golden runs replay to the golden file's bits (crates/rnn-core/tests/goldens/goldens.json,
// the file the native and Node tests read), the page opens, retrains a link, trains and probes with
// no console error, and the quick lessons reach "Seen"; and the page starts in locales it does not
// expect. Needs the built page and www/pkg (cargo xtask build); `npm run test:engines` in www/.

import { expect, type TestInfo, test } from '@playwright/test';
import goldens from '../../crates/rnn-core/tests/goldens/goldens.json' with { type: 'json' };
import { lessons } from '../../www/src/lessons/data';
import { ENGINES, type EngineBrowser, launch, waitFor } from './browsers.cjs';
import { MEASURE, report, RUNS } from '../measure';

const base = `http://127.0.0.1:${process.env['E2E_ENGINES_PORT'] ?? 4175}/`;
const preset = goldens.runs.find((run) => 'preset' in run && run.preset === 'agreement');
const STEPS = preset?.steps ?? 0;

/**
 * Runs `body` with a browser of `engine`, then fails on any console error or uncaught exception the
 * page had, but those matching `provoked` (what the test itself caused on purpose).
 */
async function withBrowser(engine: 'firefox' | 'webkit', body: (browser: EngineBrowser) => Promise<void>, language?: string, provoked?: RegExp): Promise<void> {
  const browser = await launch(engine, { language });
  try {
    await body(browser);
    const errors = (await browser.errors()).filter((error) => provoked === undefined || !provoked.test(error));
    expect(errors, `${engine}: console errors`).toEqual([]);
  } finally {
    await browser.close();
  }
}

/** A line for the suite's log and the test's annotations (the closing note quotes them). */
function record(testInfo: TestInfo, type: string, line: string): void {
  console.log(line);
  testInfo.annotations.push({ type, description: line });
}

const notices = (browser: EngineBrowser): Promise<string[]> =>
  browser.evaluate(`[...document.querySelectorAll('#notices .notice')].map((notice) => notice.textContent)`);

/** Opens the page at `hash` and waits for Train to be enabled, as a person would before clicking it. */
async function openPage(browser: EngineBrowser, hash = ''): Promise<void> {
  await browser.goto(`${base}${hash}`);
  try {
    await waitFor(browser, `!document.getElementById('train').disabled`, 60_000, 'Train to be enabled');
  } catch (error) {
    // say what the page said: a notice or an error explains a start that never finished
    throw new Error(`${String(error)}; notices: ${JSON.stringify(await notices(browser))}; errors: ${JSON.stringify(await browser.errors())}`);
  }
}

/** The lessons that open trained to their step, seen in seconds. */
const QUICK_LESSONS = ['vanishing', 'exploding'];

/** Clicks lesson `id` in the Lessons list by its title, as a person opens it, and waits for "Seen". */
async function seenFromList(browser: EngineBrowser, id: string, timeout: number): Promise<{ step: string; seconds: number }> {
  const title = lessons.find((lesson) => lesson.id === id)?.title;
  expect(title, `lesson ${id} in www/src/lessons/data/`).toBeTruthy();
  const start = Date.now();
  const clicked = await browser.evaluate(
    `(() => { const link = [...document.querySelectorAll('nav[aria-label="Lessons"] a')].find((a) => a.textContent.trim() === ${JSON.stringify(title)}); link?.click(); return link !== undefined; })()`,
  );
  expect(clicked, `a link "${title}" in the Lessons list`).toBe(true);
  await waitFor(browser, `document.getElementById('lesson-title').textContent === ${JSON.stringify(title)}`, 30_000, `lesson ${id} to open`);
  const step: string = await waitFor(browser, `document.getElementById('lesson').dataset.seenStep`, timeout, `lesson ${id} to be seen`);
  return { step, seconds: (Date.now() - start) / 1000 };
}

for (const engine of ENGINES) {
  test.describe(engine, () => {
    test('replays the golden runs to the golden file\'s bits', async ({}, testInfo) => {
      test.setTimeout(180_000);
      const wanted = goldens.runs.filter((run) => 'config' in run);
      expect(wanted.length, 'config runs in goldens.json').toBeGreaterThan(0);
      await withBrowser(engine, async (browser) => {
        await browser.goto(`${base}harness/goldens.html`);
        const outcome = await waitFor(browser, `(() => { const o = document.getElementById('result'); return o.dataset.result ?? (o.dataset.error && 'error: ' + o.dataset.error); })()`, 150_000, 'the golden runs');
        expect(outcome).not.toMatch(/^error: /);
        const results: { name: string; vocab: number; losses: string[]; weights: string; model_file: string }[] = JSON.parse(outcome);
        expect(results.map((run) => run.name)).toEqual(wanted.map((run) => run.name));
        for (const [index, run] of results.entries()) {
          const golden = wanted[index]!;
          expect({ vocab: run.vocab, losses: run.losses, weights: run.weights, model_file: run.model_file }, `${engine}: ${run.name}`).toEqual({
            vocab: golden.vocab,
            losses: golden.losses,
            weights: golden.weights,
            model_file: golden.model_file,
          });
          record(testInfo, 'golden', `${engine}: ${run.name}: ${run.weights}`);
        }
      });
    });

    test('opens, retrains a link to its golden fingerprint, trains and probes with no console error', async ({}, testInfo) => {
      test.setTimeout(150_000);
      expect(STEPS).toBeGreaterThan(0);
      await withBrowser(engine, async (browser) => {
        await openPage(browser);
        // the page's default linked at the golden run's step: retrained to the native bits
        await browser.goto(`${base}#steps=${STEPS}`);
        await waitFor(browser, `(() => { const s = document.getElementById('step'); return s.textContent === '${STEPS}' && s.dataset.running === 'false'; })()`, 90_000, `step ${STEPS}`);
        const fingerprint = await browser.evaluate(`document.getElementById('step').dataset.fingerprint`);
        record(testInfo, 'golden', `${engine}: the page's default at step ${STEPS}: ${fingerprint}`);
        expect(fingerprint, 'the golden run of the page\'s default').toBe(preset?.weights);
        // the probe answers from the weights it trained
        await waitFor(browser, `document.getElementById('alternatives').dataset.step === '${STEPS}'`, 30_000, 'the probe at the linked step');
        // the first pair's first word (is, of is/are): its output holds the unrounded probability
        const probability: number = await browser.evaluate(`Number(document.getElementById('alternative-0-0')?.dataset.prob)`);
        expect(probability).toBeGreaterThan(0);
        expect(probability).toBeLessThan(1);
        // trains on from there, then pauses
        await browser.evaluate(`document.getElementById('train').click()`);
        await waitFor(browser, `Number(document.getElementById('step').textContent) >= ${STEPS + 3}`, 60_000, 'three more steps');
        await browser.evaluate(`document.getElementById('pause').click()`);
        await waitFor(browser, `document.getElementById('step').dataset.running === 'false'`, 30_000, 'the pause');
        expect(await notices(browser), `${engine}: notices`).toEqual([]);
        // the page's Content-Security-Policy holds here too: a script written into the page does not run
        const ran = await browser.evaluate(`new Promise((resolve) => {
          const script = document.createElement('script');
          script.textContent = 'window.inlineRan = true;';
          document.body.append(script);
          setTimeout(() => resolve(window.inlineRan === true), 300);
        })`);
        expect(ran, `${engine}: an injected inline script ran`).toBe(false);
      }, undefined, /^Content-Security-Policy: .*blocked an inline script/); // Firefox reports the refusal
    });

    // the seconds are `cargo xtask measure`'s (the test tagged @measure below): here the step each is seen at
    test('the quick lessons reach "Seen"', async ({}, testInfo) => {
      test.setTimeout(240_000);
      await withBrowser(engine, async (browser) => {
        await openPage(browser);
        for (const id of QUICK_LESSONS) {
          const { step } = await seenFromList(browser, id, 180_000);
          record(testInfo, 'seen', `${engine}: lesson ${id} seen at step ${step}`);
        }
        await browser.evaluate(`document.getElementById('pause').click()`);
      });
    });

    test('the quick lessons: seconds to "Seen" from a fresh landing page', MEASURE, async ({}, testInfo) => {
      test.setTimeout(RUNS * 300_000);
      await withBrowser(engine, async (browser) => {
        for (const id of QUICK_LESSONS) {
          const seconds: number[] = [];
          const steps: string[] = [];
          for (let run = 0; run < RUNS; run++) {
            await browser.goto('about:blank');
            await openPage(browser);
            const seen = await seenFromList(browser, id, 180_000);
            seconds.push(Math.round(seen.seconds * 10) / 10);
            steps.push(seen.step);
          }
          report(testInfo, { measure: 'lesson_seen', subject: id, runtime: engine, unit: 's', runs: seconds, detail: `seen at steps ${steps.join(', ')}` });
        }
        await browser.evaluate(`document.getElementById('pause').click()`);
      });
    });
  });
}

test('WebKit started with LANG=C.UTF-8 (navigator.language "C", a tag Intl refuses) opens a working page', async () => {
  test.setTimeout(90_000);
  await withBrowser(
    'webkit',
    async (browser) => {
      expect(await browser.evaluate('navigator.language'), 'what this test is about').toBe('C');
      // before the fix: the main module threw "RangeError: invalid language tag: C" and Train stayed disabled
      await openPage(browser);
      const listed: number = await browser.evaluate(`document.querySelectorAll('nav[aria-label="Lessons"] a').length`);
      expect(listed).toBe(lessons.length);
      expect(await browser.evaluate(`document.getElementById('prompt').value`)).not.toBe('');
      await browser.evaluate(`document.getElementById('step-once').click()`);
      await waitFor(browser, `document.getElementById('step').textContent === '1' && document.getElementById('speed').value !== '–'`, 30_000, 'one step');
      expect(await notices(browser)).toEqual([]);
    },
    'C.UTF-8',
  );
});

test('Firefox whose language is an unusual but valid tag opens a working page and writes numbers in the page\'s locale', async () => {
  test.setTimeout(90_000);
  // Egyptian Arabic with Arabic-Indic digits: a page formatting in the browser's locale would write ١٬٢٣٤
  const tag = 'ar-EG-u-nu-arab';
  await withBrowser(
    'firefox',
    async (browser) => {
      // the page's own opening (a minute's margin, and what the page said if it never started): 30 s of its own once ran out on a cold Firefox
      await openPage(browser);
      // Firefox writes the tag's extension key in capitals ("u-NU"): tags are case-insensitive
      expect((await browser.evaluate('navigator.language')).toLowerCase(), 'what this test is about').toBe(tag.toLowerCase());
      await browser.evaluate(`document.getElementById('step-once').click()`);
      await waitFor(browser, `document.getElementById('step').textContent === '1' && document.getElementById('speed').value !== '–'`, 30_000, 'one step');
      expect(await browser.evaluate(`document.getElementById('speed').value`)).toMatch(/^[0-9,]+$/);
      expect(await notices(browser)).toEqual([]);
    },
    tag,
  );
});
