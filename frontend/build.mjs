// Build static/vendor/workspace.bundle.js from src/ with esbuild: minified IIFE, no source map,
// headed by the list of bundled npm packages with their versions and licences.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "..", "static", "vendor", "workspace.bundle.js");

const result = await esbuild.build({
  entryPoints: [join(here, "src", "index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2019", "chrome80", "firefox78", "safari15"],
  legalComments: "none",
  metafile: true,
  write: false,
  logLevel: "warning",
});

const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (!match || packages.has(match[1])) continue;
  const meta = JSON.parse(readFileSync(join(here, "node_modules", match[1], "package.json"), "utf8"));
  packages.set(match[1], `${meta.name} ${meta.version} (${meta.license || "see package"})`);
}
// A digest of what the bundle is built from, so a test can tell a stale bundle (the same
// computation lives in tests/realtime/test_workspace_page.py).
const digest = createHash("sha256");
for (const name of readdirSync(join(here, "src")).filter((n) => n.endsWith(".js")).sort()) {
  digest.update(`src/${name}\n`);
  digest.update(readFileSync(join(here, "src", name)));
}
digest.update("package-lock.json\n");
digest.update(readFileSync(join(here, "package-lock.json")));

const header = [
  "/*! Facilitator workspace bundle: built by frontend/build.mjs from frontend/src; do not edit.",
  ` * Sources: sha256 ${digest.digest("hex")}`,
  " * Bundled npm packages:",
  ...[...packages.values()].sort().map((line) => ` *   ${line}`),
  " */",
  "",
].join("\n");

mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(outfile, header + result.outputFiles[0].text);
console.log(`wrote ${outfile} (${result.outputFiles[0].contents.length} bytes)`);
