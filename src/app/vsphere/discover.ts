import {
  asBoolean,
  asMoRef,
  asNumber,
  asObject,
  asString,
  guestIdentity,
  guestPaths,
  list,
  listCustomFields,
  retrieveContainer,
  type CallOptions,
  type GuestIdentity,
  type VimClient,
  type VimValue,
  type AttachedTag,
} from '../../vsphere/index.js';

/** One VM or template as one bulk read sees it. */
export interface DiscoveredVm {
  readonly moref: string;
  readonly name: string;
  readonly template: boolean;
  readonly instanceUuid: string;
  /** `config.changeVersion`, else `config.modified` (vcsim leaves changeVersion empty). */
  readonly changeVersion: string;
  /** `DC0/vm/builds`: datacenter, then folders down to the VM's parent. */
  readonly folderPath: string;
  readonly datacenter: string;
  /** `DC0_C0/Resources/web`: compute resource, then pools down to the VM's pool. */
  readonly resourcePool: string | null;
  readonly powerState: string | null;
  readonly guest: GuestIdentity;
  /** Custom attribute values by attribute name. */
  readonly attributes: Readonly<Record<string, string>>;
  /** vSphere tags (from the tagging service, when it answers). */
  readonly tags?: readonly AttachedTag[];
}

const vmPaths = [
  'name',
  'parent',
  'resourcePool',
  'customValue',
  'runtime.powerState',
  'config.template',
  'config.instanceUuid',
  'config.changeVersion',
  'config.modified',
  'config.guestId',
  'config.guestFullName',
  ...guestPaths,
] as const;

interface Node {
  readonly name: string;
  readonly parent: string | undefined;
  readonly type: string;
}

async function readTree(client: VimClient, opts: CallOptions): Promise<Map<string, Node>> {
  const nodes = new Map<string, Node>();
  for (const type of ['Folder', 'Datacenter', 'ComputeResource', 'ResourcePool']) {
    for await (const o of retrieveContainer(client, {
      ...opts,
      type,
      pathSet: ['name', 'parent'],
    })) {
      nodes.set(o.obj.value, {
        name: asString(o.props.get('name')) ?? o.obj.value,
        parent: asMoRef(o.props.get('parent'))?.value,
        type: o.obj.type,
      });
    }
  }
  return nodes;
}

/** Names from the top (below the root folder) down to `start`, inclusive. */
function pathOf(
  nodes: ReadonlyMap<string, Node>,
  start: string | undefined,
  stopAt: (n: Node) => boolean,
): string[] {
  const parts: string[] = [];
  for (let id = start, guard = 0; id && guard < 64; guard++) {
    const n = nodes.get(id);
    if (!n || n.parent === undefined) break;
    parts.unshift(n.name);
    if (stopAt(n)) break;
    id = n.parent;
  }
  return parts;
}

function attributes(
  v: VimValue | undefined,
  fieldNames: ReadonlyMap<number, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cv of list(v)) {
    const o = asObject(cv);
    const key = asNumber(o?.key);
    const name = key === undefined ? undefined : fieldNames.get(key);
    const value = asString(o?.value);
    if (name && value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Every VM and template under the root folder with folder path, resource pool, guest identity
 * and custom attributes: one container-view pass per managed object type (VMs, folders,
 * datacenters, compute resources, pools) plus the attribute definitions; no per-VM calls.
 */
export async function discoverVms(
  client: VimClient,
  opts: CallOptions = {},
): Promise<DiscoveredVm[]> {
  const fieldNames = new Map(
    (await listCustomFields(client, opts)).map((f) => [f.key, f.name] as const),
  );
  const nodes = await readTree(client, opts);
  const out: DiscoveredVm[] = [];
  for await (const o of retrieveContainer(client, {
    ...opts,
    type: 'VirtualMachine',
    pathSet: vmPaths,
  })) {
    const p = o.props;
    const folder = pathOf(nodes, asMoRef(p.get('parent'))?.value, (n) => n.type === 'Datacenter');
    const pool = asMoRef(p.get('resourcePool'))?.value;
    const guest = guestIdentity(p);
    out.push({
      moref: o.obj.value,
      name: asString(p.get('name')) ?? o.obj.value,
      template: asBoolean(p.get('config.template')) ?? false,
      instanceUuid: asString(p.get('config.instanceUuid')) ?? '',
      changeVersion:
        asString(p.get('config.changeVersion')) || (asString(p.get('config.modified')) ?? ''),
      folderPath: folder.join('/'),
      datacenter: folder[0] ?? '',
      resourcePool: pool ? pathOf(nodes, pool, (n) => n.type !== 'ResourcePool').join('/') : null,
      powerState: asString(p.get('runtime.powerState')) ?? null,
      guest: {
        ...guest,
        ...(guest.guestId ? {} : optional('guestId', asString(p.get('config.guestId')))),
        ...(guest.guestFullName
          ? {}
          : optional('guestFullName', asString(p.get('config.guestFullName')))),
      },
      attributes: attributes(p.get('customValue'), fieldNames),
    });
  }
  return out;
}

function optional(key: string, v: string | undefined): Record<string, string> {
  return v ? { [key]: v } : {};
}
