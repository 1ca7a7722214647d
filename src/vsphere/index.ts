/**
 * vSphere Web Services (vim25 SOAP) client: a small hand-written layer over fast-xml-parser
 * covering what Patchline uses. See docs/decisions/0010-vsphere-client.md.
 */
export { connectVim, type VimClient, type VimClientOptions } from './client.js';
export { normalizeThumbprint, fingerprint256, type TlsTrust } from './transport.js';
export {
  moRef,
  type MoRef,
  type VimValue,
  type VimObject,
  type ServiceContent,
  type CallOptions,
} from './types.js';
export {
  retrieveContainer,
  retrieveOne,
  retrievePages,
  type ObjectContent,
} from './property-collector.js';
export { waitForTask, type TaskProgress, type WaitOptions } from './tasks.js';
export {
  queryEvents,
  collectEvents,
  vmLifecycleEventTypes,
  type VimEvent,
  type VmArgument,
} from './events.js';
export {
  ensureCustomField,
  listCustomFields,
  setCustomField,
  type CustomFieldDef,
} from './custom-fields.js';
export {
  createSnapshot,
  listSnapshots,
  removeSnapshot,
  revertToSnapshot,
  type SnapshotInfo,
  type SnapshotSpec,
} from './snapshots.js';
export {
  cloneVm,
  findByInventoryPath,
  findVmsByName,
  markAsTemplate,
  markAsVirtualMachine,
  moveIntoFolder,
  powerOff,
  powerOn,
  readGuest,
  rename,
  waitForGuestTools,
  guestPaths,
  type CloneOptions,
} from './vm.js';
export { guestIdentity, type GuestIdentity } from './guest.js';
export { asBoolean, asMoRef, asNumber, asObject, asString, list } from './values.js';
export {
  connectTagging,
  type AttachedTag,
  type TaggingClient,
  type TaggingOptions,
} from './tagging.js';
