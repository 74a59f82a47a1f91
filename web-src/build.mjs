// `npm run build`: bundle src/network.js into the package's static folder as one minified file, headed by the
// name, version and licence of every npm package bundled into it (read from the bundle's own inputs).
// `node build.mjs DIR` writes the three files into DIR instead (tests/web/test_bundle.py rebuilds and compares).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";

const DIR = process.argv[2] ?? "../src/stancemap/web/static";
const OUT = `${DIR}/network.js`;
// The full licence texts of the bundled packages, shipped beside the bundle (MIT asks for its notice in copies).
const LICENSES = `${DIR}/network.LICENSES.txt`;
// SHA-256 of every input of the build and of the bundle it gave, so that a test without Node.js still notices a
// change to web-src/ that was not rebuilt (or a bundle edited by hand).
const INPUTS = `${DIR}/network.inputs.json`;
const sha256 = (data) => createHash("sha256").update(data).digest("hex");

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
const bundle = banner + result.outputFiles[0].text;
writeFileSync(OUT, bundle);
const sources = ["build.mjs", "package.json", "package-lock.json", ...readdirSync("src").sort().map((f) => `src/${f}`)];
const inputs = Object.fromEntries(sources.map((f) => [f, sha256(readFileSync(f))]));
writeFileSync(INPUTS, `${JSON.stringify({ inputs, "network.js": sha256(bundle) }, null, 2)}\n`);
console.log(`${OUT}: ${banner.length + result.outputFiles[0].contents.length} bytes, ${bundled.size} packages`);
