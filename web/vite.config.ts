// Vite build of Parley's web client: root web/, output web/dist/, served by the Parley server at `/`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // @mattermost/commonmark only uses XRegExp.cache for Unicode classes; a native-RegExp shim keeps the bundle lean.
    alias: { xregexp: fileURLToPath(new URL('./src/xregexp-shim.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    // `npx vite --config web/vite.config.ts` proxies the API to a local Parley server.
    proxy: {
      '/api/v4/websocket': { target: 'ws://127.0.0.1:8065', ws: true },
      '/api': 'http://127.0.0.1:8065',
    },
  },
});
