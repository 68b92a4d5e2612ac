// Builds the web app's static assets from npm packages (run from the repo root:
// `npm ci && npm run build`). The output is committed so the Python package works without
// Node; tests/web/test_assets.py checks the committed files match a fresh build, made in a
// scratch folder given as the first argument (`node build.mjs OUT_DIR`).
//   app.scss                          -> static/carepanel/app.css   (Dart Sass, compressed)
//   govuk-frontend.min.js             -> static/carepanel/govuk/govuk-frontend.min.js
// No GOV.UK fonts or crown images are copied: a council service uses Arial and its own name.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, "..", "static", "carepanel");
const frontend = join(here, "..", "..", "..", "..", "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "govuk"), { recursive: true });
const css = sass.compile(join(here, "app.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(out, "app.css"), css.css + "\n");
copyFileSync(join(frontend, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
console.log(`wrote ${join(out, "app.css")} (${css.css.length} bytes) and govuk-frontend.min.js`);
