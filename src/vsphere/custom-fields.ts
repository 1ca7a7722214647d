import { AppError, ErrorCode } from '../domain/errors.js';
import type { VimClient } from './client.js';
import { retrieveOne } from './property-collector.js';
import type { CallOptions, MoRef } from './types.js';
import { asNumber, asObject, asString, list } from './values.js';

export interface CustomFieldDef {
  readonly key: number;
  readonly name: string;
  readonly managedObjectType?: string;
}

/** `CustomFieldsManager.field`: every custom attribute defined on the server. */
export async function listCustomFields(
  client: VimClient,
  opts: CallOptions = {},
): Promise<CustomFieldDef[]> {
  const props = await retrieveOne(
    client,
    client.serviceContent.customFieldsManager,
    ['field'],
    opts,
  );
  const out: CustomFieldDef[] = [];
  for (const f of list(props.get('field'))) {
    const o = asObject(f);
    const key = asNumber(o?.key);
    const name = asString(o?.name);
    if (key === undefined || name === undefined) continue;
    const moType = asString(o?.managedObjectType);
    out.push(moType === undefined ? { key, name } : { key, name, managedObjectType: moType });
  }
  return out;
}

/**
 * The key of custom attribute `name` for `moType`, defining it (AddCustomFieldDef) when absent.
 * Safe under races: a DuplicateName from a concurrent definer is answered by re-reading.
 */
export async function ensureCustomField(
  client: VimClient,
  name: string,
  moType = 'VirtualMachine',
  opts: CallOptions = {},
): Promise<number> {
  const find = async (): Promise<number | undefined> =>
    (await listCustomFields(client, opts)).find(
      (f) =>
        f.name === name && (f.managedObjectType === undefined || f.managedObjectType === moType),
    )?.key;
  const existing = await find();
  if (existing !== undefined) return existing;
  try {
    await client.invoke(
      'AddCustomFieldDef',
      client.serviceContent.customFieldsManager,
      [
        ['name', name],
        ['moType', moType],
      ],
      opts,
    );
  } catch (e) {
    if (!(e instanceof AppError) || e.details?.fault !== 'DuplicateName') throw e;
  }
  const key = await find();
  if (key === undefined) {
    throw new AppError(
      ErrorCode.VsphereFault,
      `custom attribute ${name} not found after definition`,
    );
  }
  return key;
}

/** `CustomFieldsManager.SetField`: sets attribute `key` on `entity`. */
export async function setCustomField(
  client: VimClient,
  entity: MoRef,
  key: number,
  value: string,
  opts: CallOptions = {},
): Promise<void> {
  await client.invoke(
    'SetField',
    client.serviceContent.customFieldsManager,
    [
      ['entity', entity],
      ['key', key],
      ['value', value],
    ],
    opts,
  );
}
