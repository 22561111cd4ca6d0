// A Korean text of more distinct syllables than the vocabulary holds: the page says how many
// characters become the unknown symbol before training, and reading Hangul as jamo (letters) fits
// the whole text in under a hundred symbols. Needs the built page (npm run build in www/).

import { expect, type Page } from '@playwright/test';
import { button, stepStatus, test } from './fixtures';


const alerts = (page: Page) => page.getByRole('alert');

const SYLLABLES = 400;
const REPEATS = 6; // the core trains on at least 2,000 characters
const VOCAB = 384; // the core's cap, the unknown symbol included
// syllables 7 apart: 5 leading consonants, all 21 vowels and 3 final consonants, so 32 symbols in jamo
const syllable = (i: number) => String.fromCodePoint(0xac00 + i * 7);

/** Every syllable REPEATS times, in words of four with a period after every fifth word. */
function koreanText(): string {
  const words = Array.from({ length: (REPEATS * SYLLABLES) / 4 }, (_, w) =>
    Array.from({ length: 4 }, (_, k) => syllable((w * 4 + k) % SYLLABLES)).join(''),
  );
  return words.map((word, w) => (w % 5 === 4 ? `${word}.` : word)).join(' ');
}

test('a Korean text past the vocabulary says what is folded, and trains on jamo without folding', async ({ page }) => {
  await page.goto('./#v=4&shards=1&corpus=text&cell=gru&hidden=16&embedding=8&batch=2&bptt=16');
  const text = koreanText();
  const ownText = page.getByRole('textbox', { name: 'Your text', exact: true });
  await ownText.fill(text);
  await ownText.blur();
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });

  // each syllable comes as often, so the ties go to the lower code points: the last ones are folded
  const distinct = SYLLABLES + 2; // with the space and the period
  const folded = distinct - (VOCAB - 1);
  const share = ((REPEATS * folded) / Array.from(text).length) * 100;
  const notice = alerts(page).filter({ hasText: 'unknown symbol' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(
    `Your text has ${distinct} distinct characters and the vocabulary ${VOCAB} symbols: ` +
      `${folded} of them (${REPEATS * folded} characters, ${share.toFixed(1)}% of the text, such as “${syllable(SYLLABLES - folded)}”`,
  );
  const offered = (await notice.textContent())?.match(/read as letters \(jamo\), the vocabulary has (\d+) symbols/);
  expect(offered, 'the notice offers jamo').not.toBeNull();
  const jamoVocab = Number(offered?.[1]);
  expect(jamoVocab).toBeLessThan(100);

  const jamo = page.getByRole('checkbox', { name: 'Hangul as letters (jamo)', exact: true });
  await jamo.check();
  await expect.poll(() => page.url()).toContain('jamo=true');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await expect(alerts(page)).toHaveCount(0);

  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
});
