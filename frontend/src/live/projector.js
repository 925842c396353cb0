// The projector: presentation only (the data comes from the server-rendered regions). The
// operator's controls, paging of long screens, the results reveal and the speaker's countdown.

import { setUpCountdowns } from "./projector-countdown.js";
import { setUpOperator } from "./projector-ops.js";
import { Pager } from "./projector-pages.js";
import { setUpReveal } from "./projector-reveal.js";

// Never below 90 %: the body stays at 32 px or more on a 1080p screen.
const SMALLEST = 90;

/** Shrink the type of `[data-fit]` screens a little if they would overflow the main area. */
export function fitScreens() {
  const main = document.querySelector("main");
  if (!main) return;
  for (const el of document.querySelectorAll("[data-fit]")) {
    let size = 100;
    el.style.fontSize = "";
    const overflows = () =>
      main.scrollHeight > main.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    while (size > SMALLEST && overflows()) {
      size -= 2;
      el.style.fontSize = `${size}%`;
    }
  }
}

export function startProjector(follower, t) {
  const pager = new Pager({ seconds: follower.config.page_seconds || 20 });
  setUpOperator(t, pager);
  setUpReveal(follower);
  setUpCountdowns(follower.clock);
  const layout = () => {
    fitScreens();
    pager.measure();
  };
  layout();
  follower.subscribe((event) => {
    if (event === "refreshed") layout();
  });
  window.addEventListener("resize", layout);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
}
