// Unit tests of the pure parts of the text binding: node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import * as Y from "yjs";
import { diffRange, mapPosition, mapSelection } from "../src/textbinding.js";

test("diffRange finds one insertion, deletion or replacement", () => {
  assert.deepEqual(diffRange("hello", "help lo", 5), { index: 3, remove: 0, insert: "p " });
  assert.deepEqual(diffRange("hello", "helo", 3), { index: 3, remove: 1, insert: "" });
  assert.deepEqual(diffRange("hello world", "hello there", 11), { index: 6, remove: 5, insert: "there" });
  assert.deepEqual(diffRange("", "abc", 3), { index: 0, remove: 0, insert: "abc" });
});

test("diffRange uses the caret to place an ambiguous insertion", () => {
  assert.deepEqual(diffRange("aa", "aaa", 2), { index: 1, remove: 0, insert: "a" });
  assert.deepEqual(diffRange("aa", "aaa", 1), { index: 0, remove: 0, insert: "a" });
  assert.deepEqual(diffRange("aaa", "aa", 1), { index: 1, remove: 1, insert: "" });
});

test("diffRange never splits a surrogate pair", () => {
  const change = diffRange("a😀b", "a😃b", 3);
  assert.equal(change.index, 1);
  assert.equal(change.remove, 2);
  assert.equal(change.insert, "😃");
});

function remoteDelta(start, edit) {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, start);
  let delta = null;
  text.observe((event) => {
    delta = event.delta;
  });
  doc.transact(() => edit(text));
  return delta;
}

test("a remote insert before the caret moves it; after the caret does not", () => {
  const before = remoteDelta("Hello world", (t) => t.insert(0, "XYZ "));
  assert.equal(mapPosition(11, before), 15);
  const after = remoteDelta("Hello world", (t) => t.insert(11, "!"));
  assert.equal(mapPosition(5, after), 5);
});

test("a collapsed caret stays before text inserted exactly at it", () => {
  const atCaret = remoteDelta("abc", (t) => t.insert(2, "ZZ"));
  assert.deepEqual(mapSelection(2, 2, atCaret), [2, 2]);
  assert.deepEqual(mapSelection(1, 2, atCaret), [1, 2]);
  assert.deepEqual(mapSelection(2, 3, atCaret), [4, 5]);
});

test("remote deletions pull the caret back, never before the deletion", () => {
  const cut = remoteDelta("0123456789", (t) => t.delete(2, 5));
  assert.equal(mapPosition(8, cut), 3);
  assert.equal(mapPosition(4, cut), 2);
  assert.equal(mapPosition(1, cut), 1);
});
