import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          // The Electron main process.
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          // The `gridhost` command (plain Node: headless mode, detect, benchmark...).
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
        // Default imports of external packages that ship CommonJS with `exports.default` (bs58) need the
        // __esModule check; without it `bs58.encode` is undefined in the built app.
        output: { interop: 'compat' },
      },
    },
  },
  preload: {
    // A sandboxed preload cannot require modules: bundle everything into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
