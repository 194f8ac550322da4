import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// `npm run dev` serves the client on :5173 and forwards the WebSocket to a server on :9000
// (override with BARERTC_DEV_SERVER=http://host:port).
const backend = process.env.BARERTC_DEV_SERVER || 'http://127.0.0.1:9000';

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 4096,
    // the size budget is enforced by scripts/bundle-size.mjs
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/ws': {
        target: backend,
        ws: true,
        changeOrigin: true,
        // the server refuses handshakes whose Origin differs from its Host
        configure: (proxy) => proxy.on('proxyReqWs', (req) => req.setHeader('origin', backend)),
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.js', 'tests/**/*.test.js'],
  },
});
