// The page's Content-Security-Policy (the meta tag in www/index.html: course sites set no headers):
// the page loads, trains and probes under it without one violation, and a script written into the
// page, as a hostile link or text would try, does not run. Needs the built page (npm run build).

import { expect, type Page } from '@playwright/test';
import { button, stepStatus, test } from './fixtures';

/** Records every CSP violation from the first script on, before any of the page's own. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

const violations = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

test('the page runs under its Content-Security-Policy, and a script injected into it does not run', async ({ page, consoleErrors }) => {
  await recordViolations(page);
  await page.goto('./');
  await expect(button(page, 'Train')).toBeEnabled({ timeout: 15_000 });
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await button(page, 'Step').click();
  await expect(stepStatus(page)).toHaveText('1', { timeout: 30_000 });
  await expect(page.locator('#alternatives')).toHaveAttribute('data-step', '1', { timeout: 15_000 });
  expect(await violations(page), 'the page itself needs nothing the policy refuses').toEqual([]);

  // what an injection would write: an inline script, and markup with an inline event handler
  const ran = await page.evaluate(async () => {
    const marks = window as unknown as { inlineRan?: boolean; handlerRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="data:," onerror="window.handlerRan = true" onload="window.handlerRan = true">';
    document.body.append(holder);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { inline: marks.inlineRan === true, handler: marks.handlerRan === true };
  });
  expect(ran, 'neither ran').toEqual({ inline: false, handler: false });
  expect((await violations(page)).filter((v) => v.startsWith('script-src')).length, 'both were refused by the policy').toBeGreaterThanOrEqual(2);
  // the browser reports each refusal as a console error: expected here, and only these
  const refusals = consoleErrors.filter((message) => /Content Security Policy/i.test(message));
  expect(refusals.length).toBeGreaterThanOrEqual(2);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((message) => !refusals.includes(message)));
});
