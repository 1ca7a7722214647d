import { z } from 'zod';

/** `{ "Value": "…" }` wrapper the MSRC v3 JSON uses for text nodes. */
const Value = z.object({ Value: z.string().nullish() }).loose().nullish();
const Ids = z.array(z.string()).nullish();
/** CVRF enumerations arrive as numbers in the JSON form and as words in XML. */
const TypeCode = z.union([z.number(), z.string()]).nullish();

export const CvrfJsonVulnerability = z
  .object({
    CVE: z.string().min(1),
    Title: Value,
    ProductStatuses: z.array(z.object({ ProductID: Ids, Type: TypeCode }).loose()).nullish(),
    Threats: z
      .array(z.object({ Description: Value, ProductID: Ids, Type: TypeCode }).loose())
      .nullish(),
    CVSSScoreSets: z
      .array(
        z.object({ BaseScore: z.number(), Vector: z.string().nullish(), ProductID: Ids }).loose(),
      )
      .nullish(),
    Remediations: z
      .array(
        z
          .object({
            Description: Value,
            URL: z.string().nullish(),
            Supercedence: z.string().nullish(),
            ProductID: Ids,
            Type: TypeCode,
            RestartRequired: Value,
            SubType: z.string().nullish(),
            FixedBuild: z.string().nullish(),
          })
          .loose(),
      )
      .nullish(),
    RevisionHistory: z.array(z.object({ Date: z.string().nullish() }).loose()).nullish(),
  })
  .loose();
export type CvrfJsonVulnerability = z.infer<typeof CvrfJsonVulnerability>;

const ProductItem = z.object({ ProductID: z.string(), Value: z.string().nullish() }).loose();

/** api.msrc.microsoft.com/cvrf/v3.0/cvrf/{id} with `Accept: application/json`. */
export const CvrfJsonDocument = z
  .object({
    DocumentTitle: Value,
    DocumentTracking: z
      .object({
        Identification: z.object({ ID: Value }).loose().nullish(),
        InitialReleaseDate: z.string().nullish(),
        CurrentReleaseDate: z.string().nullish(),
      })
      .loose(),
    ProductTree: z
      .object({ Branch: z.unknown(), FullProductName: z.array(ProductItem).nullish() })
      .partial()
      .loose()
      .nullish(),
    Vulnerability: z.unknown().optional(),
  })
  .loose();
export type CvrfJsonDocument = z.infer<typeof CvrfJsonDocument>;

export const CvrfJsonProduct = ProductItem;
