// Icons from the sprite the build makes (static/icons/sprite.svg); the page names its URL in
// <html data-icon-sprite>.

const SVG = "http://www.w3.org/2000/svg";

/** A decorative <svg class="icon"> showing the sprite's symbol `name`. */
export function iconElement(name, className = "") {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", `icon ${className}`.trim());
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const use = document.createElementNS(SVG, "use");
  const sprite = document.documentElement.dataset.iconSprite || "";
  use.setAttribute("href", `${sprite}#${name}`);
  svg.append(use);
  return svg;
}
