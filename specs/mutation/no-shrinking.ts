import fc from 'fast-check';

// Under mutation testing a property only has to fail, not to explain why: shrinking a mutant's counterexample
// re-runs the simulation hundreds of times and would cost most of the run.
fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
