// Entry point of static/vendor/door.bundle.js: the volunteers' check-in page.

import { io } from "socket.io-client";
import { CheckInPage } from "./checkin.js";
import { startScanner } from "./scanner.js";

function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

function boot() {
  const config = readJSON("door-config");
  if (!config) return;
  const t = readJSON("door-i18n") || {};
  const page = new CheckInPage(document.querySelector("main") || document.body, config, t);
  window.facilitatorDoor = page;
  startScanner(document, t, (link, problem) => {
    if (problem) page.say(problem, true);
    else page.checkInLink(link);
  });
  // The volunteers of a session are its moderators: /live puts them in one room, and the
  // server sends `door` there after every check-in.
  const socket = io("/live", { reconnectionDelayMax: 10000 });
  const watch = () =>
    socket.timeout(15000).emit("watch", { session_id: config.session_id, locale: config.locale }, (err, reply) => {
      page.setLive(!err && reply && reply.ok);
    });
  socket.on("connect", watch);
  socket.on("disconnect", () => page.setLive(false));
  socket.on("door", (payload) => page.onDoor(payload));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
