// Re-rendering parts of a page from the server: fetch the page again and swap the regions whose
// HTML changed. The server renders every screen; the script only decides when to ask.

const FIELDS = "input, textarea, select, [contenteditable]";

/** Remember what the server rendered into each region, to swap only what changed. */
export function rememberRegions(root = document) {
  for (const region of root.querySelectorAll("[data-live-region]")) {
    region.liveHtml = region.innerHTML;
  }
}

function editing(region) {
  const active = document.activeElement;
  return Boolean(active && region.contains(active) && active.matches(FIELDS));
}

/**
 * Fetch the page and swap the regions whose HTML changed. Resolves to {fresh, skipped}: the
 * fetched document (null after a redirect) and whether a region was left alone because
 * someone is typing in it.
 */
export async function refreshRegions(selector = "[data-live-region]") {
  const response = await fetch(window.location.href, {
    credentials: "same-origin",
    cache: "no-store",
    headers: { Accept: "text/html" },
  });
  if (response.redirected) {
    window.location.assign(response.url);
    return { fresh: null, skipped: false };
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  let skipped = false;
  for (const region of document.querySelectorAll(selector)) {
    const name = region.dataset.liveRegion;
    const match = name
      ? fresh.querySelector(`[data-live-region="${name}"]`)
      : fresh.querySelector(`#${region.id}`);
    if (!match) continue;
    const html = match.innerHTML;
    if (html === region.liveHtml) continue;
    if (editing(region)) {
      skipped = true;
      continue;
    }
    const focusId = region.contains(document.activeElement) ? document.activeElement.id : "";
    region.innerHTML = html;
    region.liveHtml = html;
    for (const attribute of ["data-live-view"]) {
      if (match.hasAttribute(attribute)) region.setAttribute(attribute, match.getAttribute(attribute));
    }
    if (focusId) {
      const again = document.getElementById(focusId);
      if (again) again.focus();
    }
  }
  return { fresh, skipped };
}

/** The JSON of a script block in a document, or null. */
export function jsonIn(doc, id) {
  const el = doc.getElementById(id);
  if (!el) return null;
  try {
    return JSON.parse(el.textContent);
  } catch {
    return null;
  }
}
