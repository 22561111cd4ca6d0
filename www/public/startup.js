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
    // the language as i18n.ts's chooseLanguage picks it: this runs when that module may not have
    var linked = /(?:^#?|&)lang=(en|ko)(?:&|$)/.exec(location.hash);
    var korean = linked ? linked[1] === 'ko' : /^ko/i.test(navigator.language || '');
    var error = errors[0] || (korean ? '스크립트가 끝까지 실행되지 않았고 아무 메시지도 남기지 않았습니다' : 'its script did not run to its end, and said nothing');
    message.textContent = korean
      ? '이 브라우저에서 플레이그라운드를 시작할 수 없습니다(' + error + '). 페이지를 새로 고치세요. 계속 이러면 최신 Firefox, Chrome, Edge, Safari에서 같은 링크를 열고, 이 메시지를 링크를 준 사람에게 보내 주세요.'
      : 'The playground could not start in this browser (' + error + '). ' +
        'Reload the page; if this stays, open the same link in a current Firefox, Chrome, Edge or Safari, and send this message to whoever gave you the link.';
    notice.appendChild(message);
    (document.getElementById('notices') || document.body).prepend(notice);
    ['train', 'pause', 'step-once'].forEach(function (id) {
      var button = document.getElementById(id);
      if (button) button.disabled = true;
    });
  }
})();
