import type { ErrorObject } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaComplaints } from '../../../canvas/document/params-errors.js';

describe('when a literal of the schema is not JSON', () => {
  it('quotes it as String() writes it', () => {
    // A task contract is a schema written in code, so its `const` may be a bigint, which JSON.stringify refuses.
    const error: ErrorObject = { keyword: 'const', instancePath: '/v', schemaPath: '#/const', params: { allowedValue: 10n }, data: 1 };
    expect(schemaComplaints([error]).map((c) => c.phrase)).toEqual(['must be `10`, got `1` (number)']);
  });
});
