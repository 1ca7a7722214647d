import type { VimValue } from './types.js';
import { asObject, asString, list } from './values.js';

/** What VMware Tools reports about the guest (VirtualMachine.guest). */
export interface GuestIdentity {
  readonly guestId?: string;
  readonly guestFamily?: string;
  readonly guestFullName?: string;
  readonly hostName?: string;
  readonly ipAddresses: readonly string[];
  readonly toolsRunningStatus?: string;
}

/** Builds the guest identity from `guest.*` properties; IPs come from `guest.net` then `guest.ipAddress`. */
export function guestIdentity(props: ReadonlyMap<string, VimValue>): GuestIdentity {
  const ips = new Set<string>();
  for (const nic of list(props.get('guest.net'))) {
    for (const ip of list(asObject(nic)?.ipAddress)) {
      const s = asString(ip);
      if (s) ips.add(s);
    }
  }
  const primary = asString(props.get('guest.ipAddress'));
  if (primary) ips.add(primary);
  const out: Record<string, unknown> = { ipAddresses: [...ips] };
  const fields = {
    guestId: 'guest.guestId',
    guestFamily: 'guest.guestFamily',
    guestFullName: 'guest.guestFullName',
    hostName: 'guest.hostName',
    toolsRunningStatus: 'guest.toolsRunningStatus',
  } as const;
  for (const [k, path] of Object.entries(fields)) {
    const v = asString(props.get(path));
    if (v) out[k] = v;
  }
  return out as unknown as GuestIdentity;
}
