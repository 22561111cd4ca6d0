// The page in Korean: `#lang=ko` (or a Korean browser) shows every string in Korean — a string with
// Latin letters and no Hangul fails unless it is a name or unit below or the model's own text —
// and axe-core passes in both languages. The landing page's language switch reaches it.

import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { breakNumberFormat, test } from './fixtures';
import { lessons } from '../www/src/lessons/data';
import lessonsKo from '../www/src/i18n/lessons.ko.json' with { type: 'json' };

/** Names and units kept in Latin letters in Korean too (the field writes them so). */
const ALLOWED = ['RNN', 'GRU', 'LSTM', 'SGD', 'Adam', 'Adagrad', 'RMSprop', 'BPTT', 'W_hh', 'hh', 'P(is)', 'bits/char', 'English', 'ReLU', 'tanh', 'safetensors', 'PyTorch', 'none', 'rnn train --out', 'W',
  // the agreement grammar's prompt, as a lesson's title names it, and a citation
  'The writer of the books', 'KoCoNovel (Kim, Lee & Lee), CC BY-SA 4.0'];
/** Where the page shows the model's or the user's text, not its own words. */
const DATA = ['#sample-text', '#sample-history .sample-text', '#next-chars', '#saliency-strip .strip-cells', '#gate-strips .strip-cells', '#tags .word', '.tagged-word .word', '.prompt-marked', '#alternatives .word', 'q', 'em', 'kbd', 'code', 'input', 'textarea', '.u-legend .u-value', '#lang', '[data-untranslated]'];

/** The visible strings (text and labelling attributes) with Latin letters, no Hangul, and not only allowed names. */
async function untranslated(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ allowed, data }) => {
      const latinOnly = (shown: string) => {
        // quoted text is the user's or the model's (a Korean text's syllables): the page's own words are the rest
        const text = shown.replace(/“[^”]*”|"[^"]*"/g, ' ');
        let rest = text;
        for (const name of allowed) rest = rest.split(name).join(' ');
        rest = rest.replace(/P\([^)]*\)/g, ' '); // P(word): the probability of a word, as the field writes it
        // an English phrase inside a Korean sentence (a message of the core's that the frame around it did not reach) fails too
        return (/[A-Za-z]/.test(rest) && !/[\uac00-\ud7a3\u3131-\u318e]/.test(text)) || /[A-Za-z]+(?:[ ,;:()'-]+[A-Za-z]+){2,}/.test(rest);
      };
      const skipped = (element: Element) => data.some((selector) => element.closest(selector) !== null);
      const found = new Set<string>();
      if (latinOnly(document.title)) found.add(`title: ${document.title}`);
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const element = node instanceof Element ? node : node.parentElement;
        if (element === null || skipped(element) || !element.checkVisibility({ visibilityProperty: true })) continue;
        if (element.closest('noscript, script, style') !== null) continue;
        if (node instanceof Text) {
          const text = node.data.replace(/\s+/g, ' ').trim();
          if (latinOnly(text)) found.add(text);
        } else {
          for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
            const value = (node as Element).getAttribute(name);
            if (value !== null && latinOnly(value)) found.add(`${name}: ${value}`);
          }
        }
      }
      return [...found];
    },
    { allowed: ALLOWED, data: DATA },
  );
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator('html')).toHaveAttribute('data-started', '');
  await expect(page.locator('#train')).toBeEnabled({ timeout: 15_000 });
}

/** Waits until the page has answered (Train enabled), then fails on any string it shows in English. */
async function expectKorean(page: Page, state: string): Promise<void> {
  await expect(page.getByRole('button', { name: '훈련', exact: true })).toBeEnabled({ timeout: 30_000 });
  expect(await untranslated(page), state).toEqual([]);
}

/** One step on the Korean page, then the page read again once the step has landed. */
async function stepOnce(page: Page, state: string): Promise<void> {
  await page.getByRole('button', { name: '스텝', exact: true }).click();
  await expect(page.locator('#step')).toHaveText('1', { timeout: 30_000 });
  await expectKorean(page, `${state}, after a step`);
}

const ownText = (page: Page) => page.getByRole('textbox', { name: '텍스트', exact: true });

async function axeFailures(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id} ${node.target.join(' ')}: ${node.failureSummary ?? ''}`));
}

test('the language switch on the landing page turns the page Korean, and back', async ({ page }) => {
  await open(page, '');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page).toHaveURL(/lang=ko/);
  await expect(page.getByRole('button', { name: '훈련', exact: true })).toBeVisible();
  expect(await untranslated(page)).toEqual([]);
  await page.getByRole('combobox', { name: '언어' }).selectOption('en');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('a Korean browser gets the Korean page without a link field', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  await open(page, '');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('순환 신경망, 실시간으로');
  await context.close();
});

/** Trains the Korean page a few steps and pauses it. */
async function trainAWhile(page: Page): Promise<void> {
  await page.getByRole('button', { name: '훈련', exact: true }).click();
  await expect(page.locator('#step')).not.toHaveText('0', { timeout: 20_000 });
  await page.getByRole('button', { name: '일시 정지', exact: true }).click();
}

for (const [what, hash] of [['the landing page', '#lang=ko'], ['compare mode', '#lang=ko&compare=true']] as const) {
  test(`#lang=ko shows ${what} in Korean, before and while it trains`, async ({ page }) => {
    await open(page, hash);
    expect(await untranslated(page)).toEqual([]);
    await trainAWhile(page);
    expect(await untranslated(page)).toEqual([]);
  });
}

