import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// `vite -c apps/console/vite.config.mts` serves the console with /api, /auth and /v1 sent to a gateway on
// localhost:3000 (npm start); `vite build` writes dist/apps/console, which the gateway serves.
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/auth', '/v1'].map((path) => [path, process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000'])),
  },
});
