// Unit tests (npm run test:unit): pure code under Node, no browser, no chain.
import { defineConfig } from 'vitest/config';
import { deployments } from './vite-deployments';

export default defineConfig({
  // App modules the tests import may import the bundled deployments.
  plugins: [deployments()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
