// The one sentence the workspace shows about where the person's edits are, and its announcement
// to screen readers (a polite live region that speaks only a state that has settled).

import { plural } from "./i18n.js";

const ANNOUNCE_AFTER_MS = 1500;

/**
 * Where the edits are, as one state: {connection, saved, n}.
 * connection: "online" | "connecting" | "offline" | "stopped";
 * saved: "server" (nothing waits), "device" (kept on this device, n not yet sent),
 * "memory" (n not yet sent and this device cannot keep them: the page must stay open),
 * "unknown" (still connecting, nothing known yet).
 */
export function describe({ state, pending, stored, everSynced }) {
  let connection = "connecting";
  if (state === "connected") connection = "online";
  else if (state === "offline") connection = "offline";
  else if (state === "stopped") connection = "stopped";
  let saved = "server";
  if (pending > 0) saved = stored ? "device" : "memory";
  else if (!everSynced && connection !== "online") saved = "unknown";
  return { connection, saved, n: pending > 0 ? pending : 0 };
}

/** The sentence for a state, from the page's strings `t` (plural forms for counts). */
export function sentence(status, t, locale, where = "phone") {
  const parts = [];
  if (status.connection === "offline") parts.push(t.conn_offline);
  else if (status.connection === "stopped") parts.push(t.conn_stopped);
  else if (status.connection === "connecting") parts.push(t.status_connecting);
  if (status.saved === "server") parts.push(t.saved_server);
  else if (status.saved === "device") {
    parts.push(plural(where === "phone" ? t.saved_phone : t.saved_device, status.n, locale));
  } else if (status.saved === "memory") parts.push(plural(t.unsaved, status.n, locale));
  return parts.filter(Boolean).join(" ");
}

/** Whether this device is a phone or tablet (the words say "this phone"), else "this device". */
export function deviceWord(win = globalThis.window) {
  try {
    return win && win.matchMedia && win.matchMedia("(pointer: coarse)").matches ? "phone" : "device";
  } catch {
    return "device";
  }
}

export class StatusView {
  /**
   * @param {HTMLElement} root the status box ([data-status])
   * @param {object} t the page's strings
   * @param {string} locale
   */
  constructor(root, t, locale, where = deviceWord()) {
    this.root = root;
    this.t = t;
    this.locale = locale;
    this.where = where;
    this.text = root.querySelector("[data-status-text]");
    this.live = root.querySelector("[data-status-live]");
    this.announced = "";
    this.timer = null;
  }

  /** Show a state from describe(); `state` is the sync client's own word, kept for styling. */
  show(status, state) {
    const text = sentence(status, this.t, this.locale, this.where);
    this.root.dataset.state = state;
    this.root.dataset.saved = status.saved;
    this.root.dataset.pending = String(status.n);
    if (this.text.textContent !== text) this.text.textContent = text;
    // While someone types online the sentence flips between "kept here" and "saved" with every
    // acknowledgement: announce only what stays for a moment, and never the same thing twice.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.announce(text), ANNOUNCE_AFTER_MS);
  }

  announce(text) {
    if (!this.live || text === this.announced) return;
    this.announced = text;
    this.live.textContent = text;
  }
}
