import type { VimEvent } from '../../vsphere/index.js';

/** Custom attribute that carries a VM's lineage on the VM itself, so it outlives event expiry. */
export const LINEAGE_ATTRIBUTE = 'patchline.clonedFrom';

/** Which template version a VM was cloned from, and when. */
export interface Lineage {
  readonly template: string;
  readonly version: string;
  readonly instanceUuid: string;
  readonly clonedAt: string;
}

/** The attribute value: compact JSON with fixed key order, so equal lineages compare equal. */
export function formatLineage(l: Lineage): string {
  return JSON.stringify({
    template: l.template,
    version: l.version,
    instanceUuid: l.instanceUuid,
    clonedAt: l.clonedAt,
  });
}

/** Reads an attribute value; undefined when absent or not written by Patchline. */
export function parseLineage(value: string | undefined): Lineage | undefined {
  if (!value) return undefined;
  try {
    const o = JSON.parse(value) as Record<string, unknown>;
    const { template, version, instanceUuid, clonedAt } = o;
    if ([template, version, instanceUuid, clonedAt].every((x) => typeof x === 'string')) {
      return { template, version, instanceUuid, clonedAt } as Lineage;
    }
  } catch {
    // Someone else's value in our attribute: treat as unknown lineage.
  }
  return undefined;
}

/** A template as discovery saw it: its reference, name and current version. */
export interface TemplateVersion {
  readonly moref: string;
  readonly name: string;
  readonly version: string;
  readonly instanceUuid: string;
}

/**
 * Lineage learned from clone and deploy events (VmClonedEvent.sourceVm,
 * VmDeployedEvent.srcTemplate), keyed by the new VM's moref. A clone of a template takes that
 * template's version; a clone of a VM inherits the source VM's lineage when known (from
 * `known`, e.g. its attribute). Later events win over earlier ones for the same VM.
 */
export function lineageFromEvents(
  events: readonly VimEvent[],
  templates: ReadonlyMap<string, TemplateVersion>,
  known: ReadonlyMap<string, Lineage>,
): Map<string, Lineage> {
  const out = new Map<string, Lineage>();
  for (const e of [...events].sort((a, b) => a.key - b.key)) {
    if (e.type !== 'VmClonedEvent' && e.type !== 'VmDeployedEvent') continue;
    const target = e.vm?.vm?.value;
    const source = (e.type === 'VmClonedEvent' ? e.sourceVm : e.srcTemplate)?.vm?.value;
    if (!target || !source) continue;
    const tpl = templates.get(source);
    if (tpl) {
      out.set(target, {
        template: tpl.name,
        version: tpl.version,
        instanceUuid: tpl.instanceUuid,
        clonedAt: e.createdTime,
      });
      continue;
    }
    const inherited = out.get(source) ?? known.get(source);
    if (inherited) out.set(target, inherited);
  }
  return out;
}
