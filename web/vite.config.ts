// Vite build of Parley's web client: root web/, output web/dist/, served by the Parley server at `/`.
import { defineConfig, type Plugin } from 'vite';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { noParserAlias, precompileMessages } from './messages-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const preact = path.dirname(createRequire(import.meta.url).resolve('preact/package.json'));

/**
 * React's modules served by Preact's compatibility layer (the app and react-intl import `react` as usual): react-dom
 * is ~59 KB brotli, preact/compat ~9 KB, which is most of what a first view over a slow network can afford.
 */
const preactAliases = [
  { find: /^react-dom\/client$/, replacement: path.join(preact, 'compat/client.mjs') },
  { find: /^react\/jsx(?:-dev)?-runtime$/, replacement: path.join(preact, 'compat/jsx-runtime.mjs') },
  { find: /^react(?:-dom)?$/, replacement: path.join(preact, 'compat/dist/compat.mjs') },
];

/** Writes `.br` (quality 11) and `.gz` (level 9) copies of the text files of the build; the server sends them as they are. */
function precompress(): Plugin {
  return {
    name: 'parley-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? path.join(root, 'dist');
      const walk = (d: string): string[] =>
        readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      for (const file of walk(dir)) {
        if (!/\.(?:js|css|html|svg|json)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(file + '.br', brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(file + '.gz', gzipSync(data, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [precompileMessages(), react(), precompress()],
  resolve: {
    // @mattermost/commonmark's dependencies, replaced by what the browser has: it only uses XRegExp.cache for Unicode
    // classes, entities' decodeHTMLStrict (~30 KB brotli of tables) and a String#repeat polyfill (~14 KB brotli).
    alias: [
      ...preactAliases,
      noParserAlias,
      { find: 'xregexp', replacement: fileURLToPath(new URL('./src/xregexp-shim.ts', import.meta.url)) },
      { find: 'entities', replacement: fileURLToPath(new URL('./src/entities-shim.ts', import.meta.url)) },
      { find: 'string.prototype.repeat', replacement: fileURLToPath(new URL('./src/empty-module.ts', import.meta.url)) },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // Everything the entry imports statically is in one chunk: the first view asks for one script (and one style
      // sheet), not a dozen small shared chunks, each a request with its own headers and an HTTP/1.1 connection.
      output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` proxies the API to a local Parley server.
    proxy: {
      '/api/v4/websocket': { target: 'ws://127.0.0.1:8065', ws: true },
      '/api': 'http://127.0.0.1:8065',
    },
  },
});
