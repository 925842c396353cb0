// The materials page follows a running mailing: the bar and the count move every two seconds,
// and the page reloads once the mailing has finished, to show the full report.
(() => {
  const box = document.querySelector("[data-mailing-progress]");
  if (!box || box.dataset.state !== "running") return;
  const bar = box.querySelector("[data-mailing-bar]");
  const text = box.querySelector("[data-mailing-text]");
  const follow = async () => {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const progress = await response.json();
        if (!progress || progress.state !== "running") {
          window.location.reload();
          return;
        }
        const done = progress.sent + progress.failed;
        bar.max = progress.total;
        bar.value = done;
        bar.textContent = `${done} / ${progress.total}`;
        text.textContent = box.dataset.text
          .replace("{done}", String(done))
          .replace("{total}", String(progress.total));
      }
    } catch (error) {
      // A dropped request on bad Wi-Fi: the next tick tries again.
    }
    window.setTimeout(follow, 2000);
  };
  window.setTimeout(follow, 2000);
})();
