// The check-in page's reading of what a volunteer types or scans.
import assert from "node:assert/strict";
import { test } from "node:test";
import { format, isPersonalLink } from "../src/door/checkin.js";

test("a scanned personal link or a bare token is recognised, a name is not", () => {
  const token = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
  assert.equal(isPersonalLink(`http://192.168.1.23:5000/i/${token}`), true);
  assert.equal(isPersonalLink(`  ${token} `), true);
  assert.equal(isPersonalLink("Иванова"), false);
  assert.equal(isPersonalLink("http://example.org/i/short"), false);
});

test("placeholders are filled, unknown ones left as they are", () => {
  assert.equal(format("Уже отмечен в {time}", { time: "09:42" }), "Уже отмечен в 09:42");
  assert.equal(format("{a} {b}", { a: 1 }), "1 {b}");
});
