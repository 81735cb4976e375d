import fc from 'fast-check';
import { invalid } from '../canvas/errors.js';
import { describe } from '../canvas/json.js';
import { faultKinds, type FaultKind, type FaultSchedule } from './fault-kinds.js';

/**
 * Which faults a schedule may hold, and how many. Each kind is `true` (weight 1), a whole-number weight, or
 * `false`/`0` (never). Kinds left out are all in with weight 1 when no kind is named `true` or given a weight;
 * once one is, only the kinds named are in.
 */
export type FaultOptions = { readonly [K in FaultKind]?: boolean | number } & {
  /** The most faults in one run. @default 8 */
  readonly maxFaults?: number;
  /** The fewest faults in one run. @default 0 */
  readonly minFaults?: number;
};

export interface ResolvedFaultOptions {
  readonly weights: Readonly<Record<FaultKind, number>>;
  readonly maxFaults: number;
  readonly minFaults: number;
}

const known = [...faultKinds, 'maxFaults', 'minFaults'];

/** Applies defaults and checks every option, naming the option, what was expected and what came. */
export function resolveFaultOptions(options: FaultOptions = {}): ResolvedFaultOptions {
  if (typeof options !== 'object' || options === null) invalid('/', `faults() expects an options object, got \`${String(options)}\` (${describe(options)})`);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) invalid(`/${key}`, `Unknown faults() option \`${key}\``, `known options: ${known.join(', ')}`);
  }
  const given = options as Record<string, unknown>;
  const named = faultKinds.some((kind) => given[kind] === true || (typeof given[kind] === 'number' && given[kind] > 0));
  const weights = {} as Record<FaultKind, number>;
  for (const kind of faultKinds) {
    const value = given[kind] ?? !named;
    if (typeof value === 'boolean') weights[kind] = value ? 1 : 0;
    else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) weights[kind] = value;
    else invalid(`/${kind}`, `Expected \`${kind}\` to be true, false or a whole-number weight from 0 up, got \`${String(value)}\` (${describe(value)})`);
  }
  const count = (name: 'maxFaults' | 'minFaults', fallback: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      invalid(`/${name}`, `Expected \`${name}\` to be a whole number from 0 up, got \`${String(value)}\` (${describe(value)})`);
    }
    return value;
  };
  const maxFaults = count('maxFaults', 8);
  const minFaults = count('minFaults', 0);
  if (minFaults > maxFaults) invalid('/minFaults', `Expected \`minFaults\` (${minFaults}) to be at most \`maxFaults\` (${maxFaults})`);
  if (maxFaults > 0 && faultKinds.every((kind) => weights[kind] === 0)) {
    invalid('/', 'faults() has every kind of fault turned off', `turn one on (for example \`{ crashBeforeCommit: true }\`) or ask for \`maxFaults: 0\``);
  }
  return { weights, maxFaults, minFaults };
}

/**
 * A fast-check arbitrary of fault schedules: up to `maxFaults` faults of the kinds asked for (see
 * `FaultKind`), each landing anywhere in the run. Shrinks towards fewer and earlier faults.
 * @example
 * await checkWorkflow(app, chain(charge.s('o-1'), ship.s()), {
 *   faults: faults({ crashBeforeCommit: 3, duplicate: 1, maxFaults: 4 }),
 * });
 */
export function faults(options: FaultOptions = {}): fc.Arbitrary<FaultSchedule> {
  const { weights, maxFaults, minFaults } = resolveFaultOptions(options);
  if (maxFaults === 0) return fc.constant([]);
  const kinds = faultKinds.filter((kind) => weights[kind] > 0);
  const kind = fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] })));
  // Per mille rather than fc.double, whose draws crowd near 0 (doubles are densest there).
  const at = fc.nat({ max: 999 }).map((n) => n / 1000);
  return fc.array(fc.record({ kind, at }), { minLength: minFaults, maxLength: maxFaults, size: 'max' });
}