test("#lang=ko leaves the model's and the user's text as written: the sample goes on from the prompt itself", async ({ page }) => {
  await open(page, '#lang=ko');
  await trainAWhile(page);
  await page.getByRole('button', { name: '샘플링', exact: true }).click();
  // the lesson of the same name has a Korean title: a readout that showed it would claim words the model never wrote
  await expect(page.locator('#sample-text')).toContainText('The writer of the books');
  expect(await page.locator('#sample-text').innerText()).not.toMatch(/[\uac00-\ud7a3]/);
  await expect(page.getByRole('banner').locator('q')).toHaveText('The writer of the books');
});

test('#lang=ko shows every lesson, its prediction and each of its steps in Korean', async ({ page }) => {
  for (const lesson of lessons) {
    for (let step = 1; step <= lesson.steps.length; step++) {
      await page.goto('about:blank'); // a fresh page each time: a hash change alone keeps the last lesson's run
      await open(page, `#lang=ko&lesson=${lesson.id}&lesson_step=${step}`);
      await expect(page.locator('#lesson-title')).not.toHaveText(lesson.title);
      expect(await untranslated(page), `${lesson.id} step ${step}`).toEqual([]);
    }
  }
});

test('axe-core passes in English and in Korean, with and without a lesson', async ({ page }) => {
  for (const hash of ['#lang=en', '#lang=ko', '#lang=ko&lesson=writer', '#lang=ko&compare=true']) {
    await open(page, hash);
    expect(await axeFailures(page), hash).toEqual([]);
  }
});

// ---- every state a Korean user can reach from the landing page or a link -------------------------------------

/** What shows that each corpus is the one in use: the built-in texts' credits, the tasks' own notes. */
const CORPUS_SIGN = { english: '퍼블릭 도메인', korean: 'KoCoNovel', memory: '기억 과제', sentiment: '태그' } as const;

for (const corpus of ['english', 'korean', 'memory', 'sentiment'] as const) {
  test(`#lang=ko shows #corpus=${corpus} in Korean, loaded and after a step, its samples over time too`, async ({ page }) => {
    await open(page, `#lang=ko&corpus=${corpus}`);
    await expect(page.getByText(CORPUS_SIGN[corpus]).first()).toBeVisible();
    await expectKorean(page, corpus);
    await stepOnce(page, corpus);
    if (corpus === 'english' || corpus === 'korean') await expect(page.getByRole('list', { name: '시간에 따른 샘플', exact: true }).getByRole('listitem')).not.toHaveCount(0);
  });
}

test('#lang=ko shows your own text in Korean: asked for, refused as too short, and a 400-character paragraph that trains', async ({ page }) => {
  await open(page, '#lang=ko');
  await page.getByRole('combobox', { name: '코퍼스', exact: true }).selectOption('text');
  await expect(page.getByRole('alert')).toHaveCount(1);
  expect(await untranslated(page), 'asked for a text').toEqual([]);
  await ownText(page).fill('far too short');
  await ownText(page).blur();
  await expect(page.getByRole('alert').filter({ hasText: '13' })).toHaveCount(1);
  expect(await untranslated(page), 'too short').toEqual([]);
  const sentence = 'The lighthouse keeper climbed the stairs each night to light the lamp for the ships. ';
  await ownText(page).fill(sentence.repeat(5).slice(0, 400));
  await ownText(page).blur();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectKorean(page, 'a 400-character paragraph');
  await stepOnce(page, 'a 400-character paragraph');
});

test('#lang=ko shows a Korean text past the vocabulary, and the jamo option, in Korean', async ({ page }) => {
  await page.goto('./#lang=ko&shards=1&corpus=text&cell=gru&hidden=16&embedding=8&batch=2&bptt=16');
  await expect(page.locator('html')).toHaveAttribute('data-started', '');
  // 400 syllables 7 apart, six times over: more distinct characters than the vocabulary holds
  const words = Array.from({ length: 600 }, (_, w) => Array.from({ length: 4 }, (_, k) => String.fromCodePoint(0xac00 + ((w * 4 + k) % 400) * 7)).join(''));
  await ownText(page).fill(words.join(' '));
  await ownText(page).blur();
  // the notice quotes the folded syllables, in either language
  await expect(page.getByRole('alert').filter({ hasText: '“' })).toHaveCount(1, { timeout: 15_000 });
  await expectKorean(page, 'folded syllables');
  await page.getByRole('checkbox', { name: '한글을 자모로 읽기', exact: true }).check();
  await expect.poll(() => page.url()).toContain('jamo=true');
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 15_000 });
  await expectKorean(page, 'jamo');
});

