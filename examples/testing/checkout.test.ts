/**
 * Property tests of the shop's checkout under generated failures: copy this file next to your own workflows.
 * In your project the imports read `from 'celeriac/testing'` and `from 'celeriac'`.
 *
 * Each `checkWorkflow` call runs the workflow a few hundred times on the memory driver with a fake clock, each
 * time under another fault schedule (crashes before and after commits, duplicate deliveries, lock expiries,
 * delays) and another interleaving, and checks that it ends as the fault-free run does, that every node and
 * callback is committed once, and our own invariant. A failure throws the shrunk case: the faults as they
 * happened, and the seed and path to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, createTestApp, faults } from '../../testing/index.js';
import { FakeMailer, FakePayments } from './fakes.js';
import { checkout, registerShop, type Order } from './shop.js';

const orders: fc.Arbitrary<Order> = fc.record({
  id: fc.constantFrom('o-1', 'o-2', 'o-3'),
  lines: fc.array(fc.record({ sku: fc.constantFrom('apple', 'pear', 'fig'), qty: fc.integer({ min: 1, max: 3 }), cents: fc.integer({ min: 50, max: 900 }) }), { minLength: 1, maxLength: 4 }),
});

const totalOf = (order: Order) => order.lines.reduce((sum, line) => sum + line.qty * line.cents, 0);

/** A test app running the shop's real task module, on fakes that record what they were asked to do. */
function shop(charge: 'naive' | 'keyed') {
  const payments = new FakePayments();
  const mailer = new FakeMailer();
  const app = createTestApp();
  registerShop(app, { payments, mailer, charge });
  return { app, payments, mailer, reset: () => (payments.reset(), mailer.reset()) };
}

describe('checkout under crashes, duplicate deliveries, lock expiries and delays', () => {
  // Invariant: however the run is interrupted, the customer is charged exactly once, for the order's total.
  it('catches the charge step that charges without an idempotency key', async () => {
    const { app, payments, reset } = shop('naive');
    const check = checkWorkflow(app, checkout, {
      args: orders,
      runs: 300,
      seed: 42,
      beforeRun: reset,
      invariant: (_run, order) => expect(payments.charges.map((c) => c.cents)).toEqual([totalOf(order)]),
    });
    // The message is the shrunk case: the seed and path to replay it, what went wrong, and where each fault
    // landed, e.g. "crash before the commit of r.0.b (chargeCard) (SUCCESS)".
    const error = (await check.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/Replay it with \{ seed: 42, path: "[\d:]+" \}/);
    expect(error.message).toMatch(/the invariant failed: expected \[ \d+, \d+ \] to deeply equal \[ \d+ \]/);
    expect(error.message).toMatch(/\d\. (crash before the commit of r\.0\.b|lock expiry: r\.0\.b) \(chargeCard\)/);
  });

  // Invariant: as above, with the fixed step; and its handler did run more than once, so the key is what saved it.
  it('passes with the charge step that gives the processor its idempotency key', async () => {
    const { app, payments, reset } = shop('keyed');
    const report = await checkWorkflow(app, checkout, {
      args: orders,
      runs: 300,
      seed: 42,
      beforeRun: reset,
      invariant: (_run, order) => expect(payments.charges.map((c) => c.cents)).toEqual([totalOf(order)]),
    });
    expect(report.handlers.chargeCard!.reruns).toBeGreaterThan(0);
  });

  // Invariant: the receipt is emailed exactly once, under every fault ctx.once covers: re-runs after its result was stored.
  it('sends the receipt once with ctx.once, when no crash falls between sending and storing and no lock expires', async () => {
    const { app, mailer, reset } = shop('keyed');
    const report = await checkWorkflow(app, checkout, {
      args: orders,
      runs: 300,
      seed: 42,
      faults: faults({ crashBeforeOnceStored: false, lockExpiry: false }),
      beforeRun: reset,
      invariant: () => expect(mailer.sent).toHaveLength(1),
    });
    expect(report.handlers.sendReceipt!.reruns).toBeGreaterThan(0);
  });

  // Invariant: the same, under the two faults ctx.once cannot cover: it must fail, or the docs' warning is untrue.
  it('sends the receipt twice when the worker dies after sending and before storing, as the docs warn', async () => {
    const { app, mailer, reset } = shop('keyed');
    const check = checkWorkflow(app, checkout, {
      args: orders,
      runs: 300,
      seed: 42,
      faults: faults({ crashBeforeOnceStored: true }),
      beforeRun: reset,
      invariant: () => expect(mailer.sent).toHaveLength(1),
    });
    await expect(check).rejects.toThrow(/crash after the function of once\('email'\) of r\.1\.l0 \(sendReceipt\) ran, before its result was stored/);
  });
});
