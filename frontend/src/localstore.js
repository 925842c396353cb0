// The model kept on this device between visits (IndexedDB, through y-indexeddb): the document as
// the server last sent it plus the edits typed here, and beside it a small record of what the page
// needs before it reaches the server (how many edits the server has not acknowledged yet, whether
// the copy was ever in step with the server, the role the person last had).

import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { fromBase64 } from "./base64.js";

const META_KEY = "meta";
const META_VERSION = 1;
const OPEN_TIMEOUT_MS = 4000;

/** The record kept beside the document, with safe values for anything missing or malformed. */
export function readMeta(raw) {
  const meta = raw && typeof raw === "object" && raw.v === META_VERSION ? raw : {};
  const count = (value) => (Number.isInteger(value) && value > 0 ? value : 0);
  const pending = count(meta.pending);
  return {
    v: META_VERSION,
    pending,
    // the server seq the oldest unsent edit was made on (null: unknown, or nothing unsent)
    base: pending && Number.isInteger(meta.base) && meta.base >= 0 ? meta.base : null,
    // the server seq the kept copy had seen
    seq: count(meta.seq),
    synced: meta.synced === true,
    role: meta.role === "editor" ? "editor" : "viewer",
  };
}

export class LocalStore {
  /**
   * @param {string} name the IndexedDB database: one per model, person and session (the page says)
   * @param {Y.Doc} doc
   * @param {object} [opts]
   * @param {number} [opts.timeout] how long opening may take before the page goes on without it
   * @param {Function} [opts.onLateLoad] called if the stored copy arrives after that
   */
  constructor(name, doc, { timeout = OPEN_TIMEOUT_MS, onLateLoad = null } = {}) {
    this.name = name;
    this.doc = doc;
    this.timeout = timeout;
    this.onLateLoad = onLateLoad;
    this.persistence = null;
    this.available = false;
    this.meta = readMeta(null);
  }

  /** The origin y-indexeddb gives the updates it loads: they are not edits to send. */
  get origin() {
    return this.persistence;
  }

  /** Load the stored copy into the doc; resolves to whether this device can keep edits. */
  async open() {
    if (!this.name || typeof indexedDB === "undefined") return false;
    let timer = null;
    try {
      this.persistence = new IndexeddbPersistence(this.name, this.doc);
      const opened = this.persistence._db.then(() => this.persistence.whenSynced);
      const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve("late"), this.timeout);
      });
      if ((await Promise.race([opened, late])) === "late") {
        opened.then(() => this.loaded(true)).catch(() => {});
        return false;
      }
      await this.loaded(false);
      return true;
    } catch {
      // Private browsing or storage refused: edits live in memory until acknowledged.
      this.available = false;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async loaded(late) {
    this.meta = readMeta(await this.persistence.get(META_KEY));
    this.available = true;
    if (late && this.onLateLoad) this.onLateLoad(this.meta);
  }

  write() {
    if (!this.available) return;
    this.persistence.set(META_KEY, { ...this.meta }).catch(() => {
      // Storage full: the count shown stays right in memory, the stored one is a little behind.
    });
  }

  /** Remember how many edits the server has not acknowledged, and on which seq they were made. */
  save({ pending, base = null, seq = 0 }) {
    const meta = this.meta;
    if (meta.pending === pending && meta.base === base && meta.seq === seq) return;
    Object.assign(meta, { pending, base, seq });
    this.write();
  }

  /** The copy is in step with the server as of now; remember the role for the next offline visit. */
  markSynced(role) {
    const next = role === "editor" ? "editor" : "viewer";
    if (this.meta.synced && this.meta.role === next) return;
    this.meta.synced = true;
    this.meta.role = next;
    this.write();
  }

  /** Forget the copy on this device (the server refused it for good). */
  async clear() {
    this.meta = readMeta(null);
    const persistence = this.persistence;
    this.available = false;
    if (persistence) await persistence.clearData().catch(() => {});
  }
}

/**
 * Edits an earlier version of the page kept in localStorage (before IndexedDB): the merged update
 * and how many edits it holds, or null. The key is removed once the server has them.
 */
export function legacyPending(groupId, storage) {
  const key = `facilitator:workspace:${groupId}:pending`;
  try {
    const raw = storage && storage.getItem(key);
    if (!raw) return null;
    const data = JSON.parse(raw);
    const update = fromBase64(data.update);
    Y.decodeUpdate(update); // throws on garbage
    return {
      update,
      count: Math.max(1, Number(data.count) || 1),
      forget: () => {
        try {
          storage.removeItem(key);
        } catch {
          // Storage refused: the stale copy is harmless, it only repeats what the server has.
        }
      },
    };
  } catch {
    return null;
  }
}
