import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs the unit project before the property project, and smaller files first, where vitest runs projects by
 * name (`property` before `unit`) and larger or slower files first. Stryker stops a mutant's run at its first
 * failing test, so a mutant that a quick unit test kills no longer waits for seconds of properties.
 */
export class QuickFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => (file.project.name === 'unit' ? 0 : 1);
    return Promise.resolve([...files].sort((a, b) => rank(a) - rank(b) || statSync(a.moduleId).size - statSync(b.moduleId).size));
  }
}
