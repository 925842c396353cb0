// Open microphone and voting pages: count the speaker's time down, refresh when things change.
// Progressive enhancement: every page works without this file.
(function () {
  "use strict";

  function clock(seconds) {
    var sign = seconds < 0 ? "−" : "";
    var s = Math.abs(seconds);
    var rest = s % 60;
    return sign + Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // The end time comes from the server; the page only counts down to it.
  document.querySelectorAll("[data-floor-until]").forEach(function (element) {
    var until = Date.parse(element.getAttribute("data-floor-until"));
    if (isNaN(until)) return;
    function tick() {
      var left = Math.round((until - Date.now()) / 1000);
      element.textContent = clock(left);
      element.classList.toggle("over", left < 0);
    }
    tick();
    setInterval(tick, 1000);
  });

  // Reload when the state changes, unless the person is typing or choosing something.
  var watched = document.querySelector("[data-refresh-url]");
  if (!watched || !window.fetch) return;
  var url = watched.getAttribute("data-refresh-url");
  var version = watched.getAttribute("data-version");
  var every = (parseInt(watched.getAttribute("data-refresh-seconds"), 10) || 15) * 1000;

  function busy() {
    var active = document.activeElement;
    return active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
  }

  function check() {
    if (document.hidden || busy()) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.version && state.version !== version) window.location.reload();
      })
      .catch(function () { /* bad Wi-Fi: try again next time */ });
  }

  // With the live bundle on the page (docs/live-protocol.md) a change arrives at once; polling
  // stays as the fallback for phones whose socket keeps dropping.
  var live = window.facilitatorLive;
  var events = (watched.getAttribute("data-refresh-events") || "").split(/\s+/).filter(Boolean);
  if (live && live.socket && typeof live.socket.on === "function") {
    events.forEach(function (name) {
      live.socket.on(name, function () { setTimeout(check, Math.random() * 1500); });
    });
  }
  setInterval(check, every + Math.floor(Math.random() * 2000));
})();
