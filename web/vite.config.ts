import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into the package's dist/ (which `files` publishes); the admin listener serves it at `/`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Vite warns above 500 KB raw; our budget is 400 KB gzipped for the whole console, which
    // test/e2e/bundle-size.test.ts checks. One chunk loads fastest from localhost.
    chunkSizeWarningLimit: 1_500,
  },
  // `npm run dev:web` proxies the API to a running `npm start`. The admin API refuses other Host
  // names and other origins (DNS rebinding, cross-site pages), so the proxy presents the admin's own.
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8081', ws: true, changeOrigin: true, headers: { origin: 'http://127.0.0.1:8081' } } },
  },
});
