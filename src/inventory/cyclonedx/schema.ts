import { z } from 'zod';

/** The part of a CycloneDX 1.5/1.6 component Patchline reads; everything else is ignored. */
export interface CdxComponent {
  readonly type: string;
  readonly name: string;
  readonly version?: string | undefined;
  readonly purl?: string | undefined;
  readonly components?: readonly CdxComponent[] | undefined;
  readonly properties?:
    readonly { readonly name: string; readonly value?: string | undefined }[] | undefined;
}

export const CdxComponent: z.ZodType<CdxComponent> = z.lazy(() =>
  z.object({
    type: z.string(),
    name: z.string().min(1),
    version: z.string().optional(),
    purl: z.string().optional(),
    components: z.array(CdxComponent).optional(),
    properties: z.array(z.object({ name: z.string(), value: z.string().optional() })).optional(),
  }),
);

/**
 * A CycloneDX JSON BOM (https://cyclonedx.org/docs/1.6/json/). Components stay `unknown` here
 * so one bad component becomes a diagnostic instead of failing the document.
 */
export const CdxBom = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.string().regex(/^1\.\d+$/, 'expected a 1.x specVersion'),
  metadata: z.object({ component: z.unknown().optional() }).optional(),
  components: z.array(z.unknown()).optional(),
});
export type CdxBom = z.infer<typeof CdxBom>;
