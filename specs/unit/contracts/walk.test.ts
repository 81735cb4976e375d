import { describe, expect, it } from 'vitest';
import { chain } from '../../../canvas/chain.js';
import { chord } from '../../../canvas/chord.js';
import { group } from '../../../canvas/group.js';
import { signature } from '../../../canvas/signature.js';
import type { Canvas } from '../../../canvas/canvas.js';
import { walkTasks, type WalkOptions } from '../../../engine/contracts/walk.js';

const s = (task: string) => signature(task);
const si = (task: string) => signature(task, [], { immutable: true });

/** Each task as `path name receives?` (with what it receives when it does). */
function sites(canvas: Canvas, options?: WalkOptions): string[] {
  return [...walkTasks(canvas, options)].map(({ path, signature: sig, receivesParentResult, receives }) =>
    `${path || '/'} ${sig.task} ${receivesParentResult === false ? '-' : `${String(receivesParentResult)}:${receives}`}`,
  );
}

describe('walkTasks', () => {
  describe('when a chain has several steps', () => {
    it('gives every step after the first its parent result, and the first nothing when apply has no input', () => {
      expect(sites(chain(s('a'), s('b'), si('c')), { input: false })).toEqual(['/chain/0 a -', '/chain/1 b true:result', '/chain/2 c -']);
    });
  });

  describe('when apply gives an input', () => {
    it('gives it to every partial entry task, through groups and chord headers', () => {
      expect(sites(group(s('a'), chord([s('b'), si('c')], s('d'))), { input: true })).toEqual([
        '/group/0 a true:input',
        '/group/1/chord/header/0 b true:input',
        '/group/1/chord/header/1 c -',
        '/group/1/chord/body d true:result',
      ]);
    });
  });

  describe('when it is not known whether apply gives an input', () => {
    it('marks the partial entry tasks unknown and nothing else', () => {
      expect(sites(chain(s('a'), s('b')))).toEqual(['/chain/0 a unknown:input', '/chain/1 b true:result']);
    });
  });

  describe('when a group follows a step', () => {
    it('gives each member the step result, as a chord body gets the list after it', () => {
      expect(sites(chain(s('a'), group(s('b'), s('c')), s('d')), { input: false })).toEqual([
        '/chain/0 a -',
        '/chain/1/group/0 b true:result',
        '/chain/1/group/1 c true:result',
        '/chain/2 d true:result',
      ]);
    });
  });

  describe('when nodes have links and errbacks', () => {
    it('walks them in document order after the node, links with its result and errbacks with its failure', () => {
      const canvas = group(s('a').link(s('b')).linkError(s('c'))).link(chain(s('d'), s('e')));
      expect(sites(canvas, { input: false })).toEqual([
        '/group/0 a -',
        '/group/0/link/0 b true:result',
        '/group/0/linkError/0 c true:failure',
        '/link/0/chain/0 d true:result',
        '/link/0/chain/1 e true:result',
      ]);
    });
  });

  describe('when a canvas is deeper than the call stack allows recursion', () => {
    it('still walks it', () => {
      let canvas: Canvas = s('leaf');
      for (let i = 0; i < 20_000; i++) canvas = chain(canvas);
      const all = [...walkTasks(canvas, { input: false })];
      expect(all).toHaveLength(1);
      expect(all[0]!.path.length).toBe('/chain/0'.length * 20_000);
    });
  });
});
