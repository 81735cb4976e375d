import fc from 'fast-check';
import { invalid } from '../canvas/errors.js';
import { describe } from '../canvas/json.js';
import { faultKinds, optInKinds, type FaultKind, type FaultSchedule } from './fault-kinds.js';

/**
 * Which faults a schedule may hold, and how many. Each kind is `true` (weight 1), a whole-number weight, or
 * `false`/`0` (never). Kinds left out are all in with weight 1 when no kind is named `true` or given a weight;
 * once one is, only the kinds named are in. `revoke` and `revokeTerminate` are in only when named: a revoked
 * workflow does not end as its fault-free run does.
 */
export type FaultOptions = { readonly [K in FaultKind]?: boolean | number } & {
  /** The most faults in one run. @default 8 */
  readonly maxFaults?: number;
  /** The fewest faults in one run. @default 0 */
  readonly minFaults?: number;
  /**
   * The share of faults, from 0 to 1, placed among redelivered deliveries only (see `Fault.redelivered`): a
   * duplicate of a job delivered again after a crash, a crash during an attempt run again. @default 0
   */
  readonly redelivered?: number;
};

export interface ResolvedFaultOptions {
  readonly weights: Readonly<Record<FaultKind, number>>;
  readonly maxFaults: number;
  readonly minFaults: number;
  readonly redelivered: number;
}

const known = [...faultKinds, 'maxFaults', 'minFaults', 'redelivered'];

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
    const value = given[kind] ?? (!named && !optInKinds.includes(kind));
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
  const redelivered = options.redelivered ?? 0;
  if (typeof redelivered !== 'number' || !(redelivered >= 0 && redelivered <= 1)) {
    invalid('/redelivered', `Expected \`redelivered\` to be a share from 0 to 1, got \`${String(redelivered)}\` (${describe(redelivered)})`);
  }
  if (minFaults > maxFaults) invalid('/minFaults', `Expected \`minFaults\` (${minFaults}) to be at most \`maxFaults\` (${maxFaults})`);
  if (maxFaults > 0 && faultKinds.every((kind) => weights[kind] === 0)) {
    invalid('/', 'faults() has every kind of fault turned off', `turn one on (for example \`{ crashBeforeCommit: true }\`) or ask for \`maxFaults: 0\``);
  }
  return { weights, maxFaults, minFaults, redelivered };
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
  const { weights, maxFaults, minFaults, redelivered } = resolveFaultOptions(options);
  if (maxFaults === 0) return fc.constant([]);
  const kinds = faultKinds.filter((kind) => weights[kind] > 0);
  const kind = fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] })));
  // Per mille rather than fc.double, whose draws crowd near 0 (doubles are densest there).
  const at = fc.nat({ max: 999 }).map((n) => n / 1000);
  // Shrinks towards faults on any place (false), the simpler case to read.
  const onRedelivery = redelivered === 0 ? fc.constant(false) : redelivered === 1 ? fc.constant(true) : fc.nat({ max: 999 }).map((n) => n >= (1 - redelivered) * 1000);
  const fault = fc.record({ kind, at, onRedelivery }).map(({ kind: k, at: a, onRedelivery: r }) => (r ? { kind: k, at: a, redelivered: true } : { kind: k, at: a }));
  return fc.array(fault, { minLength: minFaults, maxLength: maxFaults, size: 'max' });
}
