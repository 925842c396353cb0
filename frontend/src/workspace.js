// The group workspace page: one Y.Doc, a textarea per text section, a table per table section,
// where the edits are (server, this device, offline), presence, progress and read-only mode.

import * as Y from "yjs";
import { io } from "socket.io-client";
import { format, readJSON } from "./i18n.js";
import { LocalStore, legacyPending } from "./localstore.js";
import { describe, StatusView } from "./status.js";
import { RESTORED, SyncClient } from "./sync.js";
import { TableBinding } from "./table.js";
import { bindText } from "./textbinding.js";
import { PresenceAnnouncer } from "./presence_announcer.js";

const PRESENCE_BLUR_MS = 400;
const RELOAD_DELAY_MS = 400;

export class Workspace {
  constructor(root, { config, t, socket, storage }) {
    this.root = root;
    this.config = config;
    this.t = t;
    this.locale = document.documentElement.lang || "ru";
    this.storage = storage;
    this.readOnly = true;
    this.bound = false;
    this.bindings = [];
    this.me = null;
    this.members = [];
    this.sections = new Map(config.sections.map((s) => [s.key, s]));
    const status = root.querySelector("[data-status]");
    this.status = status ? new StatusView(status, t, this.locale) : null;
    this.el = {
      readonly: root.querySelector("[data-readonly]"),
      error: root.querySelector("[data-error]"),
      presence: root.querySelector("[data-presence]"),
      bar: root.querySelector("[data-progress]"),
      fill: root.querySelector("[data-progress-fill]"),
      progressText: root.querySelector("[data-progress-text]"),
    };
    this.doc = new Y.Doc();
    this.local = new LocalStore(config.offline_store, this.doc, {
      onLateLoad: () => this.sync.joined && this.sync.join(),
    });
    this.sync = new SyncClient({
      groupId: config.group_id,
      doc: this.doc,
      socket,
      store: this.local,
      on: {
        accept: (reply) => this.sameVersion(reply),
        status: (s) => this.showStatus(s),
        joined: (reply, first) => this.onJoined(reply, first),
        role: (r) => this.setReadOnly(r.readOnly, r.reason, r.message),
        presence: (members) => this.showPresence(members),
        progress: (p) => this.showProgress(p),
        error: (reply) => this.showError(reply),
        fatal: (reply, opts) => this.onFatal(reply, opts),
        restored: () => this.askAfterRestore(),
      },
    });
    this.trackFocus();
  }

  /** Load the copy kept on this device, then connect; the page shows it at once when offline. */
  start() {
    this.started = this.local.open().then((stored) => {
      const kept = { ...this.local.meta };
      this.adoptLegacy(stored);
      this.sync.restore(kept.pending, { base: kept.base, seq: kept.seq });
      if (typeof navigator !== "undefined" && navigator.onLine === false) this.bindLocal();
      this.sync.start();
    });
    return this;
  }

  /** Edits an earlier version of the page kept in localStorage join the document once. */
  adoptLegacy(stored) {
    const legacy = legacyPending(this.config.group_id, this.storage);
    if (!legacy) return;
    Y.applyUpdate(this.doc, legacy.update, RESTORED);
    this.sync.restore(legacy.count);
    if (stored) setTimeout(legacy.forget, 1000);
    else this.forgetLegacy = legacy.forget;
  }

  // ---- binding the document to the page ----------------------------------------------------

  onJoined(reply) {
    this.me = reply.me || null;
    if (!this.bound) this.bind();
    this.showPresence(this.members);
  }

  /** Without the server, show and edit the copy kept here if it was ever in step with it. */
  bindLocal() {
    if (this.bound || !this.local.available || !this.local.meta.synced) return;
    this.bind();
    this.setReadOnly(this.local.meta.role !== "editor", null, null);
  }

