import { z } from 'zod';
import { PolicySchema } from './schema.js';

/**
 * JSON Schema (draft 2020-12) of the policy file for editors (yaml-language-server and the like),
 * generated from the zod schema in input mode, so keys with defaults are optional. Cross-field
 * rules (`checks/`) are not expressible here; `patchline policy check` applies them.
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'urn:patchline:schema:policy:1',
    title: 'Patchline policy (version 1)',
  };
}

/** The schema as the committed samples/policy/patchline-policy.schema.json holds it. */
export function policyJsonSchemaText(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
