// Pages whose figures change while they are open (the survey results): ask a small state URL
// now and then and, when something new has arrived, say so in a polite status; the moderator
// refreshes with the button next to it. The page never reloads by itself (WCAG 2.2.1).
(function () {
  "use strict";
  var box = document.querySelector("[data-updates-url]");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-updates-url");
  var version = box.getAttribute("data-version");
  var text = box.getAttribute("data-updates-text");
  var notice = box.querySelector("[data-updates-notice]");
  var every = (parseInt(box.getAttribute("data-updates-seconds"), 10) || 15) * 1000;

  function check() {
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || state.version === version) return;
        var message = text.replace("{num}", state.answered);
        if (notice.textContent !== message) notice.textContent = message;
      })
      .catch(function () { /* bad Wi-Fi: try again next time */ });
  }
  setInterval(check, every + Math.floor(Math.random() * 2000));
})();
