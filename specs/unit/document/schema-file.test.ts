import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { workflowSchema } from '../../../canvas/document/index.js';

const file = join(import.meta.dirname, '..', '..', '..', 'schema', 'workflow.schema.json');

describe('when the published schema file is compared with workflowSchema', () => {
  // canvas/document/schema.ts is the source; after changing it, rewrite the file with
  // npx vitest run specs/unit/document/schema-file.test.ts --update
  it('holds exactly the same schema, as written by JSON.stringify', async () => {
    await expect(`${JSON.stringify(workflowSchema, null, 2)}\n`).toMatchFileSnapshot(file);
  });
});

describe('when another tool validates documents with the published file', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormatsModule.default(ajv, ['date-time']);
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);

  it('accepts the API example and a document with metadata', () => {
    const example = {
      chain: [{ task: 'add', args: [2, 2] }, { chord: { header: [{ task: 'add', args: [1] }, { task: 'add', args: [2] }], body: { task: 'xsum' } } }],
    };
    expect(validate(example)).toBe(true);
    expect(validate({ $schema: 'https://celeriac.dev/schema/workflow.json', name: 'n', description: 'd', params: {}, group: [] })).toBe(true);
  });

  it('rejects a node with two kinds, a nested `name`, a chord without body and an empty chain', () => {
    expect(validate({ task: 'a', chain: [{ task: 'b' }] })).toBe(false);
    expect(validate({ chain: [{ task: 'a', name: 'x' }] })).toBe(false);
    expect(validate({ chord: { header: [] } })).toBe(false);
    expect(validate({ chain: [] })).toBe(false);
    expect(validate({ task: 'a', options: { countdown: 1, eta: '2030-01-31T09:00:00Z' } })).toBe(false);
  });
});
