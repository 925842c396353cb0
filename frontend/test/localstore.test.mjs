// The copy of the model kept on the device (y-indexeddb over fake-indexeddb): node --test
import "fake-indexeddb/auto";
import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { toBase64 } from "../src/base64.js";
import { LocalStore, legacyPending, readMeta } from "../src/localstore.js";
import { SyncClient } from "../src/sync.js";
import { FakeServer, FakeSocket, MemoryStorage } from "./fakes.mjs";

const tick = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));
let names = 0;
const freshName = () => `facilitator-model-test-${process.pid}-${(names += 1)}`;

/** A page: a doc, its store and its sync client, opened the way workspace.js opens them. */
async function openPage(name, server) {
  const doc = new Y.Doc();
  const store = new LocalStore(name, doc);
  const socket = new FakeSocket(server);
  const client = new SyncClient({ groupId: 1, doc, socket, store });
  const stored = await store.open();
  const kept = store.meta.pending;
  const { base, seq } = store.meta;
  client.restore(kept, { base, seq });
  return { doc, store, socket, client, stored, kept };
}

const text = (doc) => doc.getText("text:idea").toString();
const type = (doc, s) => {
  for (const ch of s) doc.getText("text:idea").insert(doc.getText("text:idea").length, ch);
};

test("edits typed offline survive a reload and reach the server at the next join", async () => {
  const server = new FakeServer();
  server.doc.getText("text:idea").insert(0, "Server. ");
  const name = freshName();
  const first = await openPage(name, server);
  assert.equal(first.stored, true);
  first.client.start();
  assert.equal(text(first.doc), "Server. ");
  first.socket.drop();
  type(first.doc, "abc");
  assert.equal(first.client.pendingCount, 3);
  await tick();
  first.doc.destroy(); // the tab is closed

  // Meanwhile another member writes on the server.
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(server.doc));
  other.getText("text:idea").insert(0, "[B] ");
  Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server.doc)));

  const second = await openPage(name, server);
  assert.equal(second.kept, 3, "the count of edits not yet sent comes back");
  assert.equal(text(second.doc), "Server. abc", "the text is there before any connection");
  assert.equal(second.client.pendingCount, 3);
  assert.equal(second.client.unsent.length, 0, "the loaded copy is not queued as one huge edit");
  second.client.start();
  await tick();
  assert.equal(text(server.doc), "[B] Server. abc");
  assert.equal(text(second.doc), "[B] Server. abc");
  assert.equal(second.client.pendingCount, 0);
  const updates = second.socket.sent.filter(([event]) => event === "update");
  assert.equal(updates.length, 1, "one update: what the server lacked");
  await tick(50);
  const third = await openPage(name, server);
  assert.equal(third.kept, 0, "acknowledged: nothing waits any more");
  assert.equal(third.store.meta.synced, true);
  assert.equal(third.store.meta.role, "editor");
});

test("a copy is never shared between people or groups (one database per name)", async () => {
  const server = new FakeServer();
  const mine = freshName();
  const page = await openPage(mine, server);
  page.client.start();
  type(page.doc, "mine");
  await tick();
  const someoneElse = await openPage(freshName(), server);
  assert.equal(text(someoneElse.doc), "");
  assert.equal(someoneElse.kept, 0);
  assert.equal(someoneElse.store.meta.synced, false);
});

test("a pure deletion typed offline is counted and sent after the reload", async () => {
  const server = new FakeServer();
  server.doc.getText("text:idea").insert(0, "keep drop");
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  first.socket.drop();
  first.doc.getText("text:idea").delete(4, 5);
  await tick();
  const second = await openPage(name, server);
  assert.equal(second.kept, 1);
  assert.equal(text(second.doc), "keep");
  second.client.start();
  await tick();
  assert.equal(text(server.doc), "keep");
});

test("clearing the copy leaves an empty store behind", async () => {
  const server = new FakeServer();
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  first.socket.drop();
  type(first.doc, "gone");
  await tick();
  await first.store.clear();
  assert.equal(first.store.available, false);
  await tick(50);
  const second = await openPage(name, server);
  assert.equal(text(second.doc), "");
  assert.equal(second.kept, 0);
});

test("the record beside the document falls back to safe values", () => {
  const empty = { v: 1, pending: 0, base: null, seq: 0, synced: false, role: "viewer" };
  assert.deepEqual(readMeta(null), empty);
  assert.deepEqual(
    readMeta({ v: 1, pending: -3, base: 4, seq: -1, synced: "yes", role: "admin" }),
    empty,
    "no base without pending edits",
  );
  assert.equal(readMeta({ v: 1, pending: 2.5 }).pending, 0);
  assert.equal(readMeta({ v: 2, pending: 4 }).pending, 0, "an unknown layout is not trusted");
  assert.deepEqual(readMeta({ v: 1, pending: 4, base: 7, seq: 9, synced: true, role: "editor" }), {
    v: 1,
    pending: 4,
    base: 7,
    seq: 9,
    synced: true,
    role: "editor",
  });
  assert.equal(readMeta({ v: 1, pending: 4, base: "7" }).base, null);
});

