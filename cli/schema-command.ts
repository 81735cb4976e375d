import { workflowSchema } from '../index.js';

/** `celeriac schema`: the JSON Schema of workflow documents, for editors and other tools. */
export function schemaCommand(): number {
  console.log(JSON.stringify(workflowSchema, null, 2));
  return 0;
}
