// Unit tests of the row order (fractional keys, merges of concurrent moves): node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import {
  MAX_KEY_LENGTH,
  intKey,
  keyBetween,
  legacyKey,
  parseKey,
  planAppend,
  planMove,
  sortEntries,
} from "../src/roworder.js";
import { appendRow, moveRow, readRows } from "../src/rows.js";

test("integer keys sort like their numbers", () => {
  const keys = [1, 2, 61, 62, 63, 3843, 3844, 250000].map(intKey);
  assert.deepEqual(keys, ["a1", "a2", "az", "b10", "b11", "bzz", "c100", "d132G"]);
  assert.deepEqual([...keys].sort(), keys);
  assert.equal(legacyKey(0), "a1");
});

test("parseKey refuses what the scheme never makes", () => {
  assert.deepEqual(parseKey("a5V"), { int: "a5", fraction: "V" });
  for (const bad of ["", "a", "b1", "a5V0", "A1", "a5-", 7, null]) assert.equal(parseKey(bad), null);
});

test("keyBetween always lands strictly between, and stays short for appends", () => {
  assert.equal(keyBetween(null, null), "aV");
  let last = null;
  for (let i = 0; i < 5000; i++) {
    const next = keyBetween(last, null);
    if (last !== null) assert.ok(last < next);
    last = next;
  }
  assert.ok(last.length <= 4, last);
  let first = "aV";
  for (let i = 0; i < 200; i++) {
    const before = keyBetween(null, first);
    assert.ok(before < first && parseKey(before), `${before} < ${first}`);
    first = before;
  }
  // Many moves into one gap: the keys grow, slowly, and stay in order.
  let low = "a1";
  const high = "a2";
  for (let i = 0; i < 100; i++) {
    const mid = keyBetween(low, high);
    assert.ok(low < mid && mid < high && parseKey(mid), `${low} < ${mid} < ${high}`);
    low = mid;
  }
  assert.ok(low.length < 30, low);
  assert.throws(() => keyBetween("a2", "a1"));
  assert.throws(() => keyBetween("a1", "a1"));
});

test("keyBetween survives random neighbours", () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let keys = [keyBetween(null, null)];
  for (let i = 0; i < 2000; i++) {
    const at = Math.floor(random() * (keys.length + 1));
    const key = keyBetween(at > 0 ? keys[at - 1] : null, at < keys.length ? keys[at] : null);
    assert.ok(parseKey(key), key);
    keys.splice(at, 0, key);
  }
  assert.deepEqual([...keys].sort(), keys);
  assert.equal(new Set(keys).size, keys.length);
});

test("rows without keys read in array order, keyed rows by key, ties by id", () => {
  const sorted = sortEntries([
    { order: undefined, id: "x", index: 0 },
    { order: "a1V", id: "y", index: 1 },
    { order: undefined, id: "z", index: 2 },
    { order: "a1V", id: "b", index: 3 },
  ]);
  assert.deepEqual(
    sorted.map((e) => e.id),
    ["x", "b", "y", "z"],
  );
});

test("planMove changes only the moved row, and keys legacy rows where they are", () => {
  const keyed = sortEntries(["a1", "a2", "a3"].map((order, index) => ({ order, id: `r${index}`, index })));
  const changes = planMove(keyed, 2, 1);
  assert.equal(changes.size, 1);
  const key = changes.get(keyed[2]);
  assert.ok("a1" < key && key < "a2");

  const legacy = sortEntries([0, 1, 2].map((index) => ({ order: undefined, id: `r${index}`, index })));
  const migrated = planMove(legacy, 2, 1);
  assert.equal(migrated.get(legacy[0]), "a1");
  assert.equal(migrated.get(legacy[1]), "a2");
  assert.ok("a1" < migrated.get(legacy[2]) && migrated.get(legacy[2]) < "a2");
});

test("planMove renumbers ties and over-long keys", () => {
  const tied = sortEntries(["a1", "a1", "a1"].map((order, index) => ({ order, id: `r${index}`, index })));
  const changes = planMove(tied, 0, 1);
  const after = sortEntries(
    tied.map((entry) => ({ order: changes.get(entry) ?? entry.order, id: entry.id, index: entry.index })),
  );
  assert.deepEqual(
    after.map((e) => e.id),
    ["r1", "r0", "r2"],
  );
  const long = "a1" + "V".repeat(MAX_KEY_LENGTH);
  const crowded = sortEntries(["a1", long, "a2"].map((order, index) => ({ order, id: `r${index}`, index })));
  const renumbered = planMove(crowded, 2, 0);
  assert.ok([...renumbered.values()].every((key) => key.length <= 3));
});

test("planAppend puts a new row after the last and keys legacy rows in place", () => {
  const legacy = sortEntries([0, 1].map((index) => ({ order: undefined, id: `r${index}`, index })));
  const { changes, key } = planAppend(legacy);
  assert.deepEqual([...changes.values()], ["a1", "a2"]);
  assert.equal(key, "a3");
  assert.equal(planAppend([]).key, "aV");
});

// ---- merges of concurrent edits, on real Yjs documents --------------------------------------

function peers(count) {
  const docs = Array.from({ length: count }, () => new Y.Doc());
  return docs;
}

function sync(...docs) {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

function cells(doc) {
  return readRows(doc.getArray("table:t")).map((row) => `${row.get("id")}=${row.get("who").toString()}`);
}

function seeded(legacy) {
  const [a, b] = peers(2);
  const table = a.getArray("table:t");
  a.transact(() => {
    for (const name of ["r0", "r1", "r2"]) {
      const row = new Y.Map();
      row.set("id", name);
      row.set("who", new Y.Text(name.toUpperCase()));
      if (!legacy) row.set("order", intKey(Number(name[1]) + 1));
      table.push([row]);
    }
  });
  sync(a, b);
  return [a, b];
}

for (const legacy of [false, true]) {
  const label = legacy ? "rows without keys" : "keyed rows";

  test(`typing into a row while another moves it keeps every character (${label})`, () => {
    const [a, b] = seeded(legacy);
    moveRow(b.getArray("table:t"), readRows(b.getArray("table:t"))[2], -1);
    const row = readRows(a.getArray("table:t"))[2];
    row.get("who").insert(3, " typed offline");
    sync(a, b);
    assert.deepEqual(cells(a), ["r0=R0", "r2=R2 typed offline", "r1=R1"]);
    assert.deepEqual(cells(b), cells(a));
  });

  test(`two people moving the same row up at once leave three rows (${label})`, () => {
    const [a, b] = seeded(legacy);
    moveRow(a.getArray("table:t"), readRows(a.getArray("table:t"))[2], -1);
    moveRow(b.getArray("table:t"), readRows(b.getArray("table:t"))[2], -1);
    sync(a, b);
    assert.deepEqual(cells(a), ["r0=R0", "r2=R2", "r1=R1"]);
    assert.deepEqual(cells(b), cells(a));
    assert.equal(a.getArray("table:t").length, 3);
  });

  test(`concurrent moves of different rows and an append converge (${label})`, () => {
    const [a, b] = seeded(legacy);
    moveRow(a.getArray("table:t"), readRows(a.getArray("table:t"))[0], 1);
    moveRow(b.getArray("table:t"), readRows(b.getArray("table:t"))[2], -1);
    appendRow(b.getArray("table:t"), { id: "r3", who: new Y.Text("R3") });
    sync(a, b);
    assert.deepEqual(cells(b), cells(a));
    assert.equal(cells(a).length, 4);
    assert.equal(cells(a)[3], "r3=R3");
  });
}
