// Voting page: dots are placed without reloading the page. Without this file (or fetch) each
// «+»/«−» posts its form and the page comes back at the model's card, as before.
(function () {
  "use strict";

  var list = document.querySelector("[data-vote-list]");
  if (!list || !window.fetch || !window.FormData) return;
  var cap = parseInt(list.getAttribute("data-cap"), 10) || 1;
  var counter = document.querySelector("[data-dots-left]");

  // The sticky counter must never cover a card's heading: scroll targets (anchors, focus)
  // stop below it, whatever its height on this screen.
  function keepClearOfCounter() {
    if (!counter) return;
    var offset = Math.ceil(counter.getBoundingClientRect().height) + 16;
    document.documentElement.style.setProperty("--sticky-offset", offset + "px");
  }
  keepClearOfCounter();
  if (window.ResizeObserver && counter) new ResizeObserver(keepClearOfCounter).observe(counter);

  function paintDots(container, lit) {
    if (!container) return;
    Array.prototype.forEach.call(container.children, function (dot, i) {
      dot.classList.toggle("dot-on", i < lit);
    });
  }

  function apply(result) {
    var on = result.on || {};
    if (counter) {
      paintDots(counter.querySelector(".dots"), result.left);
      counter.querySelector("[data-dots-left-text]").textContent = result.left_text;
    }
    list.querySelectorAll(".vote-card").forEach(function (card) {
      var id = card.id.replace("model-", "");
      var form = card.querySelector("[data-dots-form]");
      if (!form) return;
      var dots = on[id] || 0;
      var less = form.querySelector("[data-dots-less]");
      var more = form.querySelector("[data-dots-more]");
      paintDots(form.querySelector("[data-dots]"), dots);
      form.querySelector("[data-dots-label]").textContent = (result.labels || {})[id] || "";
      less.value = dots - 1;
      more.value = dots + 1;
      less.disabled = dots === 0;
      more.disabled = dots >= cap || result.left === 0;
    });
  }

  function say(status, text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
    status.classList.remove("is-busy");
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches("[data-dots-form]") || !button || button.name !== "dots") return;
    event.preventDefault();
    var card = form.closest(".vote-card");
    var status = card.querySelector("[data-vote-status]");
    var data = new FormData(form);
    data.set("dots", button.value);
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
    status.classList.add("is-busy");
    status.textContent = list.getAttribute("data-saving-text");
    fetch(form.getAttribute("action").split("#")[0], {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () { return null; });
      })
      .then(function (result) {
        if (result && result.ok) {
          apply(result);
          say(status, result.message, false);
        } else {
          say(status, (result && result.error) || list.getAttribute("data-error-text"), true);
        }
      })
      .catch(function () {
        say(status, list.getAttribute("data-error-text"), true);
      })
      .then(function () {
        buttons.forEach(function (b) { b.removeAttribute("aria-disabled"); });
        // A button that just became disabled drops the focus: keep it in the card.
        if (button.disabled) {
          var other = Array.prototype.find.call(buttons, function (b) { return !b.disabled; });
          (other || status).focus();
        }
      });
  });
})();
