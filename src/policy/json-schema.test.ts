import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema, policyJsonSchemaText } from './json-schema.js';

const committed = new URL('../../samples/policy/patchline-policy.schema.json', import.meta.url);

describe('policy/json-schema', () => {
  it('matches the committed samples/policy/patchline-policy.schema.json', () => {
    // Compared as JSON so Prettier's layout of the committed file does not matter.
    // Regenerate with: npx tsx src/cli/bin.ts policy schema > samples/policy/patchline-policy.schema.json
    const onDisk: unknown = JSON.parse(readFileSync(committed, 'utf8'));

    expect(onDisk).toEqual(JSON.parse(policyJsonSchemaText()));
  });

  it('is strict and lists the sections', () => {
    const s = policyJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
      required: string[];
    };

    expect(Object.keys(s.properties)).toEqual([
      'version',
      'tiers',
      'assignment',
      'approval',
      'windows',
      'freezes',
      'images',
      'waivers',
      'waiverApprovals',
      'sla',
      'eol',
    ]);
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(['version', 'tiers', 'assignment']);
  });
});
