import type { XmlElement } from '../common/xml.js';

/** The parts of an OVAL test Patchline reads (OVAL 5.11.2 §4.3 TestType). */
export interface OvalTest {
  readonly id: string;
  /** Local element name: `rpminfo_test`, `dpkginfo_test`, `textfilecontent54_test` … */
  readonly kind: string;
  readonly comment: string;
  readonly objectRef?: string;
  readonly stateRefs: readonly string[];
  /** `check_existence`; `none_exist` makes the test true only when the package is absent. */
  readonly checkExistence: string;
}

/** A package object: its names (literal or from a variable) or, for manifests, a name pattern. */
export interface OvalObject {
  readonly id: string;
  readonly kind: string;
  readonly name?: string;
  /** `var_ref` of the name (dpkginfo) or of the pattern (Ubuntu's textfilecontent54 manifests). */
  readonly varRef?: string;
  readonly filename?: string;
}

/** A version comparison read from a state's `evr` (rpm/dpkg) or `subexpression` (manifests). */
export interface OvalVersionCheck {
  readonly operation: string;
  readonly value: string;
  readonly datatype: string;
}

export interface OvalState {
  readonly id: string;
  readonly kind: string;
  /** 1-based line of the state's start tag, when the scanner gave one. */
  readonly line?: number;
  readonly version?: OvalVersionCheck;
  /** `arch` pattern, e.g. `aarch64|ppc64le|s390x|x86_64`. */
  readonly arch?: string;
  /** The state checks a signing key only (Red Hat's "signed with … key" tests). */
  readonly signatureOnly: boolean;
}

/** Everything besides definitions, indexed by id. */
export interface OvalIndex {
  readonly tests: Map<string, OvalTest>;
  readonly objects: Map<string, OvalObject>;
  readonly states: Map<string, OvalState>;
  readonly variables: Map<string, readonly string[]>;
}

export function emptyIndex(): OvalIndex {
  return { tests: new Map(), objects: new Map(), states: new Map(), variables: new Map() };
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** Adds one item of the tests/objects/states/variables sections; ignores what has no id. */
export function indexItem(index: OvalIndex, section: string, el: XmlElement, line?: number): void {
  const id = el.attrs['id'];
  if (!id) return;
  switch (section) {
    case 'tests':
      index.tests.set(id, {
        id,
        kind: el.name,
        comment: el.attrs['comment'] ?? '',
        ...optional('objectRef', child(el, 'object')?.attrs['object_ref']),
        stateRefs: el.children
          .filter((c) => c.name === 'state')
          .map((c) => c.attrs['state_ref'] ?? '')
          .filter(Boolean),
        checkExistence: el.attrs['check_existence'] ?? 'at_least_one_exists',
      });
      return;
    case 'objects': {
      const name = child(el, 'name');
      const pattern = child(el, 'pattern');
      index.objects.set(id, {
        id,
        kind: el.name,
        ...optional('name', name?.text.trim() || undefined),
        ...optional('varRef', name?.attrs['var_ref'] ?? pattern?.attrs['var_ref']),
        ...optional('filename', child(el, 'filename')?.text.trim()),
      });
      return;
    }
    case 'states': {
      const v = child(el, 'evr') ?? child(el, 'subexpression');
      const sig = child(el, 'signature_keyid');
      index.states.set(id, {
        id,
        kind: el.name,
        ...optional('line', line),
        ...optional(
          'version',
          v && {
            operation: v.attrs['operation'] ?? 'equals',
            value: v.text.trim(),
            datatype: v.attrs['datatype'] ?? 'string',
          },
        ),
        ...optional('arch', child(el, 'arch')?.text.trim() || undefined),
        signatureOnly: sig !== undefined && v === undefined,
      });
      return;
    }
    case 'variables':
      index.variables.set(
        id,
        el.children.filter((c) => c.name === 'value').map((c) => c.text.trim()),
      );
      return;
    default:
      return;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
