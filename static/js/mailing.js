// The materials page follows a mailing: while it runs, the bar and the count move every two
// seconds; a paused or interrupted one is taken up again by the server itself, so the page
// looks every five seconds for a few minutes. It reloads once the state changes, to show it.
(() => {
  const box = document.querySelector("[data-mailing-progress]");
  const following = ["running", "paused", "interrupted"];
  if (!box || !following.includes(box.dataset.state)) return;
  const running = box.dataset.state === "running";
  const pause = running ? 2000 : 5000;
  // A mailing nobody takes up (the server is down for longer) is not watched for ever.
  const giveUpAt = running ? Infinity : Date.now() + 5 * 60 * 1000;
  const bar = box.querySelector("[data-mailing-bar]");
  const text = box.querySelector("[data-mailing-text]");
  const follow = async () => {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const progress = await response.json();
        if (!progress || progress.state !== box.dataset.state) {
          window.location.reload();
          return;
        }
        if (running) {
          const done = progress.sent + progress.failed;
          bar.max = progress.total;
          bar.value = done;
          bar.textContent = `${done} / ${progress.total}`;
          text.textContent = box.dataset.text
            .replace("{done}", String(done))
            .replace("{total}", String(progress.total));
        }
      }
    } catch (error) {
      // A dropped request on bad Wi-Fi: the next tick tries again.
    }
    if (Date.now() < giveUpAt) window.setTimeout(follow, pause);
  };
  window.setTimeout(follow, pause);
})();
