// Row order of a table section: every row Y.Map carries an `order` key, a string compared by
// UTF-16 code units; rows are shown sorted by (order, id, position in the Y.Array). Moving a row
// only sets its `order`, so nothing typed into it is ever copied or lost, and two people moving
// the same row at once leave one row (the map key keeps one value, the same everywhere).
// A row without a string `order` (made before row keys existed) reads as legacyKey(position).
// facilitator/realtime/row_order.py implements the same rules for the server.

export const ORDER = "order";
export const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;
const HEADS = "abcdefghijklmnopqrstuvwxyz";
/** Keys longer than this make the next move re-number the whole table. */
export const MAX_KEY_LENGTH = 48;

const digit = (ch) => DIGITS.indexOf(ch);

/** The integer key of n >= 1: a head letter giving the digit count, then base-62 digits. */
export function intKey(n) {
  let digits = "";
  let rest = Math.floor(n);
  do {
    digits = DIGITS[rest % BASE] + digits;
    rest = Math.floor(rest / BASE);
  } while (rest > 0);
  return HEADS[digits.length - 1] + digits;
}

/** The key a row without one reads as, from its position in the Y.Array. */
export function legacyKey(index) {
  return intKey(index + 1);
}

/** Split a key into its integer part and fraction; null when it is not a key of this scheme. */
export function parseKey(key) {
  if (typeof key !== "string" || key.length < 2) return null;
  const size = HEADS.indexOf(key[0]) + 1;
  if (size < 1 || key.length < 1 + size) return null;
  for (const ch of key.slice(1)) if (digit(ch) < 0) return null;
  const fraction = key.slice(1 + size);
  if (fraction.endsWith("0")) return null;
  return { int: key.slice(0, 1 + size), fraction };
}

function increment(int) {
  const digits = int.slice(1).split("");
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digit(digits[i]);
    if (d < BASE - 1) {
      digits[i] = DIGITS[d + 1];
      return int[0] + digits.join("");
    }
    digits[i] = "0";
  }
  const head = HEADS.indexOf(int[0]) + 1;
  if (head >= HEADS.length) return null;
  return HEADS[head] + "1" + digits.join("");
}

function decrement(int) {
  const digits = int.slice(1).split("");
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = digit(digits[i]);
    if (d > 0) {
      digits[i] = DIGITS[d - 1];
      return int[0] + digits.join("");
    }
    digits[i] = DIGITS[BASE - 1];
  }
  const head = HEADS.indexOf(int[0]) - 1;
  if (head < 0) return null;
  return HEADS[head] + DIGITS[BASE - 1].repeat(head + 1);
}

/** A fraction strictly between fractions a and b (b null: 1), not ending in "0". */
export function fractionBetween(a, b) {
  let n = 0;
  for (;;) {
    const da = n < a.length ? digit(a[n]) : 0;
    const db = b === null ? BASE : n < b.length ? digit(b[n]) : 0;
    if (da === db) {
      n += 1;
      if (n > a.length + (b ? b.length : 0) + 1) throw new Error("fractions not in order");
      continue;
    }
    if (db < da) throw new Error("fractions not in order");
    const prefix = b === null ? a.slice(0, n) : b.slice(0, n);
    if (db - da > 1) return prefix + DIGITS[(da + db) >> 1];
    return prefix + DIGITS[da] + fractionBetween(a.slice(n + 1), null);
  }
}

/** A key strictly between keys a and b (either may be null: no bound); throws when a >= b. */
export function keyBetween(a, b) {
  if (a !== null && b !== null && !(a < b)) throw new Error("keys not in order");
  const pa = a === null ? null : parseKey(a);
  const pb = b === null ? null : parseKey(b);
  if ((a !== null && !pa) || (b !== null && !pb)) throw new Error("not a row key");
  if (pa === null && pb === null) return intKey(BASE >> 1);
  if (pb === null) {
    const next = increment(pa.int);
    return next !== null ? next : pa.int + fractionBetween(pa.fraction, null);
  }
  if (pa === null) {
    if (pb.fraction) return pb.int === "a0" ? "a0" + fractionBetween("", pb.fraction) : pb.int;
    const previous = decrement(pb.int);
    if (previous === null || previous === "a0") return "a0" + fractionBetween("", null);
    return previous;
  }
  if (pa.int === pb.int) return pa.int + fractionBetween(pa.fraction, pb.fraction);
  const next = increment(pa.int);
  if (next !== null && next < b) return next;
  return pa.int + fractionBetween(pa.fraction, null);
}

/** The key a row is ordered by: its own, or the legacy key of its position. */
export function effectiveKey(order, index) {
  return typeof order === "string" ? order : legacyKey(index);
}

function compare(x, y) {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Entries {order, id, index} sorted as every side shows them: by effective key, then id, then
 * position in the Y.Array (all compared as UTF-16, like JavaScript strings).
 */
export function sortEntries(entries) {
  return entries
    .map((entry) => ({ ...entry, key: effectiveKey(entry.order, entry.index) }))
    .sort(
      (x, y) =>
        compare(x.key, y.key) || compare(String(x.id ?? ""), String(y.id ?? "")) || x.index - y.index,
    );
}

/** Fresh, evenly spread keys for n rows in order. */
export function spreadKeys(count) {
  return Array.from({ length: count }, (_, i) => intKey(i + 1));
}

function needsRenumbering(sorted) {
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i].key;
    if (!parseKey(key) || key.length > MAX_KEY_LENGTH) return true;
    if (i > 0 && !(sorted[i - 1].key < key)) return true;
  }
  return false;
}

/**
 * The `order` values to set so that the rows end up as `sorted` (entries from sortEntries)
 * with the row at `from` moved to position `to`: a Map of entry -> new key. Usually only the
 * moved row changes (and rows without a key take the key they read as); ties, foreign or
 * over-long keys get every row a new key.
 */
export function planMove(sorted, from, to) {
  const changes = new Map();
  if (from < 0 || from >= sorted.length || to < 0 || to >= sorted.length || from === to) {
    return changes;
  }
  const wanted = sorted.slice();
  const [moved] = wanted.splice(from, 1);
  wanted.splice(to, 0, moved);
  if (!needsRenumbering(sorted)) {
    // Rows without a key keep their place by taking the key they read as.
    for (const entry of sorted) if (typeof entry.order !== "string") changes.set(entry, entry.key);
    const before = to > 0 ? wanted[to - 1].key : null;
    const after = to < wanted.length - 1 ? wanted[to + 1].key : null;
    const key = keyBetween(before, after);
    if (key.length <= MAX_KEY_LENGTH) {
      changes.set(moved, key);
      return changes;
    }
    changes.clear();
  }
  const keys = spreadKeys(wanted.length);
  wanted.forEach((entry, i) => {
    if (entry.order !== keys[i]) changes.set(entry, keys[i]);
  });
  return changes;
}

/**
 * The `order` values for a new row at the end: a Map of entry -> key for rows that need one
 * (rows without a key get their legacy key, so nothing moves), and the new row's key.
 */
export function planAppend(sorted) {
  const changes = new Map();
  if (needsRenumbering(sorted)) {
    const keys = spreadKeys(sorted.length);
    sorted.forEach((entry, i) => {
      if (entry.order !== keys[i]) changes.set(entry, keys[i]);
    });
    return { changes, key: keyBetween(keys.length ? keys[keys.length - 1] : null, null) };
  }
  for (const entry of sorted) if (typeof entry.order !== "string") changes.set(entry, entry.key);
  const last = sorted.length ? sorted[sorted.length - 1].key : null;
  return { changes, key: keyBetween(last, null) };
}
