import type { VimClient } from './client.js';
import type { SoapObject } from './encode.js';
import type { CallOptions, MoRef, VimValue } from './types.js';
import { decodeValue, refOf, returnRef } from './values.js';
import { child, childrenNamed, childText, type XmlElement } from './xml.js';

/** One object's requested properties (`ObjectContent`); `missing` lists paths the server could not read. */
export interface ObjectContent {
  readonly obj: MoRef;
  readonly props: ReadonlyMap<string, VimValue>;
  readonly missing: readonly string[];
}

export interface RetrievePage {
  readonly objects: readonly ObjectContent[];
  /** Paging token (`RetrieveResult.token`); absent on the last page. */
  readonly token?: string;
}

/** Reads a `RetrieveResult` (the `returnval` of RetrievePropertiesEx / ContinueRetrievePropertiesEx). */
export function readRetrieveResult(res: XmlElement): RetrievePage {
  const rv = child(res, 'returnval');
  if (!rv) return { objects: [] };
  const objects: ObjectContent[] = [];
  for (const oc of childrenNamed(rv, 'objects')) {
    const obj = refOf(child(oc, 'obj'));
    if (!obj) continue;
    const props = new Map<string, VimValue>();
    for (const p of childrenNamed(oc, 'propSet')) {
      const name = childText(p, 'name');
      const val = child(p, 'val');
      if (name !== undefined && val) props.set(name, decodeValue(val));
    }
    const missing = childrenNamed(oc, 'missingSet').map((m) => childText(m, 'path') ?? '');
    objects.push({ obj, props, missing });
  }
  const token = childText(rv, 'token');
  return token ? { objects, token } : { objects };
}

export interface RetrieveOptions extends CallOptions {
  /** Page size hint (`RetrieveOptions.maxObjects`); the server may return fewer or ignore it. */
  readonly maxObjects?: number;
}

/**
 * Retrieves properties of every object `filterSpec` selects, following `token` through
 * ContinueRetrievePropertiesEx until the last page (vSphere API, PropertyCollector
 * "RetrievePropertiesEx"). Abandoned iterations cancel the server-side result set.
 */
export async function* retrievePages(
  client: VimClient,
  filterSpec: SoapObject,
  opts: RetrieveOptions = {},
): AsyncGenerator<RetrievePage> {
  const pc = client.serviceContent.propertyCollector;
  const options: SoapObject = { maxObjects: opts.maxObjects };
  let page = readRetrieveResult(
    await client.invoke(
      'RetrievePropertiesEx',
      pc,
      [
        ['specSet', filterSpec],
        ['options', options],
      ],
      opts,
    ),
  );
  let done = false;
  try {
    yield page;
    while (page.token) {
      page = readRetrieveResult(
        await client.invoke('ContinueRetrievePropertiesEx', pc, [['token', page.token]], opts),
      );
      yield page;
    }
    done = true;
  } finally {
    if (!done && page.token) {
      await client
        .invoke('CancelRetrievePropertiesEx', pc, [['token', page.token]])
        .catch(() => undefined);
    }
  }
}

export interface ContainerQuery extends RetrieveOptions {
  /** Managed object type, e.g. `VirtualMachine`. */
  readonly type: string;
  readonly pathSet: readonly string[];
  /** Where to look; default the root folder. */
  readonly container?: MoRef;
}

/**
 * Every object of `type` under `container` with `pathSet` read in bulk: one container view and
 * one property-collector pass, no per-object round trips. The view is destroyed afterwards.
 */
export async function* retrieveContainer(
  client: VimClient,
  q: ContainerQuery,
): AsyncGenerator<ObjectContent> {
  const sc = client.serviceContent;
  const created = await client.invoke(
    'CreateContainerView',
    sc.viewManager,
    [
      ['container', q.container ?? sc.rootFolder],
      ['type', q.type],
      ['recursive', true],
    ],
    q,
  );
  const view = returnRef(created);
  try {
    const spec: SoapObject = {
      propSet: { type: q.type, pathSet: [...q.pathSet] },
      objectSet: {
        obj: view,
        skip: true,
        selectSet: {
          $type: 'TraversalSpec',
          name: 'view',
          type: 'ContainerView',
          path: 'view',
          skip: false,
        },
      },
    };
    for await (const page of retrievePages(client, spec, q)) yield* page.objects;
  } finally {
    await client.invoke('DestroyView', view, []).catch(() => undefined);
  }
}

/** Reads `pathSet` of one object. Throws VSPHERE_OBJECT_NOT_FOUND when it does not exist. */
export async function retrieveOne(
  client: VimClient,
  obj: MoRef,
  pathSet: readonly string[],
  opts: CallOptions = {},
): Promise<ReadonlyMap<string, VimValue>> {
  const spec: SoapObject = {
    propSet: { type: obj.type, pathSet: [...pathSet] },
    objectSet: { obj, skip: false },
  };
  for await (const page of retrievePages(client, spec, opts)) {
    const found = page.objects.find((o) => o.obj.value === obj.value);
    if (found) return found.props;
  }
  return new Map();
}
