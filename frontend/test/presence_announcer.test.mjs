import assert from "node:assert/strict";
import { test } from "node:test";
import { PresenceAnnouncer, presenceChanges } from "../src/presence_announcer.js";

const anna = { kind: "participant", id: 1, name: "Анна" };
const boris = { kind: "participant", id: 2, name: "Борис" };
const vera = { kind: "moderator", id: 1, name: "Вера" };

test("changes name who joined and who left, never yourself", () => {
  const isMe = (m) => m.id === 1 && m.kind === "participant";
  assert.deepEqual(presenceChanges([anna, boris], [anna, vera], isMe), {
    joined: ["Вера"],
    left: ["Борис"],
  });
  assert.deepEqual(presenceChanges([boris], [anna, boris], isMe), { joined: [], left: [] });
});

test("the list on arrival is not announced; later changes are, together", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const region = { textContent: "" };
  const announcer = new PresenceAnnouncer(
    region,
    { joined: "Now online: {names}.", left: "Left: {names}." },
    () => false,
  );
  announcer.update([anna]);
  t.mock.timers.tick(5000);
  assert.equal(region.textContent, "");
  announcer.update([anna, boris]);
  announcer.update([boris, vera]);
  t.mock.timers.tick(1500);
  assert.equal(region.textContent, "Now online: Борис, Вера. Left: Анна.");
});

test("someone who comes and goes within the moment is not announced", (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const region = { textContent: "" };
  const announcer = new PresenceAnnouncer(region, { joined: "+{names}", left: "-{names}" }, () => false);
  announcer.update([anna]);
  announcer.update([anna, boris]);
  announcer.update([anna]);
  t.mock.timers.tick(1500);
  assert.equal(region.textContent, "");
});
