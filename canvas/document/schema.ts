/**
 * The JSON Schema (draft 2020-12) of a workflow document. This object is the source of truth:
 * `schema/workflow.schema.json` at the repository root is a copy for editors and other tools, and
 * `specs/unit/document/schema-file.test.ts` fails when the two differ; after changing this file, rewrite the copy with
 * `npx vitest run specs/unit/document/schema-file.test.ts --update`.
 *
 * A node is exactly one of task, chain, group or chord, each with optional `options`, `link` and `linkError`.
 * The root is a node that may also carry `$schema`, `name`, `description` and `params`. Because
 * `additionalProperties` cannot see through `$ref`, each node kind appears twice in `$defs`: as a nested node
 * and as a document root with the extra root keys.
 *
 * A node's kind is told by its kind key with `if`/`then`/`else`, not with `oneOf`: a validator collecting
 * all errors checks every `oneOf` branch in full, and since every branch has `link`, that takes 4^depth
 * steps on a chain of links (16 levels were enough to hang). Exactly one kind still holds: each kind's
 * schema forbids the other kind keys.
 */

/** `{ "task": ... }` is checked as a task node, else `{ "chain": ... }` as a chain... and anything else as a chord. */
function byKind<S extends 'Node' | 'Document'>(suffix: S) {
  const ref = <K extends string>(kind: K) => ({ $ref: `#/$defs/${kind}${suffix}` }) as const;
  return {
    type: 'object',
    if: { required: ['task'] },
    then: ref('task'),
    else: { if: { required: ['chain'] }, then: ref('chain'), else: { if: { required: ['group'] }, then: ref('group'), else: ref('chord') } },
  } as const;
}

const nodeRef = { $ref: '#/$defs/node' } as const;

const taskFields = {
  task: { type: 'string', minLength: 1, description: 'Name of a registered task.' },
  args: { type: 'array', description: 'Arguments, as JSON values. A partial task also receives its parent\'s result first.' },
  immutable: { type: 'boolean', description: 'When true, the parent\'s result is not prepended to `args`.' },
} as const;

const chainFields = {
  chain: { type: 'array', minItems: 1, items: nodeRef, description: 'Steps run one after another; each result is passed on to the next.' },
} as const;

const groupFields = {
  group: { type: 'array', items: nodeRef, description: 'Members run in parallel; the result is the list of their results.' },
} as const;

const chordFields = {
  chord: {
    type: 'object',
    required: ['header', 'body'],
    properties: {
      header: { type: 'array', items: nodeRef, description: 'Members run in parallel.' },
      body: { ...nodeRef, description: 'Runs once with the list of header results as its first argument.' },
    },
    additionalProperties: false,
  },
} as const;

const commonFields = {
  options: { $ref: '#/$defs/options' },
  link: { type: 'array', items: nodeRef, description: 'Nodes run after this node succeeds, with its result.' },
  linkError: { type: 'array', items: nodeRef, description: 'Nodes run if this node fails, with a description of the failure.' },
} as const;

const documentFields = {
  $schema: { type: 'string', description: 'The schema this document follows, for editors.' },
  name: { type: 'string' },
  description: { type: 'string' },
  params: { type: 'object', description: 'A JSON Schema for the parameters of the workflow; args refer to them as { "$param": "name" }, and running the workflow validates the values given against this schema first.' },
} as const;

const dateTime = { type: 'string', format: 'date-time' } as const;

/**
 * The JSON Schema of a workflow document, for tools that validate documents themselves.
 * @example
 * const validate = new Ajv2020().compile(workflowSchema); // with ajv-formats for `date-time`
 * validate({ chain: [{ task: 'add', args: [2, 2] }, { task: 'mul', args: [8] }] }); // true
 */
export const workflowSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://celeriac.dev/schema/workflow.json',
  title: 'Celeriac workflow',
  description: 'A workflow of tasks: a task, chain, group or chord node, with optional document metadata.',
  ...byKind('Document'),
  $defs: {
    node: byKind('Node'),
    taskNode: { type: 'object', required: ['task'], properties: { ...taskFields, ...commonFields }, additionalProperties: false },
    chainNode: { type: 'object', required: ['chain'], properties: { ...chainFields, ...commonFields }, additionalProperties: false },
    groupNode: { type: 'object', required: ['group'], properties: { ...groupFields, ...commonFields }, additionalProperties: false },
    chordNode: { type: 'object', required: ['chord'], properties: { ...chordFields, ...commonFields }, additionalProperties: false },
    taskDocument: { type: 'object', required: ['task'], properties: { ...documentFields, ...taskFields, ...commonFields }, additionalProperties: false },
    chainDocument: { type: 'object', required: ['chain'], properties: { ...documentFields, ...chainFields, ...commonFields }, additionalProperties: false },
    groupDocument: { type: 'object', required: ['group'], properties: { ...documentFields, ...groupFields, ...commonFields }, additionalProperties: false },
    chordDocument: { type: 'object', required: ['chord'], properties: { ...documentFields, ...chordFields, ...commonFields }, additionalProperties: false },
    options: {
      type: 'object',
      description: 'Task options. On a chain, group or chord they are defaults for every task inside.',
      properties: {
        retries: { type: 'integer', minimum: 0 },
        backoff: { $ref: '#/$defs/backoff' },
        countdown: { type: 'number', minimum: 0, description: 'Milliseconds to wait before the first attempt.' },
        eta: { ...dateTime, description: 'When to start.' },
        expires: { anyOf: [{ type: 'number', minimum: 0 }, dateTime], description: 'Milliseconds after apply, or a date-time.' },
        timeout: { type: 'number', exclusiveMinimum: 0, description: 'Milliseconds one attempt may take.' },
        priority: { type: 'integer', minimum: 1, maximum: 2097151, description: '1 runs first.' },
        queue: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
        rateLimit: { type: 'string', pattern: '^\\s*0*[1-9][0-9]*\\s*/\\s*[smh]\\s*$', description: "Starts per second, minute or hour: '10/s', '100/m', '5/h'." },
        retryOn: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Error names that are retried; any other error fails the task at once.' },
      },
      additionalProperties: false,
      not: { required: ['countdown', 'eta'] },
    },
    backoff: {
      type: 'object',
      required: ['type', 'delay'],
      properties: {
        type: { enum: ['fixed', 'exponential'] },
        delay: { type: 'number', minimum: 0 },
        jitter: { type: 'number', minimum: 0, maximum: 1 },
        maxDelay: { type: 'number', minimum: 0, description: 'The longest wait in milliseconds, however many attempts failed.' },
      },
      additionalProperties: false,
    },
  },
} as const;

/** Every key a node may have, whatever its kind (what a misspelt key is compared with). */
export const nodeKeys = ['task', 'args', 'immutable', 'options', 'link', 'linkError', 'chain', 'group', 'chord'] as const;

/** The keys that say what kind a node is; a node has exactly one. */
export const kindKeys = ['task', 'chain', 'group', 'chord'] as const;
export type KindKey = (typeof kindKeys)[number];

/** Keys only the document root may have. */
export const documentKeys = ['$schema', 'name', 'description', 'params'] as const;
