import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { QuickFirstSequencer } from './specs/mutation/quick-first-sequencer.js';

/**
 * The tests `npm run mutation:canvas` runs against each mutant of canvas/: the canvas is pure, so its own unit
 * tests and the document properties are enough, and they take seconds where the machine's properties take
 * minutes. The document properties keep their own pinned seeds and run counts (about 3 s together).
 */
export default defineConfig({
  resolve: {
    // specs/unit/{canvas,plan}.test.ts import the public entry; its canvas exports load in a tenth of the time.
    alias: [{ find: /^\.\.\/\.\.\/index\.js$/, replacement: fileURLToPath(new URL('specs/mutation/canvas-exports.ts', import.meta.url)) }],
  },
  test: {
    setupFiles: ['specs/mutation/no-shrinking.ts'],
    sequence: { sequencer: QuickFirstSequencer },
    env: { CELERIAC_LOG_LEVEL: 'silent' },
    projects: [
      {
        // Each project takes the setup file and the environment above.
        extends: true,
        test: {
          name: 'unit',
          include: [
            'specs/unit/{canvas,plan,json-schema}.test.ts',
            'specs/unit/canvas/*.test.ts',
            'specs/unit/document/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'property', include: ['specs/property/document/*.test.ts'], testTimeout: 60_000 },
      },
    ],
  },
});