test("edits kept in localStorage by the previous page version are picked up once", () => {
  const storage = new MemoryStorage();
  const doc = new Y.Doc();
  doc.getText("text:idea").insert(0, "old page");
  const key = "facilitator:workspace:5:pending";
  storage.setItem(key, JSON.stringify({ v: 1, update: toBase64(Y.encodeStateAsUpdate(doc)), count: 4 }));
  const legacy = legacyPending(5, storage);
  assert.equal(legacy.count, 4);
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, legacy.update);
  assert.equal(fresh.getText("text:idea").toString(), "old page");
  legacy.forget();
  assert.equal(storage.getItem(key), null);
  assert.equal(legacyPending(5, storage), null);
  storage.setItem(key, "{not json");
  assert.equal(legacyPending(5, storage), null);
  assert.equal(legacyPending(5, null), null);
});

test("without IndexedDB the store says so and the page keeps edits in memory", async () => {
  const saved = globalThis.indexedDB;
  globalThis.indexedDB = undefined;
  try {
    const doc = new Y.Doc();
    const store = new LocalStore("anything", doc);
    assert.equal(await store.open(), false);
    assert.equal(store.available, false);
    store.save({ pending: 3, base: 1, seq: 1 }); // no error, nothing stored
    assert.equal(store.meta.pending, 3);
  } finally {
    globalThis.indexedDB = saved;
  }
});

test("a copy kept from before the server compacted its log merges without doubling text", async () => {
  const server = new FakeServer();
  server.doc.getText("text:idea").insert(0, "Base. ");
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  type(first.doc, "Mine. ");
  await tick();
  first.socket.drop();
  type(first.doc, "Offline.");
  await tick();
  // Compaction: the server's document is rebuilt from one encoded state (same items, same ids).
  const compacted = new Y.Doc();
  Y.applyUpdate(compacted, Y.encodeStateAsUpdate(server.doc));
  server.doc = compacted;
  const second = await openPage(name, server);
  second.client.start();
  await tick();
  assert.equal(text(server.doc), "Base. Mine. Offline.");
  assert.equal(text(second.doc), "Base. Mine. Offline.");
});

test("text a moderator's restore removed is not brought back by a phone that kept it", async () => {
  const server = new FakeServer();
  server.doc.getText("text:idea").insert(0, "Good. ");
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  type(first.doc, "Vandalism.");
  await tick();
  assert.equal(text(server.doc), "Good. Vandalism.");
  first.socket.drop();
  type(first.doc, " Offline idea.");
  await tick();
  // The moderator restores the earlier version: an edit deleting what the server has.
  server.doc.getText("text:idea").delete(6, "Vandalism.".length);
  const second = await openPage(name, server);
  assert.equal(text(second.doc), "Good. Vandalism. Offline idea.", "the phone's copy before joining");
  second.client.start();
  await tick();
  assert.equal(text(server.doc), "Good.  Offline idea.", "removed text stays removed");
  assert.equal(text(second.doc), text(server.doc));
});

/** A server that restores: it answers joins with the seq of its latest restore. */
class RestoringServer extends FakeServer {
  constructor() {
    super();
    this.restoredSeq = 0;
  }
  handle(event, data) {
    const reply = super.handle(event, data);
    if (event === "join") reply.restored_seq = this.restoredSeq;
    return reply;
  }
  restore(apply) {
    apply(this.doc);
    this.seq += 1;
    this.restoredSeq = this.seq;
  }
}

test("edits kept offline across a restore wait for the person's choice, after a reload too", async () => {
  const server = new RestoringServer();
  server.doc.getText("text:idea").insert(0, "Good. Bad.");
  server.seq = 1;
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  first.socket.drop();
  type(first.doc, " Offline.");
  await tick();
  server.restore((doc) => doc.getText("text:idea").delete(5, 5));
  const second = await openPage(name, server);
  assert.equal(second.store.meta.base, 1, "the seq the edits were made on is kept");
  let asked = 0;
  second.client.on.restored = () => (asked += 1);
  second.client.start();
  await tick();
  assert.equal(asked, 1);
  assert.equal(text(server.doc), "Good.", "nothing sent before the choice");
  assert.equal(second.client.pendingCount, 9);
  second.client.release();
  await tick();
  assert.equal(text(server.doc), "Good. Offline.");
  assert.equal(second.client.pendingCount, 0);
});

test("edits made after the page saw the restore are sent without asking", async () => {
  const server = new RestoringServer();
  server.doc.getText("text:idea").insert(0, "Text.");
  server.seq = 1;
  server.restore((doc) => doc.getText("text:idea").insert(5, " Restored."));
  const name = freshName();
  const first = await openPage(name, server);
  first.client.start();
  first.socket.drop();
  type(first.doc, " Mine.");
  await tick();
  const second = await openPage(name, server);
  let asked = 0;
  second.client.on.restored = () => (asked += 1);
  second.client.start();
  await tick();
  assert.equal(asked, 0);
  assert.equal(text(server.doc), "Text. Restored. Mine.");
});
