// Build static/vendor/live.bundle.js from src/live/ with esbuild: minified IIFE, no source map,
// headed by the bundled npm packages with their versions and licences and a digest of the sources
// (tests/live/test_bundle.py recomputes it to catch a stale bundle).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "src", "live");
const outfile = join(here, "..", "static", "vendor", "live.bundle.js");

const result = await esbuild.build({
  entryPoints: [join(source, "index.js")],
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
const digest = createHash("sha256");
for (const name of readdirSync(source).filter((n) => n.endsWith(".js")).sort()) {
  digest.update(`src/live/${name}\n`);
  digest.update(readFileSync(join(source, name)));
}
digest.update("package-lock.json\n");
digest.update(readFileSync(join(here, "package-lock.json")));

const header = [
  "/*! Facilitator live bundle: built by frontend/build-live.mjs from frontend/src/live; do not edit.",
  ` * Sources: sha256 ${digest.digest("hex")}`,
  " * Bundled npm packages:",
  ...[...packages.values()].sort().map((line) => ` *   ${line}`),
  " */",
  "",
].join("\n");

mkdirSync(dirname(outfile), { recursive: true });
writeFileSync(outfile, header + result.outputFiles[0].text);
console.log(`wrote ${outfile} (${result.outputFiles[0].contents.length} bytes)`);
