// The reveal of the voting results: when the moderator reveals them (the `reveal` event), the
// re-rendered results rise in from the last place to the first and their scores count up.
// A projector that loads with the results already revealed shows them still.

const ROW_DELAY_MS = 900;
const COUNT_MS = 1100;

function reducedMotion() {
  return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

function countUp(el, delay) {
  const target = Number(el.dataset.pjScore);
  const shown = el.textContent;
  if (!Number.isFinite(target)) return;
  const decimals = shown.includes(",") ? shown.split(",")[1].length : 0;
  const format = (value) => value.toFixed(decimals).replace(".", ",");
  el.textContent = format(0);
  const start = performance.now() + delay;
  const frame = (now) => {
    const progress = Math.min(1, Math.max(0, (now - start) / COUNT_MS));
    const eased = 1 - (1 - progress) ** 3;
    el.textContent = progress >= 1 ? shown : format(target * eased);
    if (progress < 1) window.requestAnimationFrame(frame);
  };
  window.requestAnimationFrame(frame);
}

/** Play the reveal on a freshly rendered results screen. */
export function playReveal(screen) {
  if (reducedMotion()) return;
  screen.classList.add("is-revealing");
  for (const row of screen.querySelectorAll(".pj-result")) {
    const order = Number(getComputedStyle(row).getPropertyValue("--order")) || 0;
    const score = row.querySelector("[data-pj-score]");
    if (score) countUp(score, order * ROW_DELAY_MS + 200);
  }
}

export function setUpReveal(follower) {
  let pending = false;
  follower.socket.on("reveal", (payload) => {
    pending = Boolean(payload && payload.shown);
  });
  follower.subscribe((event) => {
    if (event !== "refreshed" || !pending) return;
    const screen = document.querySelector("[data-reveal]");
    if (screen && !screen.classList.contains("is-revealing")) {
      pending = false;
      playReveal(screen);
    }
  });
}
