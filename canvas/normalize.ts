import type { Canvas } from './canvas.js';
import { Chain } from './chain.js';
import { Chord } from './chord.js';
import { Group } from './group.js';
import type { CanvasNode, NodeExtras } from './node.js';
import { Signature } from './signature.js';

/**
 * The canonical form of a canvas, the one that is planned and run. Pure; the input is not changed.
 * Today it does one rewrite, Celery's: inside a chain, a plain group followed by a step becomes a chord
 * with that step as its body, so a failed member fails the chain with a ChordError and the step runs once.
 */
export function normalize(canvas: Canvas): Canvas {
  return rewrite(canvas) as Canvas;
}

function rewrite(node: CanvasNode): CanvasNode {
  const canvas = node as Canvas;
  const extras: NodeExtras = { options: canvas.options, links: canvas.links.map(rewrite), errbacks: canvas.errbacks.map(rewrite) };
  switch (canvas.kind) {
    case 'task':
      return new Signature(canvas.task, canvas.args, canvas.immutable, extras);
    case 'group':
      return new Group(canvas.members.map(rewrite), extras);
    case 'chord':
      return new Chord(canvas.header.map(rewrite), rewrite(canvas.body), extras);
    case 'chain': {
      const steps = canvas.steps.map(rewrite);
      const out: CanvasNode[] = [];
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        const next = steps[i + 1];
        if (next !== undefined && step instanceof Group && isPlain(step)) {
          out.push(new Chord(step.members, next));
          i++;
        } else {
          out.push(step);
        }
      }
      return new Chain(out, extras);
    }
  }
}

function isPlain(node: CanvasNode): boolean {
  return node.links.length === 0 && node.errbacks.length === 0 && Object.keys(node.options).length === 0;
}
