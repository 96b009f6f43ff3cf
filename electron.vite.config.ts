import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { isAbsolute, resolve } from 'node:path';
import { build, type Plugin } from 'vite';

/**
 * Builds the reference grid (tools/local-grid/) for `gridhost start --grid local` into out/local-grid/, its own
 * folder beside out/main: the CLI loads it by a path computed at run time, so it never enters out/main, and
 * electron-builder.yml leaves it (and SQLite) out of the packaged app.
 */
function localGridBuild(): Plugin {
  return {
    name: 'gridhost:local-grid',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          ssr: true,
          outDir: resolve(__dirname, 'out/local-grid'),
          emptyOutDir: true,
          target: 'node20',
          minify: false,
          rollupOptions: {
            input: { 'local-grid-unless-running': resolve(__dirname, 'tools/local-grid/local-grid-unless-running.ts') },
            // Packages (better-sqlite3, zod...) load from node_modules, as in out/main.
            external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
            output: { format: 'cjs', entryFileNames: '[name].js', interop: 'compat' },
          },
        },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [localGridBuild()],
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
        input: { index: resolve(__dirname, 'src/preload/index.ts'), passphrase: resolve(__dirname, 'src/preload/passphrase.ts') },
        // Two entries, each one self-contained file: the passphrase preload imports nothing the main one does.
        output: { format: 'cjs' },
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
