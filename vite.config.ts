// Builds the Solid client in client/ into dist/client, which the Hono server
// serves. In development `npx vite` serves the client and forwards the REST
// API and the Socket.IO connection to the server on port 8080.
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const server = process.env.SWITCHBOARD_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'client',
  publicDir: false,
  plugins: [solid()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/socket.io': { target: server, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: server },
      '/socket.io': { target: server, ws: true },
    },
  },
});
