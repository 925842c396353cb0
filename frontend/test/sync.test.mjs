// The sync client's queue against a fake socket: node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { fromBase64, toBase64 } from "../src/base64.js";
import { SyncClient } from "../src/sync.js";
import { FakeServer, FakeSocket } from "./fakes.mjs";

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

test("a join the page refuses (another server version) sends nothing and stops", async () => {
  const server = new FakeServer();
  const socket = new FakeSocket(server);
  const doc = new Y.Doc();
  const client = new SyncClient({ groupId: 1, doc, socket, on: { accept: () => false } });
  client.restore(2);
  doc.getText("text:idea").insert(0, "typed before");
  client.start();
  await tick();
  assert.deepEqual(
    socket.sent.map(([event]) => event),
    ["join"],
    "no update after the refused join",
  );
  assert.equal(client.state, "stopped");
  assert.equal(client.pendingCount, 3, "the edits stay counted for the reloaded page");
  assert.equal(server.doc.getText("text:idea").toString(), "");
});
