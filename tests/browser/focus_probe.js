// For the focused element: where its ring is drawn (itself, or the label or next sibling of a
// styled radio), the ring's contrast against what surrounds it, and the placeholder's contrast.
(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (value) => (value.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (node) => {
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ringed = [el, el.nextElementSibling, el.closest("label"), el.parentElement].find((node) => {
    if (!node) return false;
    const style = getComputedStyle(node);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  });
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  const result = { name, ring: null, placeholder: null };
  if (ringed) {
    result.ring = ratio(rgb(getComputedStyle(ringed).outlineColor).slice(0, 3), background(ringed.parentElement));
  }
  if (el.placeholder) {
    const color = rgb(getComputedStyle(el, "::placeholder").color).slice(0, 3);
    result.placeholder = ratio(color, background(el));
  }
  return result;
})
