// The open microphone's countdown: the speaker's time left, from the server's end time and the
// server clock, as a clock and a ring that empties.

import { clockText } from "./clock.js";

const LOW_MS = 20000;

function paint(el, now) {
  const ends = Number(el.dataset.endsMs);
  const total = Number(el.dataset.totalS) * 1000;
  if (!ends) return;
  const left = Math.max(0, ends - now);
  const clock = el.querySelector("[data-pj-countdown-clock]");
  const text = clockText(left);
  if (clock && clock.textContent !== text) clock.textContent = text;
  const ring = el.querySelector("[data-pj-ring]");
  if (ring && total > 0) ring.style.strokeDashoffset = String(100 * (1 - Math.min(1, left / total)));
  el.classList.toggle("is-low", left > 0 && left <= LOW_MS);
  el.classList.toggle("is-over", left <= 0);
}

export function setUpCountdowns(clock) {
  const tick = () => {
    const now = clock.now();
    for (const el of document.querySelectorAll("[data-pj-countdown]")) paint(el, now);
  };
  tick();
  window.setInterval(tick, 250);
}
