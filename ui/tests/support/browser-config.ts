// The vitest configuration every browser suite shares: tests/browser (no chain,
// vitest.browser.config.ts) and tests/chain (a node, vitest.chain.config.ts). Tests run in
// Node and drive Debian's Chromium through playwright-core; one file at a time, since they
// share one app server and the machine's few cores, with timeouts for real hashing and
// real blocks.
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { deployments } from '../../vite-deployments';

export function browserTestConfig(folder: string): ViteUserConfig {
  return defineConfig({
    // The Node side imports app modules, which may import the bundled deployments.
    plugins: [deployments()],
    test: {
      include: [`${folder}/**/*.test.ts`],
      environment: 'node',
      globalSetup: ['tests/support/global-setup.ts'],
      fileParallelism: false,
      maxWorkers: 1,
      testTimeout: 180_000,
      hookTimeout: 300_000,
    },
  });
}
