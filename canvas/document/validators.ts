import { Ajv2020, type SchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { workflowSchema, type KindKey } from './schema.js';

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, which also has itself as `.default`.
const addFormats = addFormatsModule.default;

export interface Validators {
  /** The published schema, whole: the authority on whether a document is valid. */
  readonly document: ValidateFunction;
  /**
   * One node of the given kind checked on its own: its child nodes are accepted as anything, because the
   * caller visits them itself. This gives precise errors for one node instead of the `oneOf` noise of the whole.
   */
  readonly node: (kind: KindKey, atRoot: boolean) => ValidateFunction;
}

let compiled: Validators | undefined;

/** The validators, compiled on first use and then shared: compiling takes far longer than validating. */
export function validators(): Validators {
  compiled ??= compile();
  return compiled;
}

const nodeSchemaId = 'https://celeriac.dev/schema/workflow-node.json';

function compile(): Validators {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv, ['date-time']);
  const document = ajv.compile(workflowSchema as unknown as SchemaObject);
  ajv.addSchema({ $id: nodeSchemaId, $defs: withoutNodeRefs(workflowSchema.$defs) as SchemaObject });
  const byKind = new Map<string, ValidateFunction>();
  for (const kind of ['task', 'chain', 'group', 'chord'] as const) {
    for (const suffix of ['Node', 'Document']) {
      const validate = ajv.getSchema(`${nodeSchemaId}#/$defs/${kind}${suffix}`);
      if (!validate) throw new Error(`celeriac: the workflow schema has no $defs/${kind}${suffix}`);
      byKind.set(`${kind}${suffix}`, validate);
    }
  }
  return { document, node: (kind, atRoot) => byKind.get(`${kind}${atRoot ? 'Document' : 'Node'}`)! };
}

/** A deep copy of the schema with every reference to a node replaced by `true` (anything). */
function withoutNodeRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNodeRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  if ((schema as { $ref?: unknown }).$ref === '#/$defs/node') return true;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withoutNodeRefs(value)]));
}
