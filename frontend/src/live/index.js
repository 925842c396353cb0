// Entry point of static/vendor/live.bundle.js: follow the session on whatever page loaded it.

import { startFollowing } from "./follow.js";
import { ModeratorPanel } from "./panel.js";
import { startProjector } from "./projector.js";

function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function boot() {
  const config = readJSON("live-config");
  if (!config) return;
  const t = readJSON("live-i18n") || {};
  const follower = startFollowing(config, t);
  window.facilitatorLive = follower;
  if (config.role === "moderator") {
    const panel = document.querySelector("[data-live-panel]");
    if (panel) window.facilitatorPanel = new ModeratorPanel(panel, follower);
  } else if (config.role === "projector") {
    startProjector(follower, t);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
