import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRun, checkWorkflow, faults, type Clock, type FaultSchedule } from '../../testing/index.js';
import { buildCanvas, shapeArbitrary, type Shape } from './arbitraries/workflow.js';
import { behaviourApp } from './harness/behaviour-app.js';
import { BrokenJoinStore } from './harness/broken-join-store.js';
import { CascadeSkippingStore } from './harness/cascade-skipping-store.js';
import { LinkInputDroppingBroker } from './harness/link-input-dropping-broker.js';
import { RevokeIgnoringStore } from './harness/revoke-ignoring-store.js';
import { expectedOf } from './harness/oracle.js';
import { totals } from './harness/totals.js';

const runs = Number(process.env.CELERIAC_PROPERTY_RUNS ?? 5000);
/** The seed every run explores, so a change that breaks a known case fails every time. */
const pinnedSeed = 20261126;
/**
 * Every run also explores a fresh seed, at a fifth of the runs, printed so that a failure can be replayed with
 * CELERIAC_PROPERTY_SEED=<seed>, which then replaces both. A counterexample found so gets pinned below.
 */
const given = process.env.CELERIAC_PROPERTY_SEED;
const fresh = (Date.now() ^ (Math.random() * 0x7fffffff)) & 0x7fffffff;
const seeds =
  given === undefined
    ? [
        { seed: pinnedSeed, runs, which: 'the pinned' },
        { seed: fresh, runs: Number(process.env.CELERIAC_PROPERTY_FRESH_RUNS ?? Math.ceil(runs / 5)), which: 'a fresh' },
      ]
    : [{ seed: Number(given), runs, which: 'the given' }];
const seed = seeds[0]!.seed;

/** Every run: a generated canvas (timing options and expiries included), judged by the reference interpreter, on 1 to 4 concurrent jobs. */
const generated = { args: shapeArbitrary(5, { timing: true }), oracle: (shape: Shape) => expectedOf(buildCanvas(shape)), concurrency: fc.integer({ min: 1, max: 4 }) };

/** One revoke at a generated commit, half of them with terminate, among up to six faults of every kind. */
const revokes = fc
  .tuple(faults({ revoke: 1, revokeTerminate: 1, minFaults: 1, maxFaults: 1 }), faults({ maxFaults: 6 }))
  .map(([revoke, others]): FaultSchedule => [...revoke, ...others]);
/** Faults that make redeliveries (at least two), half of every schedule placed among the places those redeliveries make. */
const onRedeliveries = faults({ crashBeforeRun: 1, crashBeforeCommit: 1, crashAfterCommit: 1, crashWhileAdvancing: 1, crashBeforeAck: 1, duplicate: 1, lockExpiry: 1, delay: 1, minFaults: 2, redelivered: 0.5 });

describe('workflows on the memory driver under crashes, duplicate deliveries and random interleavings', () => {
  const app = behaviourApp();

  afterAll(() => {
    // The figures docs/reliability.md quotes.
    console.log(`[property totals] ${JSON.stringify(totals)}`);
  });

  for (const { seed, runs, which } of seeds) {
    describe(`with ${which} seed ${seed}`, () => {
      if (which === 'a fresh') console.log(`[property seed] fresh seed ${seed}: replay with CELERIAC_PROPERTY_SEED=${seed} npx vitest run specs/property/workflow-faults.test.ts`);

      // Invariant: whatever the interleaving and faults, every workflow ends, and ends as the reference interpreter says.
      it('ends with the result the oracle computes', async () => {
        totals.add(await checkWorkflow(app, buildCanvas, { ...generated, runs, seed }));
      });

      // Invariant: each node's outcome is committed at most once, and each chord body, link and errback exactly once when due, never otherwise.
      it('commits each result, chord body and callback exactly once, also when redeliveries dominate', async () => {
        const redeliveries = faults({ crashAfterCommit: 2, crashWhileAdvancing: 2, crashBeforeAck: 2, duplicate: 2, lockExpiry: 2, crashBeforeRun: 1, crashBeforeCommit: 1, delay: 1 });
        totals.add(await checkWorkflow(app, buildCanvas, { ...generated, runs, seed: seed + 1, faults: redeliveries }));
      });

      // Invariant: a workflow revoked mid-run (with or without terminate, among crashes and duplicates) ends REVOKED when the revoke found it running and as the oracle says otherwise, begins no attempt after the revoke, and leaves no node PENDING.
      it('ends as the revoke found it, and starts nothing after it', async () => {
        let foundRunning = 0;
        const report = await checkWorkflow(app, buildCanvas, {
          ...generated,
          runs: Math.ceil(runs / 20),
          seed: seed + 2,
          faults: revokes,
          invariant: (run) => (foundRunning += run.revoke?.found?.status === 'REVOKED' ? 1 : 0),
        });
        totals.add(report);
        // Not vacuous: many revokes reach the workflow while it runs.
        expect(foundRunning).toBeGreaterThan(report.runs / 4);
      });

      // Invariant: faults landing on places only redeliveries make (a duplicate of a redelivered job, a crash or lost acknowledgement of an attempt run again, a delay of a second copy) still leave every workflow ending as the oracle says, each outcome committed once.
      it('ends as the oracle says when faults land on redelivered attempts too', async () => {
        const report = await checkWorkflow(app, buildCanvas, { ...generated, runs: Math.ceil(runs / 20), seed: seed + 3, faults: onRedeliveries });
        totals.add(report);
        expect(report.redelivered).toBeGreaterThan(0);
      });
    });
  }
});

