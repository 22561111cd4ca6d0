// The page's own check that it started: a classic script of its own, run before any module, so it
// still runs when the page's modules throw while they load (as uPlot's did under a locale tag the
// engine refused) or cannot load at all. If main.ts has not marked <html data-started> once the
// document is parsed and its modules have run, the page says what failed and what to do.
'use strict';
(function () {
  var errors = [];
  function record(event) {
    var error = event.error;
    errors.push(error instanceof Error ? error.name + ': ' + error.message : String(event.message));
  }
  function recordRejection(event) {
    errors.push(String(event.reason));
  }
  window.addEventListener('error', record);
  window.addEventListener('unhandledrejection', recordRejection);

  // module scripts run in document order before DOMContentLoaded: by then main.ts has run or thrown
  // a Korean page's main.ts first awaits its catalog (html[data-language-pending]): judged once that is in
  function judgeWhenReady() {
    if (document.documentElement.hasAttribute('data-language-pending')) setTimeout(judgeWhenReady, 50);
    else setTimeout(judge, 0);
  }
  document.addEventListener('DOMContentLoaded', judgeWhenReady);
  function judge() {
    window.removeEventListener('error', record);
    window.removeEventListener('unhandledrejection', recordRejection);
    if (document.documentElement.hasAttribute('data-started')) return;
    var notice = document.createElement('div');
    notice.className = 'notice';
    notice.id = 'startup-failure';
    var message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent =
      'The playground could not start in this browser (' + (errors[0] || 'its script did not run to its end, and said nothing') + '). ' +
      'Reload the page; if this stays, open the same link in a current Firefox, Chrome, Edge or Safari, and send this message to whoever gave you the link.';
    notice.appendChild(message);
    (document.getElementById('notices') || document.body).prepend(notice);
    ['train', 'pause', 'step-once'].forEach(function (id) {
      var button = document.getElementById(id);
      if (button) button.disabled = true;
    });
  }
})();
