// Unit tests (npm run test:unit): pure code under Node, no browser, no chain.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
