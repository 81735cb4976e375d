import type { ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { documentOptionProblems } from '../../../canvas/document/options-problems.js';

/**
 * documentOptionProblems says a schema error in ajv's words only for an option optionProblems found nothing
 * wrong with. The real schema never refuses such an option (specs/property/document/options-rule.test.ts), so
 * a parsed document never reaches that code; these errors are made by hand, as a schema that had drifted from
 * optionProblems would report them. Their paths are relative to the node, as nodeProblems passes them.
 */
function schemaError(instancePath: string, message?: string): ErrorObject {
  return { instancePath, schemaPath: '#/$defs/options', keyword: 'drifted', params: {}, ...(message === undefined ? {} : { message }) };
}

const at = '/chain/0/options';

describe('when the schema refuses an option optionProblems accepts', () => {
  it("says so in ajv's words, at the option", () => {
    expect(documentOptionProblems({ queue: 'q', retries: 1 }, at, [schemaError('/options/queue', 'must match pattern "^x$"')])).toEqual([
      { path: '/chain/0/options/queue', message: 'Option `queue` must match pattern "^x$"' },
    ]);
  });

  it('says it once per option, with the first error, for errors inside the option too', () => {
    const errors = [schemaError('/options/backoff/delay', 'must be <= 10'), schemaError('/options/backoff/type', 'must be equal to one of the allowed values'), schemaError('/options/backoff', 'must have 2 keys')];
    expect(documentOptionProblems({ backoff: { type: 'fixed', delay: 100 } }, at, errors)).toEqual([{ path: '/chain/0/options/backoff', message: 'Option `backoff` must be <= 10' }]);
  });

  it('says the option is invalid when ajv gave no message', () => {
    expect(documentOptionProblems({ timeout: 5 }, at, [schemaError('/options/timeout')])).toEqual([{ path: '/chain/0/options/timeout', message: 'Option `timeout` is invalid' }]);
  });

  it('leaves out errors about the options object itself: optionProblems reports unknown options and countdown-with-eta', () => {
    expect(documentOptionProblems({ retries: 1 }, at, [schemaError('/options', 'must NOT have additional properties')])).toEqual([]);
  });
});

describe('when optionProblems already said what is wrong with the option', () => {
  it('leaves the schema error out', () => {
    expect(documentOptionProblems({ retries: -1, backoff: { type: 'linear', delay: 1 } }, at, [schemaError('/options/retries', 'must be >= 0'), schemaError('/options/backoff/type', 'must be equal to one of the allowed values')])).toEqual([
      { path: '/chain/0/options/retries', message: 'Expected `retries` to be a whole number from 0 and up, got `-1` (number)' },
      { path: '/chain/0/options/backoff/type', message: "Expected backoff `type` to be 'fixed' or 'exponential', got `'linear'` (string)" },
    ]);
  });

  it('counts an eta that is only in conflict with countdown as not said: that says nothing about its value', () => {
    const conflict = { path: '/chain/0/options/eta', message: 'Set either `countdown` or `eta`, not both' };
    const etaError = schemaError('/options/eta', 'must match format "date-time"');
    expect(documentOptionProblems({ countdown: 1, eta: '2030-01-31T09:00:00Z' }, at, [etaError])).toEqual([conflict, { path: '/chain/0/options/eta', message: 'Option `eta` must match format "date-time"' }]);
    const badEta = { path: '/chain/0/options/eta', message: "Expected `eta` to be an RFC 3339 date-time string such as `2030-01-31T09:00:00Z`, got `'soon'` (string)" };
    expect(documentOptionProblems({ countdown: 1, eta: 'soon' }, at, [etaError])).toEqual([badEta, conflict]);
    expect(documentOptionProblems({ eta: 'soon' }, at, [etaError])).toEqual([badEta]);
    const badCountdown = { path: '/chain/0/options/countdown', message: 'Expected `countdown` to be a number of milliseconds from 0 and up, got `-1` (number)' };
    expect(documentOptionProblems({ countdown: -1, eta: 'soon' }, at, [schemaError('/options/countdown', 'must be >= 0')])).toEqual([badCountdown, badEta, conflict]);
  });
});
