// Which participant pages the service worker keeps, and when a kept page may be shown.
// The server decides: it marks a page a phone may keep (X-Facilitator-Offline, naming the set of
// static files the page refers to) and whose page it is (X-Facilitator-Viewer). Moderators' pages
// and anything else never carry the mark and are never kept.

export const OFFLINE_HEADER = "X-Facilitator-Offline";
export const VIEWER_HEADER = "X-Facilitator-Viewer";

/** Paths (under the worker's scope) of the pages a participant may reload offline. */
export function pagePattern(scopePath) {
  const base = scopePath.endsWith("/") ? scopePath : `${scopePath}/`;
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // the group's model (/w/<id>) and the participant's home in a session (/s/<code>/)
  return new RegExp(`^${escaped}(?:w/\\d+|s/[^/?#]+/)$`);
}

/** Whether a response from the network may be kept for offline use. */
export function keepable(response) {
  return Boolean(response && response.status === 200 && response.headers.get(OFFLINE_HEADER));
}

/** Whether a kept page still fits the static files this worker has (else its scripts are gone). */
export function usable(cached, assets) {
  return Boolean(cached && cached.headers.get(OFFLINE_HEADER) === assets);
}

/**
 * Workbox plugin for the pages' cache: keep only what the server marked, forget a page the server
 * no longer offers (moved to another group, another person's device), and drop everything kept
 * for another person the moment a page of a new one arrives.
 */
export function pagesPlugin({ cacheName, assets, cacheStorage = globalThis.caches }) {
  return {
    async cacheWillUpdate({ request, response }) {
      const cache = await cacheStorage.open(cacheName);
      if (!keepable(response)) {
        await cache.delete(request);
        return null;
      }
      const viewer = response.headers.get(VIEWER_HEADER) || "";
      for (const key of await cache.keys()) {
        const kept = await cache.match(key);
        if (!kept || (kept.headers.get(VIEWER_HEADER) || "") !== viewer) await cache.delete(key);
      }
      return response;
    },
    async cachedResponseWillBeUsed({ cachedResponse }) {
      return usable(cachedResponse, assets) ? cachedResponse : null;
    },
  };
}

/** After an update of the worker: forget pages that refer to static files it no longer keeps. */
export async function dropStalePages({ cacheName, assets, cacheStorage = globalThis.caches }) {
  const cache = await cacheStorage.open(cacheName);
  for (const key of await cache.keys()) {
    if (!usable(await cache.match(key), assets)) await cache.delete(key);
  }
}
