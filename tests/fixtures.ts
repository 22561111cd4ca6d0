// What the browser specs share: a `test` that fails on any console error or uncaught exception in
// its page (the `consoleErrors` fixture holds them, for a test that wants to read them), and the
// controls every spec finds by their accessible names, and the timing of the prompt's answers.

import { expect, type Page, test as base } from '@playwright/test';

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const stepStatus = (page: Page) => page.getByRole('status', { name: 'Step', exact: true });
export const promptBox = (page: Page) => page.getByRole('textbox', { name: 'Prompt', exact: true });

/**
 * Types each prompt into the box inside the page and times, in the page, from the input event to the
 * bars showing the answer for that prompt; pauses between edits as a person would.
 */
export async function promptLatencies(page: Page, prompts: string[]): Promise<{ ms: number; step: string }[]> {
  return promptBox(page).evaluate(async (input, prompts) => {
    const box = input as HTMLInputElement;
    const times: { ms: number; step: string }[] = [];
    for (const prompt of prompts) {
      const start = performance.now();
      box.value = prompt;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (document.querySelector(`[data-prompt="${prompt}"]`) !== null) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-prompt'] });
      });
      // the step on screen when the answer came: an answer that waited for a step comes after it
      times.push({ ms: performance.now() - start, step: document.querySelector('#step')?.textContent ?? '' });
      await new Promise((resolve) => setTimeout(resolve, 200)); // a person's pause between edits
    }
    return times;
  }, prompts);
}

/** What WebKit under LANG=C.UTF-8 did to the page: every number formatter throws, from before the modules load. */
export async function breakNumberFormat(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const refuse = function (): never {
      throw new RangeError('invalid language tag: C');
    };
    Object.defineProperty(Intl, 'NumberFormat', { value: refuse, configurable: true, writable: true });
  });
}
