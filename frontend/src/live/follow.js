// Following a session over /live: connection status, phase changes, the timer, re-rendering.

import { io } from "socket.io-client";
import { ServerClock, clockText, remainingMs, timerState } from "./clock.js";
import { jsonIn, refreshRegions, rememberRegions } from "./regions.js";

const TICK_MS = 250;
const RETRY_MS = 3000;
// Phones spread their requests after a phase change over this long
const JITTER_MS = 3000;

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
    this.listeners = [];
    if (this.timer) this.clock.sync(this.timer.server_now_ms);
    socket.on("connect", () => this.watch());
    socket.on("disconnect", () => this.setStatus("reconnecting"));
    socket.on("connect_error", () => this.setStatus("reconnecting"));
    socket.on("phase", (payload) => this.onPhase(payload));
    socket.on("timer", (payload) => this.onTimer(payload));
    for (const event of config.refresh_on || []) {
      socket.on(event, () => this.scheduleRefresh(1000));
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
      this.onTimer(reply.timer);
      // Whatever happened while we were away: catch up.
      this.onPhase(reply.phase, true);
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

  onPhase(payload, afterWatch = false) {
    if (!payload) return;
    for (const el of document.querySelectorAll("[data-live-phase-label]")) {
      el.textContent = payload.label;
    }
    document.body.dataset.livePhase = payload.phase;
    const changed = payload.view !== this.view;
    const phaseChanged = payload.phase !== this.phase;
    this.emitChange("phase", payload);
    if (!changed) return;
    if (this.config.mode === "notice") {
      if (phaseChanged) this.showNotice(payload);
      this.view = payload.view;
      return;
    }
    // Many phones at once: spread their requests over a couple of seconds.
    const jitter = this.config.role === "participant" && !afterWatch ? Math.random() * JITTER_MS : 0;
    this.scheduleRefresh(jitter);
  }

  onTimer(payload) {
    if (!payload) return;
    this.clock.sync(payload.server_now_ms);
    this.timer = payload;
    this.tick();
    this.emitChange("timer", payload);
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
    if (this.refreshTimer) return;
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
        this.paintStatus();
        this.tick();
        this.emitChange("refreshed", fresh);
      })
      .catch(() => {
        if (this.config.mode === "swap") window.location.reload();
      })
      .finally(() => {
        this.refreshing = null;
      });
    await this.refreshing;
  }

  tick() {
    const now = this.clock.now();
    const state = timerState(this.timer, now);
    const text = clockText(remainingMs(this.timer, now));
    for (const el of document.querySelectorAll("[data-live-timer]")) {
      el.hidden = state === "stopped";
      if (el.dataset.state !== state) el.dataset.state = state;
      const clock = el.querySelector("[data-timer-clock]");
      if (clock && clock.textContent !== text) clock.textContent = text;
      const note = el.querySelector("[data-timer-note]");
      const wanted = state === "up" ? this.t.time_up : state === "paused" ? this.t.paused : "";
      if (note && note.textContent !== wanted) note.textContent = wanted;
    }
  }
}

/** Connect the page to /live with its config and strings. */
export function startFollowing(config, t) {
  const socket = io("/live", { autoConnect: false, reconnectionDelayMax: 10000 });
  return new LiveFollower({ config, t, socket }).start();
}
