// A table section: a Y.Array of Y.Map rows {id, order, <column key>: Y.Text}, one <tr> per row,
// shown in the order of their `order` keys (rows.js, roworder.js). Rows are added with every
// cell at once, removed by deleting, and moved by setting their `order`: a row is never copied,
// so what anyone types into it while it moves stays in it.

import * as Y from "yjs";
import { iconElement } from "./icons.js";
import { bindText } from "./textbinding.js";
import { format } from "./i18n.js";
import { ORDER } from "./roworder.js";
import { appendRow, moveRow, readRows } from "./rows.js";

export const TABLE_ORIGIN = Symbol("table");

/** A random row id in UUID form; crypto.randomUUID needs HTTPS, getRandomValues does not. */
export function newRowId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function button(className, label, icon) {
  const el = document.createElement("button");
  el.type = "button";
  el.className = `btn btn-small ${className}`;
  el.setAttribute("aria-label", label);
  el.title = label;
  el.append(iconElement(icon, "icon-sm"));
  return el;
}

export class TableBinding {
  constructor({ doc, section, root, t, isReadOnly, confirm = (q) => window.confirm(q) }) {
    this.doc = doc;
    this.section = section;
    this.columns = section.columns || [];
    this.t = t;
    this.isReadOnly = isReadOnly;
    this.confirm = confirm;
    this.tbody = root.querySelector("[data-rows]");
    this.empty = root.querySelector("[data-empty]");
    this.addButton = root.querySelector("[data-add-row]");
    this.yarray = doc.getArray(`table:${section.key}`);
    this.views = new Map();
    this.tbody.replaceChildren();
    // Rows added or removed, or a row's order or id set; typing into cells does not re-render.
    this.observer = (events) => {
      const moved = events.some(
        (event) =>
          event.target === this.yarray ||
          (event.target instanceof Y.Map && (event.keysChanged.has(ORDER) || event.keysChanged.has("id"))),
      );
      if (moved) this.render();
    };
    this.yarray.observeDeep(this.observer);
    this.onAdd = () => this.addRow();
    this.addButton.addEventListener("click", this.onAdd);
    this.render();
  }

  rows() {
    return readRows(this.yarray);
  }

  render() {
    const rows = this.rows();
    // Re-ordering the <tr>s takes the focus from a field moved in the DOM: give it back, with
    // its selection, so whoever is typing in a row someone moves keeps typing.
    const active = document.activeElement;
    const kept =
      active && this.tbody.contains(active)
        ? { el: active, start: active.selectionStart, end: active.selectionEnd, dir: active.selectionDirection }
        : null;
    const alive = new Set(rows);
    for (const [row, view] of this.views) {
      if (!alive.has(row)) {
        view.destroy();
        view.tr.remove();
        this.views.delete(row);
      }
    }
    rows.forEach((row, index) => {
      let view = this.views.get(row);
      if (!view) {
        view = this.createRow(row);
        this.views.set(row, view);
      }
      // Only move rows that are out of place: moving the focused row would blur it.
      const current = this.tbody.children[index];
      if (current !== view.tr) this.tbody.insertBefore(view.tr, current || null);
      view.update(index, rows.length);
    });
    if (this.empty) this.empty.hidden = rows.length > 0;
    this.applyReadOnly();
    if (kept && document.activeElement !== kept.el && this.tbody.contains(kept.el)) {
      kept.el.focus({ preventScroll: true });
      if (typeof kept.start === "number" && kept.el.setSelectionRange) {
        kept.el.setSelectionRange(kept.start, kept.end, kept.dir || "none");
      }
    }
  }

