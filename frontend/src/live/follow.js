// Following a session over /live: connection status, phase changes, the timer, re-rendering.

import { io } from "socket.io-client";
import { ServerClock, clockText, remainingMs, timerState } from "./clock.js";
import { jsonIn, refreshRegions, rememberRegions } from "./regions.js";

const TICK_MS = 250;
const RETRY_MS = 3000;
// Phones spread their requests after a phase change over this long
const JITTER_MS = 3000;
// How long a screen waits after a `progress` event, to take in a few at once
const FAST_REFRESH_MS = 150;

/** Fill {name} placeholders. */
export function format(template, values = {}) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (match, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
  );
}

export class LiveFollower {
  constructor({ config, t, socket, clock = new ServerClock() }) {
    this.config = config;
    this.t = t;
    this.socket = socket;
    this.clock = clock;
    this.view = config.view;
    this.phase = config.phase;
    this.timer = config.timer || null;
    this.state = "connecting";
    this.refreshTimer = null;
    this.refreshing = null;
    // A `now` whose screen the server is re-rendering: shown together with the new regions.
    this.pendingNow = null;
    this.listeners = [];
    if (this.timer) this.clock.sync(this.timer.server_now_ms);
    socket.on("connect", () => this.watch());
    socket.on("disconnect", () => this.setStatus("reconnecting"));
    socket.on("connect_error", () => this.setStatus("reconnecting"));
    socket.on("now", (payload) => this.onNow(payload));
    // Screens re-render on these events: at once for the models' progress (the server gathers
    // it already), after a second for the rest (a join storm sends counts by the hundred).
    const fast = new Set(config.refresh_fast || []);
    for (const event of config.refresh_on || []) {
      socket.on(event, () => this.scheduleRefresh(fast.has(event) ? FAST_REFRESH_MS : 1000));
    }
  }

  start() {
    rememberRegions();
    this.tick();
    this.ticker = window.setInterval(() => this.tick(), TICK_MS);
    if (this.config.refresh_seconds) {
      window.setInterval(() => {
        if (!document.hidden && this.socket.connected) this.scheduleRefresh(0);
      }, this.config.refresh_seconds * 1000);
    }
    this.socket.connect();
    return this;
  }

  /** Call `listener(event, payload)` after each phase or timer change. */
  subscribe(listener) {
    this.listeners.push(listener);
  }

  emitChange(event, payload) {
    for (const listener of this.listeners) listener(event, payload);
  }

  watch() {
    this.socket.timeout(15000).emit("watch", this.config.watch, (err, reply) => {
      if (err) {
        if (this.socket.connected) this.watch();
        return;
      }
      if (!reply || !reply.ok) {
        this.setStatus("stopped", reply && reply.message);
        return;
      }
      this.setStatus("connected");
      this.clock.sync(reply.server_now_ms);
      // Whatever happened while we were away: catch up.
      this.onNow(reply.now, true);
    });
  }

  setStatus(state, message = null) {
    this.state = state;
    this.statusMessage = message;
    this.paintStatus();
  }

  paintStatus() {
    for (const el of document.querySelectorAll("[data-live-status]")) {
      el.dataset.state = this.state;
      const text = el.querySelector("[data-live-status-text]");
      const wanted = this.statusMessage || this.t[`status_${this.state}`] || this.state;
      if (text && text.textContent !== wanted) text.textContent = wanted;
    }
  }

  /** The whole "now" (phase, item, next item, presenter, timer) from one message. */
  onNow(now, afterWatch = false) {
    if (!now) return;
    this.clock.sync(now.server_now_ms);
    const changed = now.view !== this.view;
    const phaseChanged = now.phase !== this.phase;
    if (changed && this.config.mode !== "notice" && this.config.mode !== "swap") {
      // The projector and the panel: the server renders the new screen; its header (phase,
      // timer) changes in the same frame as the screen, never before it.
      this.pendingNow = now;
      this.scheduleRefresh(0);
      return;
    }
    this.applyNow(now);
    if (!changed) return;
    this.view = now.view;
    this.phase = now.phase;
    if (this.config.mode === "notice") {
      if (phaseChanged) this.showNotice(now);
      return;
    }
    // The card shows the whole new state already; the rest of the page follows. Many phones
    // at once: spread their requests over a couple of seconds.
    const jitter = this.config.role === "participant" && !afterWatch ? Math.random() * JITTER_MS : 0;
    this.scheduleRefresh(jitter);
  }

  applyNow(now) {
    this.pendingNow = null;
    this.timer = now.timer || null;
    for (const el of document.querySelectorAll("[data-live-phase-label]")) {
      if (el.textContent !== now.label) el.textContent = now.label;
    }
    document.body.dataset.livePhase = now.phase;
    paintNowCard(now, this.config, this.t);
    this.tick();
    this.emitChange("now", now);
  }

  /** A timer payload on its own (a control's acknowledgement carries it inside `now`). */
  onTimer(payload) {
    if (!payload) return;
    this.clock.sync(payload.server_now_ms);
    this.timer = payload;
    this.tick();
  }

  showNotice(payload) {
    const notice = document.querySelector("[data-live-notice]");
    if (!notice) return;
    notice.querySelector("[data-live-notice-text]").textContent = format(this.t.moved_on, {
      phase: payload.label,
    });
    notice.hidden = false;
  }