describe('when a port is deliberately broken, the property fails with the broken invariant\'s own message', () => {
  // Each port breaks one promise; the property must fail, and say which (not merely fail: a crash of the
  // harness would fail too). The message's first problem is the one the shrunk run shows.
  const broken = [
    { port: 'BrokenJoinStore', why: 'its join counts deliveries, not distinct members', ports: { store: (clock: Clock) => new BrokenJoinStore(clock) }, message: /the workflow never reached a final state/ },
    { port: 'CascadeSkippingStore', why: 'it leaves cascaded nodes PENDING', ports: { store: (clock: Clock) => new CascadeSkippingStore(clock) }, message: /ended PENDING with no outcome, though it was due to run/ },
    { port: 'LinkInputDroppingBroker', why: 'links get no input', ports: { broker: (clock: Clock) => new LinkInputDroppingBroker(clock) }, message: /\(ok\) received .* as its input, want .* \(the value of r[\w.]*\)/ },
    { port: 'RevokeIgnoringStore', why: 'it lets attempts begin after a revoke', ports: { store: (clock: Clock) => new RevokeIgnoringStore(clock) }, message: /^ {2}- attempt r[\w.]*#\d+ began after the workflow was revoked/, faults: revokes },
  ];
  for (const { port, why, ports, message, faults: schedules } of broken) {
    // Invariant: the checks above are able to fail, each for its own reason: against this port some generated run breaks exactly the promise it breaks.
    it(`${port} (${why}) is caught`, async () => {
      const app = behaviourApp(ports);
      const error = (await checkWorkflow(app, buildCanvas, { ...generated, runs, seed, ...(schedules ? { faults: schedules } : {}) }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/^checkWorkflow: a run failed after \d+ run\(s\)/);
      expect(error.message.split('\n').find((line) => line.startsWith('  - '))).toMatch(message);
    });
  }
});

describe('pinned examples', () => {
  // The shrunk counterexample fast-check finds against the broken join: a one-member group whose member's
  // commit is followed by a crash. The redelivery commits again; a join that counts deliveries then counts two
  // for one member and never completes. Kept as a fixed case that runs the same way every time.
  const groupOfOne: Shape = {
    k: 'group',
    members: [{ k: 'task', b: 'ok', immutable: false, retries: 0, cb: { link: false, errback: false } }],
    cb: { link: true, errback: false },
  };
  const crashAfterCommit: FaultSchedule = [{ kind: 'crashAfterCommit', at: 0 }];

  it('a group member that crashes right after its commit still completes the group, once', async () => {
    const canvas = buildCanvas(groupOfOne);
    const run = await behaviourApp().run(canvas, { faults: crashAfterCommit });
    expect(run.faults).toEqual([{ kind: 'crashAfterCommit', where: 'crash right after the commit of r.0 (ok) (SUCCESS)' }]);
    expect(checkRun(run, expectedOf(canvas))).toEqual([]);
  });

  it('the same case hangs the join that counts deliveries', async () => {
    const canvas = buildCanvas(groupOfOne);
    const run = await behaviourApp({ store: (clock) => new BrokenJoinStore(clock) }).run(canvas, { faults: crashAfterCommit });
    expect(checkRun(run, expectedOf(canvas))).toEqual(['the workflow never reached a final state']);
  });

  const ok = (extra: Partial<Extract<Shape, { k: 'task' }>> = {}): Shape => ({ k: 'task', b: 'ok', immutable: false, retries: 0, cb: { link: false, errback: false }, ...extra });

  it('a revoke issued before the first step commits ends the chain REVOKED, and its second step never runs', async () => {
    const canvas = buildCanvas({ k: 'chain', steps: [ok(), ok()], cb: { link: true, errback: false } });
    const run = await behaviourApp().run(canvas, { faults: [{ kind: 'revoke', at: 0 }] });
    expect(run.revoke).toEqual({ terminate: false, found: { status: 'REVOKED', reason: 'revoked' } });
    expect(run.outcome?.status).toBe('REVOKED');
    expect(run.received.has('r.1')).toBe(false);
    expect(run.nodes.get('r.1')?.state).toBe('REVOKED');
    expect(checkRun(run, expectedOf(canvas))).toEqual([]);
  });

  it('a step whose expiry passes while the step before it waits ends REVOKED without running, and so does the chain', async () => {
    const canvas = buildCanvas({ k: 'chain', steps: [ok({ opts: { countdown: 1000 } }), ok({ expires: { when: 'lapsed', form: 'ms', by: 500 } })], cb: { link: false, errback: true } });
    expect(JSON.stringify(canvas)).toContain('"expires":499');
    const run = await behaviourApp().run(canvas);
    expect(run.outcome).toEqual({ status: 'REVOKED', reason: 'expired before it started' });
    expect(run.received.has('r.0')).toBe(true);
    expect(run.received.has('r.1')).toBe(false);
    expect(checkRun(run, expectedOf(canvas))).toEqual([]);
  });

  it('a duplicate placed on redeliveries lands on the delivery a crash brought about', async () => {
    const run = await behaviourApp().run(buildCanvas(ok()), { faults: [{ kind: 'crashBeforeCommit', at: 0 }, { kind: 'duplicate', at: 0, redelivered: true }] });
    expect(run.faults.map((f) => f.where)).toEqual([
      'crash before the commit of r (ok) (SUCCESS)',
      'duplicate delivery of r (ok) attempt 1 after the first finished, in a redelivery',
    ]);
    expect(checkRun(run, expectedOf(buildCanvas(ok())))).toEqual([]);
  });
});