  /** A page built for another version of the server must not talk to it: reload it once. */
  sameVersion(reply) {
    const mine = this.config.client_version;
    const theirs = reply.client_version;
    if (!mine || !theirs || mine === theirs) return true;
    const key = `facilitator:reloaded-for:${theirs}`;
    let tried = true;
    try {
      tried = window.sessionStorage.getItem(key) !== null;
      window.sessionStorage.setItem(key, "1");
    } catch {
      tried = true;
    }
    this.setReadOnly(true, null, this.t.new_version);
    if (!tried && this.local.available) {
      // The edits are on this device already: the new page sends them.
      setTimeout(() => window.location.reload(), RELOAD_DELAY_MS);
    } else {
      this.onFatal({ message: this.t.new_version }, { resync: false, reload: true });
    }
    return false;
  }

  bind() {
    this.bound = true;
    for (const li of this.root.querySelectorAll(".ws-section[data-section]")) {
      const section = this.sections.get(li.dataset.section);
      if (!section) continue;
      if (section.kind === "table") {
        this.bindings.push(
          new TableBinding({
            doc: this.doc,
            section,
            root: li,
            t: this.t,
            isReadOnly: () => this.readOnly,
          }),
        );
      } else {
        const el = li.querySelector("[data-text]");
        this.bindings.push(bindText(this.doc.getText(`text:${section.key}`), el));
      }
    }
    this.root.classList.add("is-live");
  }

  setReadOnly(readOnly, reason, message) {
    this.readOnly = readOnly || !this.bound;
    this.root.classList.toggle("is-readonly", this.readOnly);
    for (const el of this.root.querySelectorAll("[data-text], .ws-cell")) el.readOnly = this.readOnly;
    for (const b of this.bindings) if (b.applyReadOnly) b.applyReadOnly();
    for (const el of this.root.querySelectorAll("[data-add-row]")) el.disabled = this.readOnly;
    const banner = this.el.readonly;
    if (banner) {
      banner.hidden = !readOnly;
      // The reason in the page's language; the server's message is in the session's.
      const worded = (this.config.read_only_messages || {})[reason];
      banner.textContent = readOnly ? worded || message || this.t.readonly : "";
    }
  }

  // ---- status, presence, progress ----------------------------------------------------------

  showStatus({ state, pending }) {
    if (state === "offline" || state === "reconnecting") this.bindLocal();
    if (state !== "connected") this.forgetPresence();
    if (pending === 0 && this.sync.joined && this.forgetLegacy) {
      this.forgetLegacy();
      this.forgetLegacy = null;
    }
    if (!this.status) return;
    const everSynced = this.sync.everJoined || this.local.meta.synced;
    this.status.show(describe({ state, pending, stored: this.local.available, everSynced }), state);
  }

  isMe(member) {
    return this.me && member.kind === this.me.kind && String(member.id) === String(this.me.id);
  }

  /** Without the server nobody is known to be here: the list and the "here now" notes would
   * be stale. The announcer keeps who was here before, so on reconnecting only real changes
   * since then are announced, not everyone again. */
  forgetPresence() {
    if (!this.members.length) return;
    this.renderPresence([]);
  }

  showPresence(members) {
    this.announcer ??= new PresenceAnnouncer(
      this.root.querySelector("[data-presence-live]"),
      { joined: this.t.presence_joined, left: this.t.presence_left },
      (m) => this.isMe(m),
    );
    this.announcer.update(members);
    this.renderPresence(members);
  }

  renderPresence(members) {
    this.members = members;
    const list = this.el.presence;
    if (list) {
      const items = members.map((m) => {
        const li = document.createElement("li");
        li.className = "ws-person";
        const name = this.isMe(m) ? format(this.t.you, { name: m.name }) : m.name;
        const section = m.section && this.sections.get(m.section);
        li.textContent = section ? format(this.t.person_in, { name, section: section.title }) : name;
        if (m.kind === "moderator") li.classList.add("is-moderator");
        return li;
      });
      list.replaceChildren(...items);
    }
    const editing = new Map();
    for (const m of members) {
      if (!m.section || this.isMe(m)) continue;
      if (!editing.has(m.section)) editing.set(m.section, []);
      editing.get(m.section).push(m.name);
    }
    for (const li of this.root.querySelectorAll(".ws-section[data-section]")) {
      const names = editing.get(li.dataset.section) || [];
      const note = li.querySelector("[data-editing]");
      li.classList.toggle("is-busy", names.length > 0);
      if (note) {
        note.hidden = names.length === 0;
        note.textContent = names.length ? format(this.t.editing_now, { names: names.join(", ") }) : "";
      }
    }
  }

