// What the browser specs share: a `test` that fails on any console error or uncaught exception in
// its page (the `consoleErrors` fixture holds them, for a test that wants to read them), and the
// controls every spec finds by their accessible names.

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
