// The rows of a table section's Y.Array, in the order every side shows them, and the two
// structural edits that keep rows in place: moving sets one `order` key, adding appends a row.

import * as Y from "yjs";
import { ORDER, planAppend, planMove, sortEntries } from "./roworder.js";

/** Order entries {row, order, id, index} of the array's Y.Map rows, sorted. */
export function sortedEntries(yarray) {
  const entries = [];
  yarray.toArray().forEach((row, index) => {
    if (row instanceof Y.Map) entries.push({ row, order: row.get(ORDER), id: row.get("id"), index });
  });
  return sortEntries(entries);
}

/** The array's rows in display order. */
export function readRows(yarray) {
  return sortedEntries(yarray).map((entry) => entry.row);
}

function setKeys(changes) {
  for (const [entry, key] of changes) entry.row.set(ORDER, key);
}

/** Move `row` by `step` places (-1 up, +1 down) in one transaction; false when it cannot. */
export function moveRow(yarray, row, step, origin = null) {
  const sorted = sortedEntries(yarray);
  const from = sorted.findIndex((entry) => entry.row === row);
  const to = from + step;
  if (from < 0 || to < 0 || to >= sorted.length) return false;
  const changes = planMove(sorted, from, to);
  if (!changes.size) return false;
  yarray.doc.transact(() => setKeys(changes), origin);
  return true;
}

/** Append a row made of `cells` ({key: value}) after the last one; returns the new Y.Map. */
export function appendRow(yarray, cells, origin = null) {
  const row = new Y.Map();
  yarray.doc.transact(() => {
    const { changes, key } = planAppend(sortedEntries(yarray));
    setKeys(changes);
    for (const [name, value] of Object.entries(cells)) row.set(name, value);
    row.set(ORDER, key);
    yarray.push([row]);
  }, origin);
  return row;
}
