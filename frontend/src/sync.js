// Keeps one Y.Doc in step with the server over Socket.IO (namespace /workspace).
// Local edits are coalesced, sent one message at a time and counted as pending until the server
// acknowledges them, which it does only after committing to its database. The document itself is
// kept on the device by the store (localstore.js); this client keeps the store's count right.

import * as Y from "yjs";
import { fromBase64, toBase64 } from "./base64.js";

export const REMOTE = Symbol("remote");
export const RESTORED = Symbol("restored");
const FLUSH_MS = 150;
const ACK_TIMEOUT_MS = 15000;
const OFFLINE_AFTER_ATTEMPTS = 3;
const GAP_WAIT_MS = 1500;

/** True when an update carries new items (not only the delete set every diff repeats). */
export function hasStructs(update) {
  try {
    return Y.decodeUpdate(update).structs.length > 0;
  } catch {
    return true;
  }
}

export class SyncClient {
  /**
   * @param {object} opts
   * @param {number} opts.groupId
   * @param {Y.Doc} opts.doc
   * @param {object} opts.socket a Socket.IO client socket for /workspace (autoConnect false)
   * @param {object} [opts.store] keeps the document on the device: `origin` (of the updates it
   *   loads, which are not edits to send), `save({pending, base, seq})`, `markSynced(role)`
   * @param {object} [opts.on] callbacks: status, joined, role, presence, progress, error, fatal;
   *   `accept(reply)`, which may refuse a join (a page built for another server version);
   *   `restored({pending})`: a moderator restored an earlier version since the unsent edits were
   *   made; they are held until `release()`
   */
  constructor({ groupId, doc, socket, store = null, on = {} }) {
    this.groupId = groupId;
    this.doc = doc;
    this.socket = socket;
    this.store = store;
    this.on = on;
    this.unsent = [];
    this.unsentCount = 0;
    this.inflight = null;
    this.joined = false;
    this.everJoined = false;
    this.readOnly = true;
    this.state = "connecting";
    this.attempts = 0;
    this.lastSeq = 0;
    this.seenAbove = new Set();
    this.flushTimer = null;
    this.gapTimer = null;
    this.retryDelay = 1000;
    this.section = null;
    this.stopped = false;
    this.singly = 0;
    this.rejoinedForInvalid = false;
    // The server seq the copy had seen when the oldest unacknowledged edit was made.
    this.base = null;
    this.held = false;

    this.doc.on("update", (update, origin) => this.onDocUpdate(update, origin));
    this.bindSocket();
  }

  /**
   * Edits kept from an earlier visit: counted as pending; the next join sends what they hold.
   * `base` is the server seq they were made on, `seq` the one the kept copy had seen.
   */
  restore(count, { base = null, seq = 0 } = {}) {
    this.unsentCount += Math.max(0, Number(count) || 0);
    if (!this.everJoined && seq > this.lastSeq) this.lastSeq = seq;
    if (this.base === null && Number.isInteger(base)) this.base = base;
    this.persist();
    this.emitStatus();
  }

  /** Send edits held back after a restore (the person chose to keep them). */
  release() {
    this.held = false;
    this.base = this.lastSeq;
    this.persist();
    this.scheduleFlush(0);
  }

  get pendingCount() {
    return this.unsentCount + (this.inflight ? this.inflight.count : 0);
  }

  start() {
    this.socket.connect();
  }

  // ---- outgoing ---------------------------------------------------------------------------

  onDocUpdate(update, origin) {
    // What the store loads was kept on the device: the next join's state-vector exchange sends
    // whatever of it the server lacks, so it is never queued here (it may be the whole model).
    if (origin === REMOTE || (this.store && origin === this.store.origin && origin)) return;
    this.unsent.push(update);
    if (origin !== RESTORED) {
      if (this.pendingCount === 0 || this.base === null) this.base = this.lastSeq;
      this.unsentCount += 1;
    }
    this.persist();
    this.scheduleFlush(FLUSH_MS);
    this.emitStatus();
  }