  createRow(row) {
    const tr = document.createElement("tr");
    tr.className = "ws-row";
    const cells = new Map();
    const bindings = new Map();
    const readOnly = this.isReadOnly();

    const bindCell = (column) => {
      const old = bindings.get(column.key);
      if (old) old.destroy();
      bindings.delete(column.key);
      const el = cells.get(column.key);
      const value = row.get(column.key);
      if (value instanceof Y.Text) {
        bindings.set(column.key, bindText(value, el));
      } else {
        el.value = typeof value === "string" ? value : "";
      }
    };

    for (const column of this.columns) {
      const td = document.createElement("td");
      td.dataset.label = column.title;
      const el = document.createElement("textarea");
      el.className = "ws-cell";
      el.rows = 1;
      el.readOnly = readOnly;
      el.dataset.column = column.key;
      // A row made before a column existed gets that column's Y.Text on first typing.
      el.addEventListener("input", () => {
        if (bindings.has(column.key)) return;
        const typed = el.value;
        this.doc.transact(() => row.set(column.key, new Y.Text(typed)), TABLE_ORIGIN);
      });
      td.append(el);
      tr.append(td);
      cells.set(column.key, el);
      bindCell(column);
    }

    const actions = document.createElement("td");
    actions.className = "ws-row-actions";
    const up = button("ws-up btn-icon", this.t.move_up, "arrow-up");
    const down = button("ws-down btn-icon", this.t.move_down, "arrow-down");
    const remove = button("ws-remove btn-danger btn-icon", this.t.remove_row, "x");
    up.dataset.rowAction = "up";
    down.dataset.rowAction = "down";
    remove.dataset.rowAction = "remove";
    up.addEventListener("click", () => this.move(row, -1, "up"));
    down.addEventListener("click", () => this.move(row, 1, "down"));
    remove.addEventListener("click", () => this.remove(row));
    actions.append(up, down, remove);
    tr.append(actions);

    const mapObserver = (event) => {
      for (const column of this.columns) {
        if (event.keysChanged.has(column.key)) bindCell(column);
      }
    };
    row.observe(mapObserver);

    return {
      tr,
      cells,
      buttons: { up, down, remove },
      update: (index, count) => {
        const number = index + 1;
        for (const column of this.columns) {
          const label = format(this.t.cell_label, { column: column.title, n: number });
          cells.get(column.key).setAttribute("aria-label", label);
        }
        up.setAttribute("aria-label", format(this.t.move_up_row, { n: number }));
        down.setAttribute("aria-label", format(this.t.move_down_row, { n: number }));
        remove.setAttribute("aria-label", format(this.t.remove_row_n, { n: number }));
        up.dataset.edge = index === 0 ? "1" : "";
        down.dataset.edge = index === count - 1 ? "1" : "";
      },
      destroy: () => {
        row.unobserve(mapObserver);
        for (const binding of bindings.values()) binding.destroy();
      },
    };
  }

  applyReadOnly() {
    const readOnly = this.isReadOnly();
    this.addButton.disabled = readOnly;
    for (const view of this.views.values()) {
      for (const el of view.cells.values()) el.readOnly = readOnly;
      view.buttons.up.disabled = readOnly || view.buttons.up.dataset.edge === "1";
      view.buttons.down.disabled = readOnly || view.buttons.down.dataset.edge === "1";
      view.buttons.remove.disabled = readOnly;
    }
  }

  addRow() {
    if (this.isReadOnly()) return;
    const cells = { id: newRowId() };
    for (const column of this.columns) cells[column.key] = new Y.Text();
    const row = appendRow(this.yarray, cells, TABLE_ORIGIN);
    const view = this.views.get(row);
    const first = view && view.cells.values().next().value;
    if (first) first.focus();
  }

  move(row, step, which) {
    if (this.isReadOnly()) return;
    if (!moveRow(this.yarray, row, step, TABLE_ORIGIN)) return;
    const view = this.views.get(row);
    if (view) {
      const target = view.buttons[which].disabled ? view.buttons[which === "up" ? "down" : "up"] : view.buttons[which];
      target.focus();
    }
  }

  remove(row) {
    if (this.isReadOnly()) return;
    if (!this.confirm(this.t.confirm_remove_row)) return;
    const index = this.yarray.toArray().indexOf(row);
    if (index < 0) return;
    const shown = this.rows().indexOf(row);
    this.doc.transact(() => this.yarray.delete(index, 1), TABLE_ORIGIN);
    const rest = this.rows();
    const next = rest[Math.min(shown, rest.length - 1)];
    const view = next && this.views.get(next);
    (view ? view.buttons.remove : this.addButton).focus();
  }

  destroy() {
    this.yarray.unobserveDeep(this.observer);
    this.addButton.removeEventListener("click", this.onAdd);
    for (const view of this.views.values()) view.destroy();
    this.views.clear();
  }
}
