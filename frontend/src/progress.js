// The moderator's progress board: every group's model filling up, live over /workspace.

import { io } from "socket.io-client";
import { format, readJSON } from "./i18n.js";

export class ProgressBoard {
  constructor(root, { config, t, socket }) {
    this.root = root;
    this.config = config;
    this.t = t;
    this.socket = socket;
    this.status = root.querySelector("[data-status]");
    this.statusText = root.querySelector("[data-status-text]");
    socket.on("connect", () => this.watch());
    socket.on("disconnect", () => this.setState("reconnecting"));
    socket.on("connect_error", () => this.setState("reconnecting"));
    socket.on("progress", (message) => this.update(message));
  }

  start() {
    this.socket.connect();
    return this;
  }

  watch() {
    this.socket
      .timeout(15000)
      .emit("watch_session", { session_id: this.config.session_id }, (err, reply) => {
        if (err) {
          if (this.socket.connected) this.watch();
          return;
        }
        if (!reply || !reply.ok) {
          this.setState("stopped", reply && reply.message);
          return;
        }
        for (const group of reply.groups || []) this.update(group);
        this.setState("connected");
      });
  }

  setState(state, message = null) {
    if (!this.status) return;
    this.status.dataset.state = state;
    this.statusText.textContent = message || this.t[`status_${state}`] || state;
  }

  update({ group_id: groupId, sections = {}, filled = 0, total = 0 }) {
    const row = this.root.querySelector(`[data-group="${Number(groupId)}"]`);
    if (!row) return;
    const bar = row.querySelector("[data-progress]");
    const text = format(this.t.progress, { filled, total });
    bar.setAttribute("aria-valuenow", String(filled));
    bar.setAttribute("aria-valuemax", String(total));
    bar.setAttribute("aria-valuetext", text);
    row.querySelector("[data-progress-fill]").style.width =
      `${total ? Math.round((filled / total) * 100) : 0}%`;
    row.querySelector("[data-progress-text]").textContent = text;
    for (const cell of row.querySelectorAll("[data-section]")) {
      const done = Boolean(sections[cell.dataset.section]);
      cell.classList.toggle("is-filled", done);
      const state = cell.querySelector("[data-state]");
      if (state) state.textContent = done ? this.t.filled : this.t.not_filled;
    }
  }
}

/** Start the progress board found under `root`. */
export function startProgressBoard(root) {
  const config = readJSON("progress-config");
  const t = readJSON("workspace-i18n");
  const socket = io("/workspace", { autoConnect: false, reconnectionDelayMax: 8000 });
  return new ProgressBoard(root, { config, t, socket }).start();
}
