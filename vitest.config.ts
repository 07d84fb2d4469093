import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The CLI tests spawn the built command; give a cold machine room.
    testTimeout: 20_000,
  },
});
