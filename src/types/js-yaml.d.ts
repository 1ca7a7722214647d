/** The part of js-yaml 4 the policy loader uses (the package ships no types). */
declare module 'js-yaml' {
  export interface TypeOptions {
    kind: 'scalar' | 'sequence' | 'mapping';
    resolve?: (data: unknown) => boolean;
    construct?: (data: unknown) => unknown;
  }
  export class Type {
    constructor(tag: string, options: TypeOptions);
  }
  export interface Schema {
    extend(types: { implicit?: Type[]; explicit?: Type[] }): Schema;
  }
  export const FAILSAFE_SCHEMA: Schema;
  export function load(text: string, options?: { schema?: Schema; filename?: string }): unknown;
}
