import type { Chain } from './chain.js';
import type { Chord } from './chord.js';
import type { Group } from './group.js';
import type { Signature } from './signature.js';

/** Any canvas node: what `app.apply()` accepts and what `fromJSON()` returns. */
export type Canvas = Signature | Chain | Group | Chord;
