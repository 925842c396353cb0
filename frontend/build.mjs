// Build the browser bundles into static/vendor/ with esbuild: minified IIFEs, no source maps,
// each headed by a digest of its sources and the lock file (tests recompute it to catch a stale
// bundle) and by the bundled npm packages with their versions and licences.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { buildIconSprite, copyFonts } from "./assets.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// name: what the bundle is for; source: its folder under frontend/, holding index.js
const BUNDLES = [
  { name: "workspace", source: "src", title: "Facilitator workspace bundle" },
  { name: "live", source: "src/live", title: "Facilitator live bundle" },
  // The check-in page: search, live check-ins, the QR scanner (its worker bundled in).
  { name: "door", source: "src/door", title: "Facilitator door bundle" },
  // The service worker: the app serves it as /sw.js after writing in the precache list.
  {
    name: "sw",
    source: "src/sw",
    title: "Facilitator service worker",
    options: { define: { "process.env.NODE_ENV": '"production"' } },
  },
];

function sourcesDigest(source) {
  const digest = createHash("sha256");
  for (const name of readdirSync(join(here, source)).filter((n) => n.endsWith(".js")).sort()) {
    digest.update(`${source}/${name}\n`);
    digest.update(readFileSync(join(here, source, name)));
  }
  digest.update("package-lock.json\n");
  digest.update(readFileSync(join(here, "package-lock.json")));
  return digest.digest("hex");
}

function bundledPackages(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (!match || packages.has(match[1])) continue;
    const meta = JSON.parse(readFileSync(join(here, "node_modules", match[1], "package.json"), "utf8"));
    packages.set(match[1], `${meta.name} ${meta.version} (${meta.license || "see package"})`);
  }
  return [...packages.values()].sort();
}

for (const bundle of BUNDLES) {
  const outfile = join(here, "..", "static", "vendor", `${bundle.name}.bundle.js`);
  const result = await esbuild.build({
    entryPoints: [join(here, bundle.source, "index.js")],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: ["es2019", "chrome80", "firefox78", "safari15"],
    legalComments: "none",
    metafile: true,
    write: false,
    logLevel: "warning",
    ...bundle.options,
  });
  const header = [
    `/*! ${bundle.title}: built by frontend/build.mjs from frontend/${bundle.source}; do not edit.`,
    ` * Sources: sha256 ${sourcesDigest(bundle.source)}`,
    " * Bundled npm packages:",
    ...bundledPackages(result.metafile).map((line) => ` *   ${line}`),
    " */",
    "",
  ].join("\n");
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(outfile, header + result.outputFiles[0].text);
  console.log(`wrote ${outfile} (${result.outputFiles[0].contents.length} bytes)`);
}

// The app replaces these names in the service worker with the precache list and its digest.
function checkServiceWorker() {
  const text = readFileSync(join(here, "..", "static", "vendor", "sw.bundle.js"), "utf8");
  for (const name of ["self.__WB_MANIFEST", "self.__FACILITATOR_OFFLINE__"]) {
    if (text.split(name).length !== 2) throw new Error(`sw.bundle.js must name ${name} once`);
  }
}

checkServiceWorker();

copyFonts();
buildIconSprite();
