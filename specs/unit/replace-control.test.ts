import { describe, expect, it } from 'vitest';
import { createApp, group, signature } from '../../index.js';

describe('a task that replaced itself', () => {
  it('is retried with its workflow: the replacement that failed runs again, and the workflow ends', async () => {
    const app = createApp({ driver: 'memory' });
    let broken = true;
    const runs: string[] = [];
    app.task('part', (x: number) => {
      runs.push(`part ${x}`);
      if (broken && x === 2) throw new Error('part 2 is broken');
      return x;
    });
    app.task('fan', function (n: number) {
      runs.push('fan');
      this.replace(group(Array.from({ length: n }, (_, i) => signature('part', [i + 1]))));
    });
    app.worker({ concurrency: 4 });
    const res = await app.apply(signature('fan', [3]));
    await expect(res.get({ timeout: 5_000 })).rejects.toThrow(/broken/);
    broken = false;
    await app.retry(res.id);
    expect(await res.get({ timeout: 5_000 })).toEqual([1, 2, 3]);
    // The replacement kept what it had committed: only the part that failed ran again.
    expect(runs.filter((run) => run.startsWith('part')).sort()).toEqual(['part 1', 'part 2', 'part 2', 'part 3']);
    expect(await app.result(`${res.id}~r`).state()).toBe('SUCCESS');
    await app.close();
  });

  it('is revoked with its workflow: the replacement ends REVOKED and nothing of it is left running', async () => {
    const app = createApp({ driver: 'memory' });
    const release: Array<() => void> = [];
    let bothHeld!: () => void;
    const held = new Promise<void>((resolve) => (bothHeld = resolve));
    app.task('hold', () =>
      new Promise<number>((resolve) => {
        release.push(() => resolve(1));
        if (release.length === 2) bothHeld();
      }),
    );
    app.task('fan', function () {
      this.replace(group([signature('hold'), signature('hold')]));
    });
    app.worker({ concurrency: 4 });
    const res = await app.apply(signature('fan'));
    await held;
    await res.revoke();
    const child = app.result(`${res.id}~r`);
    expect(await res.state()).toBe('REVOKED');
    expect(await child.state()).toBe('REVOKED');
    expect((await child.nodes()).map((n) => n.state)).toEqual(['REVOKED', 'REVOKED', 'REVOKED']);
    release.forEach((go) => go());
    await app.close();
  });
});
