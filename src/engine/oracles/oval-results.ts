import { XMLParser } from 'fast-xml-parser';
import { AppError, ErrorCode } from '../../domain/errors.js';

/** A definition result as OVAL 5.11 defines it (ResultEnumeration). */
export type OvalResult =
  'true' | 'false' | 'unknown' | 'error' | 'not evaluated' | 'not applicable';

/** What an `oscap oval eval --results` file says about one system. */
export interface OvalResults {
  /** Definition id → result. */
  readonly definitions: ReadonlyMap<string, OvalResult>;
  /** Collected objects whose flag is `error` or `not collected`: the probe failed on them. */
  readonly probeErrors: readonly string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  isArray: (name) => ['system', 'definition', 'object'].includes(name),
});

type Node = Record<string, unknown>;

/**
 * Reads an OVAL results document (OVAL 5.11.2 results schema: `oval_results/results/system`,
 * each with `definitions/definition[@definition_id, @result]` and the system characteristics'
 * `collected_objects/object[@flag]`). Throws INPUT_INVALID when the document has no results.
 */
export function parseOvalResults(xml: string): OvalResults {
  const doc = parser.parse(xml) as Node;
  const root = doc['oval_results'] as Node | undefined;
  const systems = (root?.['results'] as Node | undefined)?.['system'] as Node[] | undefined;
  if (!systems || systems.length === 0) {
    throw new AppError(ErrorCode.InputInvalid, 'not an OVAL results document (no results/system)');
  }
  const definitions = new Map<string, OvalResult>();
  const probeErrors: string[] = [];
  for (const system of systems) {
    for (const def of children(system['definitions'], 'definition')) {
      definitions.set(String(def['definition_id']), String(def['result']) as OvalResult);
    }
    const sc = system['oval_system_characteristics'] as Node | undefined;
    for (const obj of children(sc?.['collected_objects'], 'object')) {
      const flag = String(obj['flag']);
      if (flag === 'error' || flag === 'not collected') {
        probeErrors.push(`${String(obj['id'])}: ${flag}`);
      }
    }
  }
  return { definitions, probeErrors };
}

function children(parent: unknown, name: string): Node[] {
  if (parent === undefined || parent === null || typeof parent !== 'object') return [];
  const list = (parent as Node)[name];
  return Array.isArray(list) ? (list as Node[]) : [];
}
