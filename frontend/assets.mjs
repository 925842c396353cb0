// Static assets the build copies from npm packages into static/: the display typeface (woff2
// files and their @font-face rules) and the SVG icon sprite of the icons the pages use.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, "..", "static");

function packageMeta(name) {
  return JSON.parse(readFileSync(join(here, "node_modules", name, "package.json"), "utf8"));
}

// Golos Text, variable weight: Cyrillic and Latin subsets, served from static/fonts/.
const FONT = { package: "@fontsource-variable/golos-text", folder: "golos-text" };

/** Copy the typeface's woff2 files and licence, and write static/fonts/<folder>.css. */
export function copyFonts() {
  const meta = packageMeta(FONT.package);
  const source = join(here, "node_modules", FONT.package);
  const target = join(staticDir, "fonts", FONT.folder);
  mkdirSync(target, { recursive: true });
  const css = readFileSync(join(source, "index.css"), "utf8");
  const files = [...css.matchAll(/url\(\.\/files\/([^)]+)\)/g)].map((m) => m[1]);
  for (const file of files) copyFileSync(join(source, "files", file), join(target, file));
  copyFileSync(join(source, "LICENSE"), join(target, "OFL.txt"));
  const header = `/*! ${meta.name} ${meta.version} (${meta.license}): built by frontend/assets.mjs; do not edit. */\n`;
  const out = join(staticDir, "fonts", `${FONT.folder}.css`);
  writeFileSync(out, header + css.replaceAll("url(./files/", `url(${FONT.folder}/`));
  console.log(`wrote ${out} and ${files.length} font files`);
}

// Lucide draws with strokes: every symbol carries them, so an icon looks right without CSS.
const STROKE =
  'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';

function iconSource(name) {
  return readFileSync(join(here, "node_modules", "lucide-static", "icons", `${name}.svg`), "utf8");
}

/**
 * Build static/icons/sprite.svg, one <symbol id="NAME"> per icon of icons.json's "sprite" (for
 * templates and scripts), and copy its "files" as static/icons/NAME.svg (for CSS masks).
 */
export function buildIconSprite() {
  const meta = packageMeta("lucide-static");
  const wanted = JSON.parse(readFileSync(join(here, "icons.json"), "utf8"));
  const symbols = [...new Set(wanted.sprite)].sort().map((name) => {
    const body = iconSource(name)
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/^[\s\S]*?<svg[^>]*>/, "")
      .replace(/<\/svg>\s*$/, "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .join("");
    return `<symbol id="${name}" viewBox="0 0 24 24" ${STROKE}>${body}</symbol>`;
  });
  const sprite = [
    `<svg xmlns="http://www.w3.org/2000/svg">`,
    `<!-- ${meta.name} ${meta.version} (${meta.license}): built by frontend/assets.mjs from icons.json; do not edit. -->`,
    ...symbols,
    "</svg>",
    "",
  ].join("\n");
  const out = join(staticDir, "icons", "sprite.svg");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, sprite);
  for (const name of wanted.files) {
    writeFileSync(join(dirname(out), `${name}.svg`), iconSource(name));
  }
  console.log(`wrote ${out} (${symbols.length} icons) and ${wanted.files.length} icon files`);
}
