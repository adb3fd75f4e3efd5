// Builds the dashboard into ../static: one minified ES module (our code, Leaflet, supercluster, topojson-client),
// one stylesheet (ours and Leaflet's, its images alongside) and the Natural Earth country boundaries of
// world-atlas. Bundled because the browser cannot resolve bare module names without an inline import map,
// which the dashboard's Content-Security-Policy (script-src 'self') forbids.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const out = here("../static");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: here("src/main.js"), style: here("src/style.css") },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["chrome110", "firefox110", "safari16"],
  outdir: out,
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "img/[name]-[hash]",
  logLevel: "warning",
});
// 1:50m boundaries: sharp enough at region zoom, small enough (750 KB) to load at once.
await copyFile(here("node_modules/world-atlas/countries-50m.json"), `${out}/countries.json`);
console.log(`dashboard built into ${out}`);
