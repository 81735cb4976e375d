import type { Json } from '../../../canvas/json.js';

/**
 * The generated tasks, as a model: what each does with its arguments on a given attempt. Every generated
 * task gets a unique label as its last argument, so a failure names exactly the task that threw.
 *   ok       returns { ok: args }                  (order-sensitive: any mix-up of parts shows)
 *   fail     always throws `fail#<label>`
 *   flaky1   throws on attempt 1, then returns { flaky: args }
 *   flaky2   throws on attempts 1 and 2, then returns { flaky: args }
 */
export const behaviours = ['ok', 'fail', 'flaky1', 'flaky2'] as const;
export type Behaviour = (typeof behaviours)[number];

export type AttemptModel = { readonly ok: true; readonly value: Json } | { readonly ok: false; readonly message: string };

export function attemptModel(behaviour: Behaviour, args: readonly Json[], attempt: number): AttemptModel {
  const label = args[args.length - 1];
  switch (behaviour) {
    case 'ok':
      return { ok: true, value: { ok: [...args] } };
    case 'fail':
      return { ok: false, message: `fail#${String(label)}` };
    case 'flaky1':
    case 'flaky2':
      return attempt <= (behaviour === 'flaky1' ? 1 : 2) ? { ok: false, message: `${behaviour}#${String(label)}` } : { ok: true, value: { flaky: [...args] } };
  }
}

/** The label a failure message names (`fail#12` → 12). */
export function labelIn(message: string): number | undefined {
  const match = /(?:fail|flaky1|flaky2)#(\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}
