import { createTestApp, type TestApp, type TestAppOptions } from '../../../testing/index.js';
import { attemptModel, behaviours } from '../reference/behaviours.js';

/** A test app with the generated canvases' tasks, each doing what its behaviour model says. */
export function behaviourApp(options: TestAppOptions = {}): TestApp {
  const app = createTestApp(options);
  for (const behaviour of behaviours) {
    app.task(behaviour, function (...args: never[]) {
      const model = attemptModel(behaviour, args, this.attempt);
      if (model.ok) return model.value;
      throw new Error(model.message);
    });
  }
  return app;
}
