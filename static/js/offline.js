// Registers the service worker that lets a participant's pages reload without a connection.
// Only where browsers allow one (HTTPS, or localhost); elsewhere the pages work online only,
// and the model's edits are still kept on the device by the page itself.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  var url = script.getAttribute("data-worker");
  var scope = script.getAttribute("data-scope");
  // Whether this page came from the network without the worker (a first visit, or an update).
  var uncontrolled = !navigator.serviceWorker.controller;

  function keepThisPage(registration) {
    // The page came from the network before the worker controlled it: ask it to keep a copy.
    var worker = registration.active;
    if (worker && uncontrolled) {
      worker.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [location.href] } });
    }
  }

  function register() {
    navigator.serviceWorker
      .register(url, { scope: scope, updateViaCache: "none" })
      .then(function (registration) {
        navigator.serviceWorker.ready.then(keepThisPage);
        // Back online after a break: a new version may have been deployed meanwhile.
        window.addEventListener("online", function () {
          registration.update().catch(function () {});
        });
      })
      .catch(function () {
        // Refused (private browsing, storage full): the page works online as before.
      });
  }

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
