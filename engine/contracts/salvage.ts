import type { Canvas } from '../../canvas/canvas.js';
import { Chain } from '../../canvas/chain.js';
import { Chord } from '../../canvas/chord.js';
import { has, isPlainObject, own } from '../../canvas/document/read.js';
import type { DocumentMeta } from '../../canvas/document/types.js';
import { Group } from '../../canvas/group.js';
import type { Json } from '../../canvas/json.js';
import { noExtras, type CanvasNode, type NodeExtras } from '../../canvas/node.js';
import { Signature } from '../../canvas/signature.js';

/**
 * The canvas of an invalid document, as far as it can be read, so that task names and contracts can be
 * checked alongside the document's own problems: every node keeps its place (so its path), and a node that
 * cannot be built stands as an empty group, which runs no task. Options are left out: they change no check.
 * Only for a document within the limits (`limitProblems`), which bound its depth.
 */
export function salvageDocument(doc: unknown): { canvas: Canvas; meta: DocumentMeta } {
  const meta: DocumentMeta = {};
  if (isPlainObject(doc) && isPlainObject(own(doc, 'params'))) meta.params = own(doc, 'params') as DocumentMeta['params'];
  return { canvas: salvage(doc) as Canvas, meta };
}

function salvage(value: unknown): CanvasNode {
  if (!isPlainObject(value)) return new Group([]);
  const extras: NodeExtras = { options: noExtras.options, links: list(own(value, 'link')), errbacks: list(own(value, 'linkError')) };
  const kinds = (['task', 'chain', 'group', 'chord'] as const).filter((key) => has(value, key));
  try {
    switch (kinds.length === 1 ? kinds[0] : undefined) {
      case 'task': {
        const args = own(value, 'args') ?? [];
        if (!Array.isArray(args)) break;
        return new Signature(own(value, 'task') as string, args as Json[], own(value, 'immutable') === true, extras);
      }
      case 'chain':
        return new Chain(list(own(value, 'chain')), extras);
      case 'group':
        return new Group(list(own(value, 'group')), extras);
      case 'chord': {
        const chord = own(value, 'chord');
        if (!isPlainObject(chord)) break;
        return new Chord(list(own(chord, 'header')), salvage(own(chord, 'body')), extras);
      }
    }
  } catch {
    // A node the canvas classes refuse (an empty task name, an empty chain...): it stands as an empty group.
  }
  return new Group([], extras);
}

function list(value: unknown): CanvasNode[] {
  return Array.isArray(value) ? value.map(salvage) : [];
}
