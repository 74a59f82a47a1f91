// `npm run build`: bundle src/network.js into the package's static folder as one minified file, headed by the
// name, version and licence of every npm package bundled into it (read from the bundle's own inputs).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";

const OUT = "../src/stancemap/web/static/network.js";
// The full licence texts of the bundled packages, shipped beside the bundle (MIT asks for its notice in copies).
const LICENSES = "../src/stancemap/web/static/network.LICENSES.txt";

const result = await esbuild.build({
  entryPoints: ["src/network.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "inline",
  metafile: true,
  write: false,
  outfile: OUT,
});

const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) bundled.add(match[1]);
}
const lines = [...bundled].sort().map((name) => {
  const meta = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  return ` * ${name} ${meta.version} (${meta.license})`;
});
const texts = [...bundled].sort().map((name) => {
  const file = readdirSync(`node_modules/${name}`).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${name} ships no licence file`);
  return `${name}\n${"=".repeat(name.length)}\n\n${readFileSync(`node_modules/${name}/${file}`, "utf8").trim()}\n`;
});
writeFileSync(LICENSES, texts.join("\n"));
const banner = `/*! stancemap network picture, built from web-src/ (see NOTICE). Bundles (licence texts in
 * network.LICENSES.txt beside this file):\n${lines.join("\n")}\n */\n`;
writeFileSync(OUT, banner + result.outputFiles[0].text);
console.log(`${OUT}: ${banner.length + result.outputFiles[0].contents.length} bytes, ${bundled.size} packages`);
