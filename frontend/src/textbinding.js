// Binds a Y.Text to a <textarea> or <input>: local typing becomes minimal Y.Text edits,
// remote edits rewrite the field while the caret and selection stay where the user was.

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The one changed range between two values: {index, remove, insert}.
 * `caret` (selectionEnd after the edit) settles ambiguous cases such as typing "a" in "aa".
 */
export function diffRange(oldValue, newValue, caret = null) {
  const oldLen = oldValue.length;
  const newLen = newValue.length;
  let maxSuffix = Math.min(oldLen, newLen);
  if (caret !== null && caret >= 0 && caret <= newLen) {
    maxSuffix = Math.min(maxSuffix, newLen - caret);
  }
  let suffix = 0;
  while (
    suffix < maxSuffix &&
    oldValue.charCodeAt(oldLen - 1 - suffix) === newValue.charCodeAt(newLen - 1 - suffix)
  ) {
    suffix++;
  }
  const maxPrefix = Math.min(oldLen, newLen) - suffix;
  let prefix = 0;
  while (prefix < maxPrefix && oldValue.charCodeAt(prefix) === newValue.charCodeAt(prefix)) {
    prefix++;
  }
  // Never split a surrogate pair: Yjs would store half an emoji.
  if (prefix > 0 && isHigh(oldValue.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(oldValue.charCodeAt(oldLen - suffix))) suffix--;
  return {
    index: prefix,
    remove: oldLen - suffix - prefix,
    insert: newValue.slice(prefix, newLen - suffix),
  };
}

/** Where a position of the old text lands after a Y.Text delta was applied to it. */
export function mapPosition(pos, delta, assocRight = false) {
  let index = 0;
  let shift = 0;
  for (const op of delta) {
    if (index > pos) break;
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === "string" ? op.insert.length : 1;
      if (index < pos || (index === pos && assocRight)) shift += length;
    } else if (op.delete !== undefined) {
      if (index < pos) shift -= Math.min(op.delete, pos - index);
      index += op.delete;
    }
  }
  return pos + shift;
}

/** Map a selection through a delta; a collapsed caret stays before text inserted at it. */
export function mapSelection(start, end, delta) {
  if (start === end) {
    const caret = mapPosition(start, delta, false);
    return [caret, caret];
  }
  return [mapPosition(start, delta, true), mapPosition(end, delta, false)];
}

/** Grow a textarea with its content, so phones need no inner scrolling. */
export function autoGrow(el) {
  if (el.tagName !== "TEXTAREA") return;
  el.style.height = "auto";
  el.style.height = `${el.scrollHeight + 2}px`;
}

/**
 * Keep `el` and `ytext` equal. Returns {destroy, flush}.
 * `onLocalEdit` runs after each local change (the caller may schedule sending).
 */
export function bindText(ytext, el, { onLocalEdit = null } = {}) {
  const doc = ytext.doc;
  const origin = { binding: el }; // our own edits carry this origin and are not echoed back
  let lastValue = ytext.toString();
  let composing = false;
  let deferred = []; // remote deltas held back while an IME composes a word
  el.value = lastValue;
  autoGrow(el);

  const applyLocal = (from, to, caret, deltas) => {
    const change = diffRange(from, to, caret);
    if (change.remove === 0 && change.insert === "") return;
    let index = change.index;
    let end = change.index + change.remove;
    for (const delta of deltas) {
      end = mapPosition(end, delta, false);
      index = Math.min(mapPosition(index, delta, true), end);
    }
    doc.transact(() => {
      if (end > index) ytext.delete(index, end - index);
      if (change.insert) ytext.insert(index, change.insert);
    }, origin);
    if (onLocalEdit) onLocalEdit();
    return index + change.insert.length;
  };

  const rewrite = (delta) => {
    const value = ytext.toString();
    if (el.value === value) {
      lastValue = value;
      return;
    }
    const focused = document.activeElement === el;
    const [start, end] = mapSelection(el.selectionStart ?? 0, el.selectionEnd ?? 0, delta);
    const direction = el.selectionDirection;
    const scrollTop = el.scrollTop;
    el.value = value;
    lastValue = value;
    if (focused) el.setSelectionRange(start, end, direction || "none");
    autoGrow(el);
    el.scrollTop = scrollTop;
  };

  const flushComposition = () => {
    if (!deferred.length) return;
    const deltas = deferred;
    deferred = [];
    const typed = el.value;
    const caret = applyLocal(lastValue, typed, el.selectionEnd, deltas);
    const value = ytext.toString();
    el.value = value;
    lastValue = value;
    if (caret !== undefined && document.activeElement === el) el.setSelectionRange(caret, caret);
    autoGrow(el);
  };

  const onInput = () => {
    if (deferred.length) return; // settled on compositionend
    const value = el.value;
    applyLocal(lastValue, value, el.selectionEnd, []);
    lastValue = value;
    autoGrow(el);
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    flushComposition();
  };
  const onBlur = () => {
    composing = false;
    flushComposition();
  };
  const observer = (event, transaction) => {
    if (transaction.origin === origin) return;
    if (composing) {
      deferred.push(event.delta);
      return;
    }
    rewrite(event.delta);
  };

  el.addEventListener("input", onInput);
  el.addEventListener("compositionstart", onCompositionStart);
  el.addEventListener("compositionend", onCompositionEnd);
  el.addEventListener("blur", onBlur);
  ytext.observe(observer);

  return {
    el,
    ytext,
    destroy() {
      ytext.unobserve(observer);
      el.removeEventListener("input", onInput);
      el.removeEventListener("compositionstart", onCompositionStart);
      el.removeEventListener("compositionend", onCompositionEnd);
      el.removeEventListener("blur", onBlur);
    },
  };
}
