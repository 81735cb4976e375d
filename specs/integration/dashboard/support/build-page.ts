import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** Builds the dashboard's page from its sources, as `npm run build:dashboard` does, so tests run what ships. */
export function buildPage(): void {
  execFileSync(process.execPath, ['scripts/build-dashboard.mjs'], { cwd: root, stdio: 'inherit' });
}
