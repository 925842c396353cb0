// The operator's controls on the projector: shown while the pointer moves or they have the
// keyboard focus, never to the hall otherwise. F toggles full screen; arrows turn pages.

const SHOW_MS = 3000;

function setFullscreenButton(button, t) {
  const on = Boolean(document.fullscreenElement);
  const label = button.querySelector("[data-fullscreen-label]");
  if (label) label.textContent = on ? t.exit_fullscreen : t.fullscreen;
  const use = button.querySelector("use");
  if (use) use.setAttribute("href", use.getAttribute("href").replace(/#.*$/, on ? "#minimize" : "#maximize"));
}

function toggleFullscreen() {
  if (!document.fullscreenEnabled) return;
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => {});
}

export function setUpOperator(t, pager) {
  const body = document.body;
  let hideTimer = null;
  const wake = () => {
    body.classList.add("pj-pointer");
    body.classList.remove("pj-idle");
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(() => {
      body.classList.remove("pj-pointer");
      body.classList.add("pj-idle");
    }, SHOW_MS);
  };
  document.addEventListener("pointermove", wake, { passive: true });
  document.addEventListener("pointerdown", wake, { passive: true });

  const button = document.querySelector("[data-fullscreen]");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", () => setFullscreenButton(button, t));
    setFullscreenButton(button, t);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.code === "KeyF") toggleFullscreen();
    else if (event.key === "ArrowRight" || event.key === "PageDown") pager.step(1);
    else if (event.key === "ArrowLeft" || event.key === "PageUp") pager.step(-1);
    else return;
    event.preventDefault();
  });
}
