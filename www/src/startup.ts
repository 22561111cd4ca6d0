// The page's own check that it started: a module of its own, before main.ts and importing nothing,
// so it runs even when main.ts's modules throw while they load (as uPlot's did under a locale tag
// the engine refused). If main.ts has not marked the page started once the document is parsed and
// its modules have run, the page says what failed and what to do, instead of sitting there dead.

/** The attribute main.ts sets on <html> once its start section has run. */
export const STARTED = 'data-started';

const errors: string[] = [];
const record = (event: ErrorEvent) => errors.push(event.error instanceof Error ? `${event.error.name}: ${event.error.message}` : event.message);
const recordRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason));
window.addEventListener('error', record);
window.addEventListener('unhandledrejection', recordRejection);

// module scripts run in document order before DOMContentLoaded: by then main.ts has run or thrown
document.addEventListener('DOMContentLoaded', () => {
  window.removeEventListener('error', record);
  window.removeEventListener('unhandledrejection', recordRejection);
  if (document.documentElement.hasAttribute(STARTED)) return;
  showStartupFailure(errors[0] ?? 'the page’s script did not run to its end, and said nothing');
});

function showStartupFailure(what: string): void {
  const notice = document.createElement('div');
  notice.className = 'notice';
  notice.id = 'startup-failure';
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent =
    `The playground could not start in this browser (${what}). Reload the page; if this stays, open the same link ` +
    'in a current Firefox, Chrome, Edge or Safari, and send this message to whoever gave you the link.';
  notice.append(message);
  (document.getElementById('notices') ?? document.body).prepend(notice);
  for (const button of document.querySelectorAll<HTMLButtonElement>('#train, #pause, #step-once')) button.disabled = true;
}
