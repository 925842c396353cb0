// What the service worker keeps of the participant pages: node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  OFFLINE_HEADER,
  VIEWER_HEADER,
  dropStalePages,
  keepable,
  pagePattern,
  pagesPlugin,
  usable,
} from "../src/sw/pages.js";

class FakeCache {
  constructor() {
    this.items = new Map();
  }
  async put(request, response) {
    this.items.set(typeof request === "string" ? request : request.url, response);
  }
  async match(request) {
    return this.items.get(typeof request === "string" ? request : request.url);
  }
  async delete(request) {
    return this.items.delete(typeof request === "string" ? request : request.url);
  }
  async keys() {
    return [...this.items.keys()].map((url) => new Request(url));
  }
}
class FakeCaches {
  constructor() {
    this.cache = new FakeCache();
  }
  async open() {
    return this.cache;
  }
}

const page = (headers = {}, status = 200) => new Response("<html></html>", { status, headers });
const marked = (assets, viewer) => page({ [OFFLINE_HEADER]: assets, [VIEWER_HEADER]: viewer });

test("only the participant's model and home match, under the worker's scope", () => {
  const root = pagePattern("/");
  assert.ok(root.test("/w/12"));
  assert.ok(root.test("/s/123456/"));
  assert.ok(!root.test("/w/12/history"));
  assert.ok(!root.test("/w/session/3/progress"));
  assert.ok(!root.test("/sessions/3"));
  assert.ok(!root.test("/s/123456/register"));
  assert.ok(!root.test("/api/v1/sessions"));
  const mounted = pagePattern("/hall/");
  assert.ok(mounted.test("/hall/w/1"));
  assert.ok(!mounted.test("/w/1"));
});

test("a page is kept only when the server marked it, and shown only with matching files", () => {
  assert.ok(keepable(marked("a1", "v1")));
  assert.ok(!keepable(page()), "a moderator's page carries no mark");
  assert.ok(!keepable(page({ [OFFLINE_HEADER]: "a1" }, 404)));
  assert.ok(!keepable(null));
  assert.ok(usable(marked("a1", "v1"), "a1"));
  assert.ok(!usable(marked("a0", "v1"), "a1"), "built for static files this worker no longer has");
});

test("a page of another person drops everything kept for the previous one", async () => {
  const caches = new FakeCaches();
  const plugin = pagesPlugin({ cacheName: "p", assets: "a1", cacheStorage: caches });
  const cache = caches.cache;
  await cache.put("http://x/w/1", marked("a1", "anna"));
  await cache.put("http://x/s/111111/", marked("a1", "anna"));
  const request = new Request("http://x/s/111111/");
  const response = marked("a1", "boris");
  assert.equal(await plugin.cacheWillUpdate({ request, response }), response);
  assert.deepEqual([...cache.items.keys()], [], "Anna's pages are gone before Boris's is kept");
});

test("a page the server no longer offers is forgotten", async () => {
  const caches = new FakeCaches();
  const plugin = pagesPlugin({ cacheName: "p", assets: "a1", cacheStorage: caches });
  await caches.cache.put("http://x/w/1", marked("a1", "anna"));
  await caches.cache.put("http://x/w/2", marked("a1", "anna"));
  const request = new Request("http://x/w/1");
  assert.equal(await plugin.cacheWillUpdate({ request, response: page({}, 404) }), null);
  assert.deepEqual([...caches.cache.items.keys()], ["http://x/w/2"]);
  assert.equal(await plugin.cacheWillUpdate({ request, response: page() }), null);
});

test("kept pages built for older static files are not shown and go at activation", async () => {
  const caches = new FakeCaches();
  const plugin = pagesPlugin({ cacheName: "p", assets: "new", cacheStorage: caches });
  const old = marked("old", "anna");
  assert.equal(await plugin.cachedResponseWillBeUsed({ cachedResponse: old }), null);
  const fresh = marked("new", "anna");
  assert.equal(await plugin.cachedResponseWillBeUsed({ cachedResponse: fresh }), fresh);
  await caches.cache.put("http://x/w/1", old);
  await caches.cache.put("http://x/w/2", fresh);
  await dropStalePages({ cacheName: "p", assets: "new", cacheStorage: caches });
  assert.deepEqual([...caches.cache.items.keys()], ["http://x/w/2"]);
});
