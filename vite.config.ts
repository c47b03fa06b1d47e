import { defineConfig } from 'vitest/config';

// One config for the dashboard build and for every unit test in the tree.
export default defineConfig({
  root: 'apps/dashboard',
  base: './',
  build: {
    outDir: '../../dist/dashboard',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      // React Query and React Flow mark their modules "use client"; that only matters to server components.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
      checks: { pluginTimings: false },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    root: '.',
    projects: [
      {
        test: {
          name: 'node',
          root: '.',
          include: ['{core,server,proxy,cli,bench,examples}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'dashboard',
          root: '.',
          include: ['apps/dashboard/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'e2e',
          root: '.',
          include: ['e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
