// The service worker of the participant pages, served by the app as /sw.js with the precache
// list (every static file a phone needs, by content-hashed URL) and the digest of that list
// written in by the server (facilitator/offline/views.py) in place of the two self.__… names.

import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";
import { Route, Router } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { dropStalePages, pagePattern, pagesPlugin } from "./pages.js";

const CONFIG = self.__FACILITATOR_OFFLINE__;
const PAGES = "facilitator-pages";
// On venue Wi-Fi that holds a request without answering, show the kept page after this long.
const NETWORK_TIMEOUT_SECONDS = 5;

// A new deployment takes over at once; pages that run an older bundle find out when they next
// join (the server's version differs) and reload.
self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

const pattern = pagePattern(new URL(self.registration.scope).pathname);
const pages = new NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  plugins: [pagesPlugin({ cacheName: PAGES, assets: CONFIG.assets })],
});
const router = new Router();
router.registerRoute(
  new Route(
    ({ url, request, sameOrigin }) =>
      sameOrigin && request.method === "GET" && pattern.test(url.pathname),
    pages,
  ),
);
router.addFetchListener();
// A page opened before the worker controlled it asks to be kept ({type: "CACHE_URLS"}).
router.addCacheListener();

self.addEventListener("activate", (event) => {
  event.waitUntil(dropStalePages({ cacheName: PAGES, assets: CONFIG.assets }));
});
