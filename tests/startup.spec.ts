// A page that fails while it starts says so and what to do, instead of sitting there dead (the
// notice comes from www/src/startup.ts, a module of its own that runs before main.ts's modules).
// Needs the built page (npm run build).

import { expect } from '@playwright/test';
import { breakNumberFormat, button, test } from './fixtures';

test('a failure while the page starts shows a notice saying what failed and what to do', async ({ page, consoleErrors }) => {
  await breakNumberFormat(page);
  await page.goto('./');
  const notice = page.locator('#startup-failure').getByRole('alert');
  await expect(notice).toContainText('could not start in this browser (RangeError: invalid language tag: C)');
  await expect(notice).toContainText('Reload the page');
  await expect(button(page, 'Train')).toBeDisabled();
  // the failure itself is the one console error, and expected here
  expect(consoleErrors.length).toBe(1);
  expect(consoleErrors[0]).toContain('invalid language tag: C');
  consoleErrors.length = 0;
});

test('a page that starts shows no start-up notice', async ({ page }) => {
  await page.goto('./');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  await expect(page.locator('html')).toHaveAttribute('data-started', '');
  await expect(page.locator('#startup-failure')).toHaveCount(0);
});