  scheduleRefresh(delay) {
    const due = Date.now() + delay;
    // One refresh at a time; a more urgent reason brings a planned one forward.
    if (this.refreshTimer && this.refreshDue <= due) return;
    if (this.refreshTimer) window.clearTimeout(this.refreshTimer);
    this.refreshDue = due;
    this.refreshTimer = window.setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, delay);
  }

  async refresh() {
    if (this.refreshing) {
      // One request at a time; ask again once this one is back.
      this.refreshing.then(() => this.scheduleRefresh(0));
      return;
    }
    const selector = this.config.mode === "swap" ? "main#main" : "[data-live-region]";
    // The `now` this fetch renders; one that arrives meanwhile waits for the next fetch.
    const waiting = this.pendingNow;
    const showWaiting = () => {
      if (waiting && this.pendingNow === waiting) this.applyNow(waiting);
    };
    this.refreshing = refreshRegions(selector)
      .then(({ fresh, skipped }) => {
        if (!fresh) return;
        if (skipped) {
          // Someone is typing there: try again in a moment rather than lose their input.
          this.scheduleRefresh(RETRY_MS);
          if (this.config.mode === "swap") return;
        }
        const config = jsonIn(fresh, "live-config");
        if (config) {
          this.view = config.view;
          this.phase = config.phase;
        }
        showWaiting();
        this.paintStatus();
        this.tick();
        this.emitChange("refreshed", fresh);
      })
      .catch(() => {
        if (this.config.mode === "swap") window.location.reload();
      })
      .finally(() => {
        this.refreshing = null;
        // The screen could not be fetched: show the new state over the old screen all the same.
        showWaiting();
      });
    await this.refreshing;
  }

  tick() {
    const now = this.clock.now();
    const state = timerState(this.timer, now);
    const text = clockText(remainingMs(this.timer, now));
    const label = (this.timer && this.timer.label) || "";
    for (const el of document.querySelectorAll("[data-live-timer]")) {
      el.hidden = state === "stopped";
      if (el.dataset.state !== state) el.dataset.state = state;
      const labelEl = el.querySelector("[data-timer-label]");
      if (labelEl && labelEl.textContent !== label) {
        labelEl.textContent = label;
        labelEl.hidden = !label;
      }
      const clock = el.querySelector("[data-timer-clock]");
      if (clock && clock.textContent !== text) clock.textContent = text;
      const note = el.querySelector("[data-timer-note]");
      const wanted = state === "up" ? this.t.time_up : state === "paused" ? this.t.paused : "";
      if (note && note.textContent !== wanted) note.textContent = wanted;
    }
  }
}

// Phases whose card names the agenda item, and items named whatever the phase (a break, an
// excursion): as templates/live/_participant_now.html decides on the server.
const ITEM_PHASES = new Set(["lobby", "talks"]);
const ITEM_KINDS = new Set(["break", "other"]);

function setText(el, text) {
  if (!el) return;
  if (el.textContent !== text) el.textContent = text;
  el.hidden = !text;
}

/** Show a `now` message on the participant's "now" card, every field at once. */
export function paintNowCard(now, config = {}, t = {}, root = document) {
  const card = root.querySelector("[data-live-now]");
  if (!card) return;
  const item = now.agenda_item;
  const itemShown = Boolean(item && (ITEM_PHASES.has(now.phase) || ITEM_KINDS.has(item.kind)));
  const itemBox = card.querySelector("[data-now-item]");
  if (itemBox) {
    itemBox.hidden = !itemShown;
    setText(card.querySelector('[data-now-field="title"]'), item ? item.title : "");
    setText(card.querySelector('[data-now-field="speaker"]'), item ? item.speaker || "" : "");
    setText(card.querySelector('[data-now-field="credentials"]'), item ? item.credentials || "" : "");
  }
  for (const body of card.querySelectorAll("[data-now-body]")) {
    body.hidden = body.dataset.nowBody !== now.phase;
  }
  for (const el of card.querySelectorAll("[data-now-unless-item]")) el.hidden = Boolean(item);
  const group = now.presenting_group;
  for (const el of card.querySelectorAll("[data-now-presenting]")) el.hidden = !group;
  for (const el of card.querySelectorAll("[data-now-unless-presenting]")) el.hidden = Boolean(group);
  setText(card.querySelector("[data-now-presenting-name]"), group ? group.name : "");
  const topic = card.querySelector("[data-now-presenting-topic]");
  if (topic && (!group || topic.dataset.groupId !== String(group.id))) topic.hidden = true;
  const link = card.querySelector("[data-now-presenting-link]");
  if (link) {
    const readable = group && config.model_url_pattern &&
      (config.may_read_others || config.group_id === group.id);
    link.hidden = !readable;
    if (readable) link.href = format(config.model_url_pattern, { id: group.id });
  }
  const next = card.querySelector("[data-now-next]");
  if (next) {
    const shown = Boolean(now.next_item && ITEM_PHASES.has(now.phase));
    next.hidden = !shown;
    const text = shown ? format(t.next, { time: now.next_item.starts_at, title: now.next_item.title }) : "";
    if (next.textContent !== text) next.textContent = text;
  }
  card.className = card.className.replace(/\blive-now-[a-z_]+\b/, `live-now-${now.phase}`);
  card.dataset.liveView = now.view;
}

/** Connect the page to /live with its config and strings. */
export function startFollowing(config, t) {
  const socket = io("/live", { autoConnect: false, reconnectionDelayMax: 10000 });
  return new LiveFollower({ config, t, socket }).start();
}
