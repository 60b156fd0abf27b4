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
  },
  // `npm run dev:web` proxies the API to a running `npm start`.
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8081', ws: true } } },
});
