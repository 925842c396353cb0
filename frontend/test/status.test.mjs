// The one sentence about where the edits are: node --test
import assert from "node:assert/strict";
import { test } from "node:test";
import { describe, sentence } from "../src/status.js";

const forms = (word) => ({
  one: `Сохранено на этом ${word}, {n} правка ещё не отправлена`,
  few: `Сохранено на этом ${word}, {n} правки ещё не отправлены`,
  many: `Сохранено на этом ${word}, {n} правок ещё не отправлено`,
  other: `Сохранено на этом ${word}, {n} правки ещё не отправлено`,
});
const T = {
  conn_offline: "Нет связи с сервером.",
  conn_stopped: "Нет подключения.",
  status_connecting: "Подключение…",
  saved_server: "Все изменения сохранены на сервере",
  saved_phone: forms("телефоне"),
  saved_device: forms("устройстве"),
  unsaved: { one: "{n} правка ещё не отправлена: не закрывайте страницу", few: "{n} правки…", many: "{n} правок…", other: "{n}…" },
};
const say = (state, pending, stored = true, everSynced = true, where = "phone") =>
  sentence(describe({ state, pending, stored, everSynced }), T, "ru", where);

test("online with nothing waiting: saved on the server", () => {
  assert.deepEqual(describe({ state: "connected", pending: 0, stored: true, everSynced: true }), {
    connection: "online",
    saved: "server",
    n: 0,
  });
  assert.equal(say("connected", 0), "Все изменения сохранены на сервере");
});

test("edits not yet acknowledged are counted, with Russian plural forms", () => {
  assert.equal(say("connected", 1), "Сохранено на этом телефоне, 1 правка ещё не отправлена");
  assert.equal(say("connected", 3), "Сохранено на этом телефоне, 3 правки ещё не отправлены");
  assert.equal(say("connected", 5), "Сохранено на этом телефоне, 5 правок ещё не отправлено");
  assert.equal(say("connected", 21), "Сохранено на этом телефоне, 21 правка ещё не отправлена");
  assert.equal(say("connected", 2, true, true, "device"), "Сохранено на этом устройстве, 2 правки ещё не отправлены");
});

test("offline names the connection first, then where the edits are", () => {
  assert.equal(say("offline", 0), "Нет связи с сервером. Все изменения сохранены на сервере");
  assert.equal(say("offline", 7), "Нет связи с сервером. Сохранено на этом телефоне, 7 правок ещё не отправлено");
  assert.equal(describe({ state: "offline", pending: 7, stored: true, everSynced: true }).connection, "offline");
});

test("a device that cannot keep edits says so instead of claiming they are saved", () => {
  const status = describe({ state: "reconnecting", pending: 1, stored: false, everSynced: true });
  assert.equal(status.saved, "memory");
  assert.equal(say("reconnecting", 1, false), "Подключение… 1 правка ещё не отправлена: не закрывайте страницу");
});

test("before anything is known it only says it is connecting", () => {
  assert.equal(say("connecting", 0, true, false), "Подключение…");
  assert.equal(describe({ state: "connecting", pending: 0, stored: true, everSynced: false }).saved, "unknown");
  assert.equal(say("stopped", 0), "Нет подключения. Все изменения сохранены на сервере");
});
