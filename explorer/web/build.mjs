// Builds the MAO Graph explorer and GraphiQL into ../static (committed, embedded by explorer.go).
//
//   npm ci && npm run build      (or: make explorer, from the repository root)
//
// Output:
//   static/index.html, static/graphiql.html   pages, referencing the hashed assets
//   static/curate.html                        the curator's review page (served only in curator mode)
//   static/assets/*-HASH.{js,css}             bundles (immutable: the name changes with the content)
//   static/SOURCES.sha256                     hash of the sources, checked by explorer_test.go
//
// The bundles must run under the server's Content-Security-Policy (script-src 'self', no
// 'unsafe-eval'), so the build fails when a bundle contains eval( or new Function.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const web = fileURLToPath(new URL(".", import.meta.url));
const out = join(web, "..", "static");
const assets = join(out, "assets");

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

// Some dependencies (lodash inside cytoscape) find the global object with Function("return this")(),
// which a CSP without 'unsafe-eval' forbids. Browsers all have globalThis: use that instead.
const globalThisPlugin = {
  name: "globalthis",
  setup(b) {
    b.onLoad({ filter: /node_modules[\\/].*\.(c|m)?js$/ }, async (args) => {
      const src = readFileSync(args.path, "utf8");
      const re = /Function\(\s*(['"])return this\1\s*\)\(\)/g;
      if (!re.test(src)) return undefined;
      return { contents: src.replace(re, "globalThis"), loader: "js" };
    });
  },
};

const result = await build({
  absWorkingDir: web,
  entryPoints: { app: "src/app.js", graphiql: "src/graphiql.jsx", curate: "src/curate.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  outdir: assets,
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  loader: { ".svg": "file", ".woff2": "file", ".woff": "file" },
  jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "linked",
  metafile: true,
  plugins: [globalThisPlugin],
  logLevel: "warning",
});

// Map entry point -> output file names, to fill in the HTML templates.
const names = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const entry = meta.entryPoint.replace(/^src\//, "").replace(/\.[a-z]+$/, "");
  // The curator's page and bundles are served only in curator mode, under /curate/.
  const prefix = entry === "curate" ? "/curate/assets/" : "/assets/";
  names[`${entry}.js`] = prefix + file.split("/").pop();
  if (meta.cssBundle) names[`${entry}.css`] = prefix + meta.cssBundle.split("/").pop();
}
for (const page of ["index.html", "graphiql.html", "curate.html"]) {
  let html = readFileSync(join(web, "src", page), "utf8");
  html = html.replace(/\{\{([a-z]+\.(?:js|css))\}\}/g, (_, n) => {
    if (!names[n]) throw new Error(`${page}: no bundle for {{${n}}}`);
    return names[n];
  });
  writeFileSync(join(out, page), html);
}
writeFileSync(join(assets, "favicon.svg"), readFileSync(join(web, "src", "favicon.svg")));

// CSP check: no eval and no Function constructor in what we ship.
const forbidden = [/\beval\s*\(/, /new\s+Function\s*\(/, /\bFunction\s*\(\s*["'`]/];
for (const f of readdirSync(assets)) {
  if (!f.endsWith(".js")) continue;
  const js = readFileSync(join(assets, f), "utf8");
  for (const re of forbidden) {
    const m = js.match(re);
    if (m) {
      throw new Error(`${f}: forbidden under CSP: ${JSON.stringify(js.slice(Math.max(0, m.index - 60), m.index + 60))}`);
    }
  }
}

// SOURCES.sha256: sha256 over package.json, package-lock.json, build.mjs and every file under
// src/, sorted by path (relative to explorer/web, with /), each written as path NUL content NUL.
// explorer_test.go recomputes it the same way.
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const files = ["package.json", "package-lock.json", "build.mjs", ...walk(join(web, "src")).map((p) => relative(web, p).split(sep).join("/"))].sort();
const h = createHash("sha256");
for (const f of files) {
  h.update(f + "\0");
  h.update(readFileSync(join(web, f)));
  h.update("\0");
}
writeFileSync(join(out, "SOURCES.sha256"), h.digest("hex") + "\n");

for (const f of readdirSync(assets).sort()) {
  console.log(`${String(statSync(join(assets, f)).size).padStart(9)}  static/assets/${f}`);
}
