// The moderator's panel: buttons go over the socket when connected (no reload), as plain form
// posts otherwise; keyboard shortcuts press the buttons.

import { format } from "./follow.js";

const NUMBERS = new Set(["minutes", "step", "group_id", "item_id"]);
const ACK_TIMEOUT_MS = 8000;
// Long enough to read from the stage; then it leaves the bottom of the screen free again.
const DONE_SHOWN_MS = 10000;

function payloadOf(form, sessionId, submitter) {
  const payload = { session_id: sessionId };
  // The pressed button's name and value count (one form holds every phase's button).
  for (const [key, value] of new FormData(form, submitter || null).entries()) {
    if (key === "csrf_token" || value === "") continue;
    payload[key] = NUMBERS.has(key) ? Number(value) : value;
  }
  if (form.dataset.itemId) payload.item_id = Number(form.dataset.itemId);
  return payload;
}

/** Post the form as a plain request (no answer over the socket), with the pressed button. */
function postWithout(form, submitter) {
  if (submitter && submitter.name) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = submitter.name;
    field.value = submitter.value;
    form.append(field);
  }
  form.submit();
}

export class ModeratorPanel {
  constructor(root, follower) {
    this.root = root;
    this.follower = follower;
    this.sessionId = follower.config.session_id;
    this.t = follower.t;
    document.addEventListener("submit", (event) => this.onSubmit(event));
    document.addEventListener("keydown", (event) => this.onKey(event));
    follower.subscribe((event, payload) => {
      if (event === "now") {
        this.showTimerState(payload.timer);
        this.showPhase(payload);
      }
    });
  }

  error(message) {
    const box = document.querySelector("[data-live-error]");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  /** Say what a button did (the server's sentence), or clear the note with no message. */
  done(message) {
    const box = document.querySelector("[data-live-done]");
    if (!box) return;
    clearTimeout(this.doneTimer);
    box.replaceChildren();
    if (!message) return;
    const note = document.createElement("p");
    note.className = "flash flash-success";
    note.textContent = message;
    box.append(note);
    this.doneTimer = setTimeout(() => box.replaceChildren(), DONE_SHOWN_MS);
  }

  onSubmit(event) {
    const form = event.target;
    const name = form.dataset && form.dataset.liveEvent;
    // confirm.js runs first and cancels when the moderator says no.
    if (!name || event.defaultPrevented) return;
    const socket = this.follower.socket;
    if (!socket.connected) return; // the browser posts the form
    event.preventDefault();
    // Read before the buttons are disabled: a disabled button's value is not in the form data.
    const submitter = event.submitter;
    const payload = payloadOf(form, this.sessionId, submitter);
    // Buttons disabled for a reason (the current phase, "Preparation" mid-session) stay so.
    const buttons = [...form.querySelectorAll("button")].filter((button) => !button.disabled);
    for (const button of buttons) button.disabled = true;
    // Emptied first, so the same sentence twice (two minutes added) is announced twice.
    this.done("");
    socket.timeout(ACK_TIMEOUT_MS).emit(name, payload, (err, reply) => {
      for (const button of buttons) button.disabled = false;
      if (err) {
        postWithout(form, submitter);
        return;
      }
      if (!reply || !reply.ok) {
        this.error(format(this.t.refused, { reason: (reply && reply.message) || "" }));
        return;
      }
      this.error("");
      this.done(reply.message);
      this.follower.onNow(reply.now);
      this.follower.scheduleRefresh(0);
    });
  }

  showPhase(phase) {
    // The session's header (outside the panel) names the phase in the moderator's language.
    const label = (this.follower.config.phase_labels || {})[phase.phase];
    const badge = document.querySelector(".session-head .badge");
    if (badge && label) badge.textContent = label;
    this.root.dataset.phase = phase.phase;
  }

  showTimerState(timer) {
    this.root.dataset.timerState = timer.state;
    for (const el of document.querySelectorAll("[data-timer-when]")) {
      el.hidden = !el.dataset.timerWhen.split(" ").includes(timer.state);
    }
  }

  press(action) {
    const buttons = document.querySelectorAll(`[data-key-action="${action}"]`);
    for (const button of buttons) {
      if (!button.disabled && !button.closest("[hidden]")) {
        button.click();
        return true;
      }
    }
    return false;
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    const target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    let done = false;
    if (event.code === "KeyN") done = this.press("next_item");
    else if (event.code === "KeyP") done = this.press("pause") || this.press("resume");
    else if (event.key === "+" || event.code === "NumpadAdd") done = this.press("add_minute");
    else if (event.key === "ArrowRight") done = this.press("next_group");
    else if (event.key === "ArrowLeft") done = this.press("previous_group");
    if (done) event.preventDefault();
  }
}
