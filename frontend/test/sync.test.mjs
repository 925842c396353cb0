// The sync client's queue against a fake socket: node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { fromBase64, toBase64 } from "../src/base64.js";
import { PendingStore, SyncClient } from "../src/sync.js";

class FakeSocket {
  constructor(server) {
    this.server = server;
    this.handlers = {};
    this.sent = [];
    this.connected = false;
    this.active = true;
    this.holdAcks = false;
    this.held = [];
  }
  on(event, handler) {
    this.handlers[event] = handler;
  }
  connect() {
    this.connected = true;
    this.handlers.connect();
  }
  drop() {
    this.connected = false;
    this.handlers.disconnect("transport close");
  }
  timeout() {
    return this;
  }
  emit(event, data, ack) {
    this.sent.push([event, data]);
    const reply = () => ack && ack(null, this.server.handle(event, data));
    if (this.holdAcks) this.held.push(reply);
    else reply();
  }
}

class FakeServer {
  constructor() {
    this.doc = new Y.Doc();
    this.seq = 0;
  }
  handle(event, data) {
    if (event === "join") {
      const sv = data.state_vector ? fromBase64(data.state_vector) : undefined;
      return {
        ok: true,
        role: "editor",
        update: toBase64(Y.encodeStateAsUpdate(this.doc, sv)),
        state_vector: toBase64(Y.encodeStateVector(this.doc)),
        seq: this.seq,
        me: { kind: "participant", id: 1, name: "A" },
      };
    }
    if (event === "update") {
      Y.applyUpdate(this.doc, fromBase64(data.update));
      this.seq += 1;
      return { ok: true, seq: this.seq };
    }
    return { ok: true };
  }
}

class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, value);
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

const tick = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));

test("edits are coalesced into one update and acknowledged", async () => {
  const server = new FakeServer();
  server.doc.getText("text:idea").insert(0, "Server text. ");
  const socket = new FakeSocket(server);
  const doc = new Y.Doc();
  const client = new SyncClient({ groupId: 1, doc, socket });
  client.start();
  assert.equal(doc.getText("text:idea").toString(), "Server text. ");
  for (const ch of "abc") doc.getText("text:idea").insert(doc.getText("text:idea").length, ch);
  assert.equal(client.pendingCount, 3);
  await tick();
  const updates = socket.sent.filter(([event]) => event === "update");
  assert.equal(updates.length, 1);
  assert.equal(client.pendingCount, 0);
  assert.equal(server.doc.getText("text:idea").toString(), "Server text. abc");
});

test("offline edits survive a reload through localStorage and merge both ways", async () => {
  const server = new FakeServer();
  const storage = new MemoryStorage();
  const first = new FakeSocket(server);
  const doc1 = new Y.Doc();
  const client1 = new SyncClient({ groupId: 7, doc: doc1, socket: first, store: new PendingStore(7, storage) });
  client1.start();
  doc1.getText("text:idea").insert(0, "shared ");
  await tick();
  first.drop();
  doc1.getText("text:idea").insert(7, "offline");
  await tick();
  assert.equal(client1.pendingCount, 1);
  assert.ok(storage.getItem("facilitator:workspace:7:pending"));

  // Meanwhile somebody else writes on the server.
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(server.doc));
  other.getText("text:idea").insert(0, "[B] ");
  Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(server.doc)));

  // The page is reloaded: a fresh doc restores the pending edit before joining.
  const doc2 = new Y.Doc();
  const client2 = new SyncClient({
    groupId: 7,
    doc: doc2,
    socket: new FakeSocket(server),
    store: new PendingStore(7, storage),
  });
  assert.equal(client2.pendingCount, 1);
  client2.start();
  await tick();
  assert.equal(server.doc.getText("text:idea").toString(), "[B] shared offline");
  assert.equal(doc2.getText("text:idea").toString(), "[B] shared offline");
  assert.equal(client2.pendingCount, 0);
  assert.equal(storage.getItem("facilitator:workspace:7:pending"), null);
});

test("an update whose ack is lost is resent after reconnecting", async () => {
  const server = new FakeServer();
  const socket = new FakeSocket(server);
  const doc = new Y.Doc();
  const client = new SyncClient({ groupId: 1, doc, socket });
  client.start();
  socket.holdAcks = true;
  doc.getText("text:idea").insert(0, "kept");
  await tick();
  assert.equal(client.pendingCount, 1);
  socket.drop();
  socket.holdAcks = false;
  socket.held = [];
  socket.connect();
  await tick();
  assert.equal(client.pendingCount, 0);
  assert.equal(server.doc.getText("text:idea").toString(), "kept");
});
