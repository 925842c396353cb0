// Long screens (a group's model, the survey's charts) flow into CSS columns beyond the right
// edge; the pager slides one screen width at a time and turns the page by itself.

export class Pager {
  constructor({ seconds }) {
    this.seconds = seconds;
    this.page = 0;
    this.count = 1;
    this.view = null;
    this.timer = null;
  }

  elements() {
    const box = document.querySelector("[data-pj-pages]");
    return box ? { box, track: box.querySelector("[data-pj-track]") } : null;
  }

  /** Count the pages of the current screen; keep the page unless the screen shows another thing. */
  measure() {
    const found = this.elements();
    const region = document.querySelector("[data-live-view]");
    const view = region ? region.dataset.liveView : "";
    if (view !== this.view) {
      this.view = view;
      this.page = 0;
    }
    if (!found || !found.track) {
      this.count = 1;
      this.restart();
      return;
    }
    const { box, track } = found;
    track.style.transition = "none";
    track.style.transform = "";
    const gap = parseFloat(getComputedStyle(track).columnGap) || 0;
    this.width = box.clientWidth + gap;
    this.count = Math.max(1, Math.ceil((track.scrollWidth + gap - 2) / this.width));
    if (this.page >= this.count) this.page = 0;
    this.show();
    // Let the browser apply the position first, then animate the next turns.
    window.requestAnimationFrame(() => {
      track.style.transition = "";
    });
    this.restart();
  }

  show() {
    const found = this.elements();
    if (!found || !found.track) return;
    found.track.style.transform = this.page ? `translateX(${-this.page * this.width}px)` : "";
    const pager = document.querySelector("[data-pj-pager]");
    if (pager) {
      pager.hidden = this.count < 2;
      const page = pager.querySelector("[data-pj-page]");
      const count = pager.querySelector("[data-pj-page-count]");
      if (page) page.textContent = String(this.page + 1);
      if (count) count.textContent = String(this.count);
    }
  }

  step(delta) {
    if (this.count < 2) return;
    this.page = (this.page + delta + this.count) % this.count;
    this.show();
    this.restart();
  }

  restart() {
    window.clearInterval(this.timer);
    this.timer = null;
    if (this.count > 1 && this.seconds > 0) {
      this.timer = window.setInterval(() => this.step(1), this.seconds * 1000);
    }
  }
}
