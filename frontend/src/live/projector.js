// The projector: a full-screen button, and long models shrunk until they fit the screen.

const SMALLEST = 55;

export function setUpFullscreen(t) {
  const button = document.querySelector("[data-fullscreen]");
  if (!button || !document.fullscreenEnabled) return;
  const paint = () => {
    const on = Boolean(document.fullscreenElement);
    button.textContent = on ? t.exit_fullscreen : t.fullscreen;
    document.body.classList.toggle("is-fullscreen", on);
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", paint);
  paint();
}

/** Shrink the type of `[data-fit]` screens step by step until they fit into the main area. */
export function fitScreens() {
  const main = document.querySelector("main");
  for (const el of document.querySelectorAll("[data-fit]")) {
    let size = 100;
    el.style.fontSize = "";
    const overflows = () =>
      main.scrollHeight > main.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    while (size > SMALLEST && overflows()) {
      size -= 5;
      el.style.fontSize = `${size}%`;
    }
  }
}

export function startProjector(follower, t) {
  setUpFullscreen(t);
  fitScreens();
  follower.subscribe((event) => {
    if (event === "refreshed") fitScreens();
  });
  window.addEventListener("resize", () => fitScreens());
}
