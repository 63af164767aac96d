// Builds the explorer page and GraphiQL into dist/, which web/embed.go
// embeds in the Go binary. Scripts and styles get content hashes in their
// names (served as immutable from /assets/); the two HTML pages name them.
//
//   node build.mjs          minified production build
//   node build.mjs --dev    unminified, with source maps
import * as esbuild from 'esbuild';
import { readFile, writeFile, readdir, rm, mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const dev = process.argv.includes('--dev');

// Empty dist/ but keep the committed placeholder that lets `go build`
// compile before the first front-end build.
await mkdir(dist, { recursive: true });
for (const f of await readdir(dist)) {
  if (f !== '.placeholder') await rm(path.join(dist, f), { recursive: true, force: true });
}

const result = await esbuild.build({
  entryPoints: {
    app: path.join(here, 'src/app/main.js'),
    graphiql: path.join(here, 'src/graphiql/main.jsx'),
  },
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  bundle: true,
  format: 'esm',
  splitting: false,
  minify: !dev,
  sourcemap: dev,
  target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
  jsx: 'automatic',
  loader: { '.svg': 'text', '.woff': 'file', '.woff2': 'file', '.ttf': 'file' },
  define: { 'process.env.NODE_ENV': dev ? '"development"' : '"production"' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// Map each entry to its hashed script and stylesheet.
const outputs = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint && !meta.cssBundle) continue;
  const name = path.basename(file).replace(/-[A-Z0-9]+\.(js|css)$/, '');
  const rel = '/assets/' + path.basename(file);
  outputs[name] = outputs[name] || {};
  if (file.endsWith('.js')) outputs[name].js = rel;
  if (meta.cssBundle) outputs[name].css = '/assets/' + path.basename(meta.cssBundle);
}

for (const page of ['index', 'graphiql']) {
  const entry = page === 'index' ? 'app' : 'graphiql';
  let html = await readFile(path.join(here, 'src', page + '.html'), 'utf8');
  const o = outputs[entry];
  if (!o || !o.js) throw new Error('no script built for ' + entry);
  html = html
    .replace('%SCRIPT%', o.js)
    .replace('%STYLE%', o.css ? `<link rel="stylesheet" href="${o.css}">` : '');
  await writeFile(path.join(dist, page + '.html'), html);
}
await copyFile(path.join(here, 'src/favicon.svg'), path.join(dist, 'assets/favicon.svg'));

// Scripts and styles also gzipped, served to browsers that accept it.
for (const file of Object.keys(result.metafile.outputs)) {
  if (!/\.(js|css)$/.test(file)) continue;
  const body = await readFile(file);
  await writeFile(file + '.gz', gzipSync(body, { level: 9 }));
}

// Sizes, for the record.
const sizes = Object.entries(result.metafile.outputs)
  .filter(([f]) => !f.endsWith('.map') && !f.endsWith('.LEGAL.txt'))
  .map(([f, m]) => `  ${path.relative(here, f)}  ${(m.bytes / 1024).toFixed(0)} KiB`);
for (const f of Object.keys(result.metafile.outputs)) {
  if (/\.(js|css)$/.test(f)) { const gz = await readFile(f + '.gz'); sizes.push(`  ${path.relative(here, f)}.gz  ${(gz.length / 1024).toFixed(0)} KiB`); }
}
console.log('built dist/:\n' + sizes.join('\n'));
