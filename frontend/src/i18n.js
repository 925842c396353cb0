// UI strings come from the page (rendered by Jinja into JSON); the bundle holds none.

/** Read a JSON block the server rendered into the page. */
export function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : {};
}

/** Fill {name} placeholders. */
export function format(template, values = {}) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (match, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
  );
}

/** Pick the plural form the page's language needs for n ({one, few, many, other}). */
export function plural(forms, n, locale) {
  let category = "other";
  try {
    category = new Intl.PluralRules(locale).select(n);
  } catch {
    category = n === 1 ? "one" : "other";
  }
  return format(forms[category] ?? forms.other ?? forms.many ?? "", { n });
}
