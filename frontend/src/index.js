// Entry point of static/vendor/workspace.bundle.js: starts whichever page it finds.

import { startProgressBoard } from "./progress.js";
import { startWorkspace } from "./workspace.js";

function boot() {
  const workspace = document.querySelector("[data-workspace]");
  if (workspace) window.facilitatorWorkspace = startWorkspace(workspace);
  const board = document.querySelector("[data-progress-board]");
  if (board) window.facilitatorProgress = startProgressBoard(board);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