  showProgress({ sections = {}, filled = 0, total = 0 }) {
    for (const li of this.root.querySelectorAll(".ws-section[data-section]")) {
      const done = Boolean(sections[li.dataset.section]);
      li.classList.toggle("is-filled", done);
      const mark = li.querySelector("[data-filled]");
      if (mark) mark.hidden = !done;
    }
    for (const item of this.root.querySelectorAll("[data-toc]")) {
      item.classList.toggle("is-filled", Boolean(sections[item.dataset.toc]));
    }
    const bar = this.el.bar;
    if (bar) {
      bar.setAttribute("aria-valuenow", String(filled));
      bar.setAttribute("aria-valuemax", String(total));
      const text = format(this.t.progress, { filled, total });
      bar.setAttribute("aria-valuetext", text);
      this.el.fill.style.width = `${total ? Math.round((filled / total) * 100) : 0}%`;
      this.el.progressText.textContent = text;
    }
  }

  // ---- errors ------------------------------------------------------------------------------

  showError(reply) {
    if (!this.el.error || ["rate_limited", "not_joined"].includes(reply.code)) return;
    this.el.error.hidden = false;
    this.el.error.textContent = reply.message || this.t.error;
    clearTimeout(this.errorTimer);
    this.errorTimer = setTimeout(() => {
      this.el.error.hidden = true;
    }, 10000);
  }

  onFatal(reply, { resync, reload = false }) {
    if (resync) this.local.clear();
    clearTimeout(this.errorTimer);
    const box = this.el.error;
    if (!box) return;
    box.hidden = false;
    box.replaceChildren();
    const text = document.createElement("span");
    text.textContent = `${reply.message || this.t.error} `;
    box.append(text);
    if (resync || reload) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small";
      button.textContent = this.t.reload;
      button.addEventListener("click", () => window.location.reload());
      box.append(button);
      if (resync) this.setReadOnly(true, null, this.t.reload_needed);
    }
  }

  /** A moderator restored an earlier version since the edits kept here were made: ask. */
  askAfterRestore() {
    const box = this.el.error;
    if (!box) return this.sync.release();
    clearTimeout(this.errorTimer);
    box.hidden = false;
    box.classList.add("ws-ask");
    const text = document.createElement("p");
    text.textContent = this.t.restored_since;
    const send = document.createElement("button");
    send.type = "button";
    send.className = "btn btn-small btn-primary";
    send.textContent = this.t.send_kept;
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-small";
    discard.textContent = this.t.discard_kept;
    const close = () => {
      box.hidden = true;
      box.classList.remove("ws-ask");
      box.replaceChildren();
    };
    send.addEventListener("click", () => {
      close();
      this.sync.release();
    });
    discard.addEventListener("click", async () => {
      if (!window.confirm(this.t.confirm_discard_kept)) return;
      discard.disabled = true;
      send.disabled = true;
      await this.local.clear();
      window.location.reload();
    });
    box.replaceChildren(text, send, discard);
    send.focus();
  }

  // ---- presence from focus -----------------------------------------------------------------

  trackFocus() {
    let blurTimer = null;
    this.root.addEventListener("focusin", (event) => {
      const li = event.target.closest(".ws-section[data-section]");
      clearTimeout(blurTimer);
      const key = li ? li.dataset.section : null;
      if (key !== this.sync.section) this.sync.sendPresence(key);
    });
    this.root.addEventListener("focusout", () => {
      clearTimeout(blurTimer);
      blurTimer = setTimeout(() => {
        const active = document.activeElement;
        const inside = active && active.closest && active.closest(".ws-section[data-section]");
        if (!inside && this.sync.section !== null) this.sync.sendPresence(null);
      }, PRESENCE_BLUR_MS);
    });
  }
}

/** Start the workspace page found under `root`. */
export function startWorkspace(root) {
  const config = readJSON("workspace-config");
  const t = readJSON("workspace-i18n");
  const socket = io("/workspace", {
    autoConnect: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 8000,
  });
  let storage = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return new Workspace(root, { config, t, socket, storage }).start();
}
