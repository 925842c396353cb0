// A socket and a server that speak the /workspace protocol in memory, for the sync tests.
import * as Y from "yjs";
import { fromBase64, toBase64 } from "../src/base64.js";

export class FakeSocket {
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
  disconnect() {
    this.connected = false;
    this.handlers.disconnect("io client disconnect");
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

export class FakeServer {
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

export class MemoryStorage {
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