  scheduleFlush(delay) {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, delay);
  }

  persist() {
    const pending = this.pendingCount;
    if (pending === 0) this.base = null;
    if (this.store) this.store.save({ pending, base: this.base, seq: this.lastSeq });
  }

  flush() {
    this.persist();
    if (!this.joined || this.readOnly || this.inflight || this.held || !this.unsent.length) return;
    let parts = this.unsent;
    let count = this.unsentCount;
    if (this.singly > 0) {
      this.singly -= 1;
      parts = this.unsent.slice(0, 1);
      count = this.unsent.length === 1 ? this.unsentCount : Math.min(1, this.unsentCount);
    }
    const update = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
    this.inflight = { update, parts, count };
    this.unsent = this.unsent.slice(parts.length);
    this.unsentCount -= count;
    const sent = this.inflight;
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit("update", { group_id: this.groupId, update: toBase64(update) }, (err, reply) => {
        if (this.inflight !== sent) return; // superseded by a re-join
        if (err) return this.requeue(this.socket.connected ? 2000 : null);
        this.onUpdateAck(reply || {});
      });
  }

  requeue(delay) {
    if (this.inflight) {
      this.unsent.unshift(...this.inflight.parts);
      this.unsentCount += this.inflight.count;
      this.inflight = null;
    }
    if (delay !== null) this.scheduleFlush(delay);
    this.emitStatus();
  }

  onUpdateAck(reply) {
    if (reply.ok) {
      this.inflight = null;
      this.retryDelay = 1000;
      this.rejoinedForInvalid = false;
      this.noteSeq(reply.seq);
      this.persist();
      this.emitStatus();
      if (this.unsent.length) this.scheduleFlush(FLUSH_MS);
      return;
    }
    const code = reply.code;
    if (code === "rate_limited") {
      this.requeue(this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 15000);
    } else if (code === "not_joined") {
      this.requeue(null);
      this.join();
    } else if (code === "read_only") {
      this.requeue(null);
      this.setRole("viewer", "work_over", reply.message);
    } else if (code === "too_large" && this.inflight.parts.length > 1) {
      // Several edits merged grew too big: send them one by one.
      const { parts, count } = this.inflight;
      this.inflight = null;
      this.unsent = [...parts, ...this.unsent];
      this.unsentCount += count;
      this.singly = parts.length;
      this.scheduleFlush(0);
      return;
    } else if (code === "invalid_update" && !this.rejoinedForInvalid) {
      // Usually a missing dependency: a fresh join exchanges state vectors and repairs it.
      this.rejoinedForInvalid = true;
      this.requeue(null);
      this.join();
      return;
    } else {
      // The server refuses these bytes for good: drop them and start again from its state.
      this.inflight = null;
      this.persist();
      this.emitStatus();
      if (this.on.fatal) this.on.fatal(reply, { resync: true });
    }
    if (this.on.error) this.on.error(reply);
  }

  // ---- connection and joining ---------------------------------------------------------------

  bindSocket() {
    const socket = this.socket;
    socket.on("connect", () => {
      this.attempts = 0;
      this.join();
    });
    socket.on("disconnect", (reason) => {
      this.joined = false;
      this.requeue(null);
      if (reason === "io server disconnect" || reason === "io client disconnect") {
        this.setState(this.stopped ? "stopped" : "offline");
      } else {
        this.setState("reconnecting");
      }
    });
    socket.on("connect_error", () => {
      this.attempts += 1;
      if (!socket.active && !this.stopped) setTimeout(() => socket.connect(), 5000);
      this.setState(this.attempts >= OFFLINE_AFTER_ATTEMPTS ? "offline" : "reconnecting");
    });
    socket.on("update", (message) => this.onRemoteUpdate(message));
    socket.on("status", (message) => {
      if (message && message.group_id === this.groupId) {
        this.setRole(message.role, message.read_only_reason || null, message.read_only_message);
      }
    });
    socket.on("presence", (message) => {
      if (message && message.group_id === this.groupId && this.on.presence) {
        this.on.presence(message.members || []);
      }
    });
    socket.on("progress", (message) => {
      if (message && message.group_id === this.groupId && this.on.progress) this.on.progress(message);
    });
    if (typeof window !== "undefined") {
      window.addEventListener("online", () => {
        if (!socket.connected && !this.stopped) socket.connect();
      });
      window.addEventListener("offline", () => this.setState("offline"));
      window.addEventListener("pagehide", () => this.persist());
    }
  }

  join() {
    const stateVector = toBase64(Y.encodeStateVector(this.doc));
    this.setState(this.everJoined ? "reconnecting" : "connecting");
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit("join", { group_id: this.groupId, state_vector: stateVector }, (err, reply) => {
        if (err) {
          if (this.socket.connected) this.join();
          return;
        }
        this.onJoined(reply || {});
      });
  }

  onJoined(reply) {
    if (reply.ok && this.on.accept && !this.on.accept(reply)) {
      // Nothing of this page's may reach that server: stop before exchanging anything.
      this.stopped = true;
      this.socket.disconnect();
      this.setState("stopped");
      return;
    }
    if (!reply.ok) {
      if (this.on.error) this.on.error(reply);
      if (reply.code === "rate_limited") {
        setTimeout(() => this.socket.connected && this.join(), 3000);
        return;
      }
      this.stopped = true;
      this.socket.disconnect();
      this.setState("stopped");
      if (this.on.fatal) this.on.fatal(reply, { resync: false });
      return;
    }
    if (reply.update) Y.applyUpdate(this.doc, fromBase64(reply.update), REMOTE);
    this.lastSeq = Number(reply.seq) || 0;
    this.seenAbove.clear();
    // Send the server everything it lacks: edits made offline, or lost with the connection.
    const serverVector = reply.state_vector ? fromBase64(reply.state_vector) : undefined;
    const diff = Y.encodeStateAsUpdate(this.doc, serverVector);
    const count = this.pendingCount;
    this.inflight = null;
    this.unsent = [];
    this.unsentCount = 0;
    if (count > 0 || hasStructs(diff)) {
      this.unsent = [diff];
      this.unsentCount = Math.max(count, 1);
    }
    // Edits made on a copy that had not seen a later restore wait for the person's choice.
    const restored = Number(reply.restored_seq) || 0;
    this.held = count > 0 && this.base !== null && restored > this.base;
    this.joined = true;
    this.persist();
    if (this.store) this.store.markSynced(reply.role);
    const first = !this.everJoined;
    this.everJoined = true;
    if (this.on.joined) this.on.joined(reply, first);
    this.setRole(reply.role, reply.read_only_reason || null, reply.read_only_message);
    this.setState("connected");
    if (this.section !== null) this.sendPresence(this.section);
    if (this.held && this.on.restored) this.on.restored({ pending: this.pendingCount });
    this.flush();
  }

  onRemoteUpdate(message) {
    if (!message || message.group_id !== this.groupId || !message.update) return;
    Y.applyUpdate(this.doc, fromBase64(message.update), REMOTE);
    this.noteSeq(message.seq);
  }

  /** Track sequence numbers; a gap that does not fill soon means a lost message: re-join. */
  noteSeq(seq) {
    seq = Number(seq);
    if (!Number.isFinite(seq) || seq <= this.lastSeq) return;
    this.seenAbove.add(seq);
    const before = this.lastSeq;
    while (this.seenAbove.has(this.lastSeq + 1)) {
      this.lastSeq += 1;
      this.seenAbove.delete(this.lastSeq);
    }
    if (this.lastSeq !== before) this.persist();
    if (this.seenAbove.size && this.gapTimer === null) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.seenAbove.size && this.joined) this.join();
      }, GAP_WAIT_MS);
    }
  }

  setRole(role, reason, message = null) {
    const readOnly = role !== "editor" || Boolean(reason);
    const changed = readOnly !== this.readOnly || reason !== this.readOnlyReason;
    this.readOnly = readOnly;
    this.readOnlyReason = reason;
    if (changed && this.on.role) this.on.role({ role, readOnly, reason, message });
    if (!readOnly) this.scheduleFlush(0);
  }

  sendPresence(section) {
    this.section = section;
    if (this.joined) this.socket.emit("presence", { group_id: this.groupId, section });
  }

  setState(state) {
    if (typeof navigator !== "undefined" && navigator.onLine === false && state !== "stopped") {
      state = "offline";
    }
    this.state = state;
    this.emitStatus();
  }

  emitStatus() {
    if (this.on.status) this.on.status({ state: this.state, pending: this.pendingCount });
  }
}
