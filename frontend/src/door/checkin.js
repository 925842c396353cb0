// The volunteers' check-in page: search as you type, one-tap check-in, personal links scanned
// or pasted, and other volunteers' check-ins pushed live over /live.

/** Fill {name} placeholders. */
export function format(template, values = {}) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (match, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
  );
}

const PERSONAL_LINK = /\/i\/([A-Za-z0-9_-]{32})(?:[/?#]|$)/;

/** Whether the text typed or scanned is a personal link (or a bare personal token). */
export function isPersonalLink(text) {
  const value = String(text || "").trim();
  return PERSONAL_LINK.test(value) || /^[A-Za-z0-9_-]{32}$/.test(value);
}

export class CheckInPage {
  constructor(root, config, t, fetcher = window.fetch.bind(window)) {
    this.root = root;
    this.config = config;
    this.t = t;
    this.fetch = fetcher;
    this.search = root.querySelector("[data-door-search]");
    this.results = root.querySelector("[data-door-results]");
    this.feed = root.querySelector("[data-door-feed]");
    this.counter = root.querySelector("[data-door-counter]");
    this.message = root.querySelector("[data-door-message]");
    this.live = root.querySelector("[data-door-live]");
    this.timer = null;
    this.sequence = 0;
    this.search.addEventListener("input", () => this.schedule());
    this.search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.schedule(0);
      }
    });
    this.results.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-id]");
      if (!button) return;
      if (button.dataset.action === "undo") this.undo(button);
      else this.checkIn(button.dataset.id);
    });
  }

  schedule(delay = 200) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.run(), delay);
  }

  async request(url, options = {}) {
    const headers = { Accept: "application/json", "X-CSRFToken": this.config.csrf_token };
    const response = await this.fetch(url, { credentials: "same-origin", ...options, headers });
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    return { ok: response.ok, body };
  }

  post(url, fields) {
    const body = new URLSearchParams(fields || {});
    return this.request(url, { method: "POST", body });
  }

  async run() {
    const query = this.search.value.trim();
    if (isPersonalLink(query)) {
      this.search.value = "";
      await this.checkInLink(query);
      return;
    }
    const mine = ++this.sequence;
    if (!query) {
      this.results.replaceChildren();
      return;
    }
    try {
      const url = `${this.config.search_url}?q=${encodeURIComponent(query)}`;
      const { ok, body } = await this.request(url);
      if (mine !== this.sequence) return; // a newer search is on its way
      if (!ok || !body) throw new Error("search failed");
      this.showResults(body.people);
      this.showCounts(body.counts);
    } catch (error) {
      this.say(this.t.failed, true);
    }
  }

  showResults(people) {
    const items = people.map((person) => this.resultItem(person));
    if (!items.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = this.t.nobody;
      items.push(empty);
    }
    this.results.replaceChildren(...items);
  }

  resultItem(person) {
    const item = document.createElement("li");
    item.dataset.participant = String(person.id);
    const who = document.createElement("div");
    who.className = "who";
    const name = document.createElement("strong");
    name.textContent = person.full_name;
    const details = document.createElement("span");
    details.textContent = [person.organisation, person.group].filter(Boolean).join(" · ");
    who.append(name, details);
    item.append(who, this.stateOf(person));
    return item;
  }

  stateOf(person) {
    const box = document.createElement("div");
    box.className = "row-actions";
    if (person.arrived) {
      const done = document.createElement("span");
      done.className = "done";
      done.textContent = format(this.t.already, { time: person.arrived_at });
      const undo = document.createElement("button");
      undo.type = "button";
      undo.className = "btn btn-small";
      undo.dataset.id = String(person.id);
      undo.dataset.action = "undo";
      undo.dataset.name = person.full_name;
      undo.textContent = this.t.undo;
      box.append(done, undo);
    } else {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-primary";
      button.dataset.id = String(person.id);
      button.textContent = this.t.check_in;
      box.append(button);
    }
    return box;
  }

  update(person) {
    const item = this.results.querySelector(`li[data-participant="${person.id}"]`);
    if (!item) return;
    item.replaceChild(this.stateOf(person), item.lastElementChild);
  }

  async checkIn(id) {
    const url = this.config.check_in_url.replace(/\/0$/, `/${encodeURIComponent(id)}`);
    await this.arrival(this.post(url));
  }

  async checkInLink(link) {
    await this.arrival(this.post(this.config.link_url, { link }));
  }

  async undo(button) {
    if (!window.confirm(format(this.t.undo_confirm, { name: button.dataset.name }))) return;
    const url = this.config.arrival_url.replace(/\/0\/arrival$/, `/${button.dataset.id}/arrival`);
    await this.arrival(this.post(url, { action: "undo" }));
  }

  async arrival(pending) {
    try {
      const { body } = await pending;
      if (!body) throw new Error("no answer");
      this.say(body.message, !body.ok);
      if (body.participant) {
        this.update(body.participant);
        if (!this.results.querySelector(`li[data-participant="${body.participant.id}"]`)) {
          this.results.replaceChildren(this.resultItem(body.participant));
        }
      }
      if (body.counts) this.showCounts(body.counts);
    } catch (error) {
      this.say(this.t.failed, true);
    }
  }

  say(text, isError = false) {
    this.message.textContent = text || "";
    this.message.classList.toggle("is-error", Boolean(isError));
  }

  showCounts(counts) {
    if (counts) this.counter.textContent = format(this.t.counter, counts);
  }

  /** A change pushed by the server: any volunteer's check-in, undo or departure. */
  onDoor(payload) {
    const person = payload && payload.participant;
    if (!person) return;
    this.update(person);
    this.showCounts(payload.counts);
    const line = document.createElement("li");
    line.dataset.participant = String(person.id);
    line.textContent =
      payload.change === "undone"
        ? format(this.t.undone, { name: person.full_name })
        : format(this.t.by_other, { name: person.full_name, time: person.arrived_at });
    this.feed.prepend(line);
    while (this.feed.children.length > 30) this.feed.lastElementChild.remove();
  }

  setLive(connected) {
    this.live.textContent = connected ? this.t.live_on : this.t.live_off;
  }
}