test("#lang=ko shows a bad link's notices in Korean: hostile, older and newer versions", async ({ page }) => {
  const links = [
    '#lang=ko&cell=xyz&hidden=99999&lr=abc&clip=maybe&bidirectional=true&pairs=%3Cb%3E&text=zz&prompt=a%0Ab&scale=x&steps=1.5&foo=1&bar&cell=gru&%ZZ',
    '#lang=ko&v=2&cell=rnn',
    '#lang=ko&v=99&cell=rnn',
    '#lang=ko&v=abc',
    '#lang=ko&a&b&c',
  ];
  for (const link of links) {
    await page.goto('about:blank');
    await open(page, link);
    await expect(page.getByRole('alert').first()).toBeVisible();
    expect(await untranslated(page), link).toEqual([]);
  }
});

test('#lang=ko says in Korean that a model file opened, and why one does not', async ({ page }) => {
  await open(page, '#lang=ko');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '모델 다운로드', exact: true }).click()]);
  const { readFile } = await import('node:fs/promises');
  await page.getByLabel('모델 열기', { exact: true }).setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await readFile(await download.path()) });
  await expect(page.getByText(`${download.suggestedFilename()} 파일을 열었습니다`)).toBeVisible();
  await expectKorean(page, 'a model file opened');
  await page.getByLabel('모델 열기', { exact: true }).setInputFiles({ name: 'junk.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expectKorean(page, 'a bad model file');
  // a file's name is the user's, even one that is a word of the page's
  await page.getByLabel('모델 열기', { exact: true }).setInputFiles({ name: 'Train', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model either') });
  await expect(page.locator('#open-model-name')).toHaveText('Train');
});

test('#lang=ko shows a lesson seen, with the verdict on a prediction, and a diverged lesson, in Korean', async ({ page }) => {
  test.setTimeout(150_000);
  for (const id of ['vanishing', 'exploding'] as const) {
    await page.goto('about:blank');
    await open(page, '#lang=ko');
    const own = lessonsKo[id];
    await page.getByRole('link', { name: own.title, exact: true }).click();
    await page.locator('#lesson').getByRole('radio', { name: own.predict.answers[0], exact: true }).check();
    await expect(page.locator('#lesson')).toHaveAttribute('data-seen-step', /\d+/, { timeout: 90_000 });
    await expectKorean(page, `${id} seen`);
  }
});

test('#lang=ko shows a diverged run in Korean', async ({ page }) => {
  await open(page, '#lang=ko&cell=rnn&scale=3&clip=none&optimizer=sgd&lr=10');
  await page.getByRole('button', { name: '훈련', exact: true }).click();
  await expect(page.locator('#loss-chart')).toHaveAttribute('data-diverged-at', /\d+/, { timeout: 30_000 });
  await expectKorean(page, 'diverged');
});

test('#lang=ko says in Korean that the page could not start', async ({ page, consoleErrors }) => {
  await breakNumberFormat(page); // as tests/startup.spec.ts provokes it
  await page.goto('./#lang=ko');
  const notice = page.locator('#startup-failure').getByRole('alert');
  await expect(notice).toContainText('RangeError: invalid language tag: C');
  await expect(notice).toContainText(/[\uac00-\ud7a3]/);
  expect(consoleErrors.length).toBe(1);
  consoleErrors.length = 0;
});

test("#lang=ko says in Korean what a link, a setting or a prompt asks that the page can't do", async ({ page }) => {
  // a link to a long replay asks first, with a button
  await open(page, '#lang=ko&hidden=512&layers=4&steps=100000');
  await expect(page.getByRole('alert').first()).toBeVisible();
  expect(await untranslated(page), 'a long replay').toEqual([]);
  // a link trained on its sender's own text asks for it, and checks the one it is given
  await page.goto('about:blank');
  await page.goto('./#lang=ko&corpus=text&text=0123456789abcdef');
  await expect(page.getByRole('alert')).toHaveCount(1, { timeout: 15_000 });
  expect(await untranslated(page), "the sender's own text").toEqual([]);
  await ownText(page).fill('Once upon a time a small fox ran across the snowy field to find her friends. '.repeat(30));
  await ownText(page).blur();
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expectKorean(page, 'another text than the link was trained on');
  // a setting out of its bounds, and a prompt the model can't read
  await page.getByLabel('은닉 크기', { exact: true }).fill('99999');
  await page.getByLabel('은닉 크기', { exact: true }).press('Enter');
  await page.getByRole('textbox', { name: '프롬프트', exact: true }).fill('');
  await page.getByRole('textbox', { name: '프롬프트', exact: true }).press('Enter');
  // the text's notice, the setting's and the prompt's (and a slow-step warning, as the machine's speed has it)
  await expect(page.getByRole('alert').filter({ hasText: '"99999"' })).toHaveCount(1);
  await expect.poll(() => page.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  await expectKorean(page, 'a setting out of bounds and an empty prompt');
});
