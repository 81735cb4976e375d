import type { Json } from './json.js';
import type { CanvasNode } from './node.js';

// The type-level rules of the canvas, in one place. A node's result type is what `get()` resolves to; its input
// type is what it takes as its parent's result. A result typed as the whole of JSON (or unknown) comes from a
// signature made by task name or from a JSON document: nothing is known about it, so it is not checked.

/** The result type of a canvas node: a task's return type, a group's tuple, a chain's last step's, a chord's body's. */
export type ResultOf<N> = N extends CanvasNode<infer R, unknown> ? (unknown extends R ? Json : R) : Json;

/** The type a node takes as its parent's result: a partial signature's first parameter, `unknown` for an immutable one. */
export type InputOf<N> = N extends CanvasNode<unknown, infer In> ? In : unknown;

/** The results of a list of nodes, in order: a tuple for a tuple, an array for an array. */
export type ResultsOf<M extends readonly unknown[]> = { -readonly [K in keyof M]: ResultOf<M[K]> };

/** What every one of a list of nodes takes, since a group gives its parent's result to each member. */
export type InputsOf<M extends readonly unknown[]> = M extends readonly [infer H, ...infer T]
  ? InputOf<H> & InputsOf<T>
  : M extends readonly []
    ? unknown
    : InputOf<M[number]>;

/** Whether a result may be given to a node taking `In`. */
export type Fits<R, In> = Json extends R ? true : [R] extends [In] ? true : false;

/** What the compiler asks for in place of a node that cannot take the result before it. */
export interface Mismatch<Previous, Expected> {
  readonly 'cannot take the previous result': { readonly previous: Previous; readonly expected: Expected };
}

/** `steps` with each one that cannot take its predecessor's result marked with a `Mismatch`. */
export type CheckedSteps<S extends readonly unknown[], Previous = unknown, First extends boolean = true> = S extends readonly [infer H, ...infer T]
  ? readonly [First extends true ? H : Fits<Previous, InputOf<H>> extends true ? H : H & Mismatch<Previous, InputOf<H>>, ...CheckedSteps<T, ResultOf<H>, false>]
  : S;

/** The last of a list of nodes (its element type for an array). */
export type Last<S extends readonly unknown[]> = S extends readonly [...unknown[], infer L] ? L : S[number];

/** `body` if it can take the header's results, else `body` marked with a `Mismatch`. */
export type CheckedBody<Results, B> = Fits<Results, InputOf<B>> extends true ? B : B & Mismatch<Results, InputOf<B>>;
