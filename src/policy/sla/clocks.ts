/** A clock row's identity and payload, as the store keeps it (times as ISO 8601). */
export interface ClockRow {
  readonly assetId: string;
  readonly advisory: string;
  readonly package: string;
  readonly severity: string;
  readonly firstSeen: string;
  readonly fixedAt: string | null;
}

/** A finding present now, already attributed to its clock's asset (see {@link clockOwner}). */
export interface SeenFinding {
  readonly assetId: string;
  readonly advisory: string;
  readonly package: string;
  readonly severity: string;
}

export interface ClockPlan {
  /** Rows to write: new clocks, resumed ones, newly fixed ones. */
  readonly put: readonly ClockRow[];
  readonly opened: number;
  readonly resumed: number;
  readonly fixed: number;
}

/**
 * The asset whose clock a finding runs on (docs/decisions/0040-sla-clocks.md): an image's own;
 * a clone's image version for an inherited finding (cloning never resets a clock); the host's
 * own for a finding it introduced or when its image is unknown.
 */
export function clockOwner(
  asset: { readonly id: string; readonly kind: string },
  origin: string | null,
  imageId: string | null,
): string {
  if (asset.kind === 'host' && origin === 'inherited' && imageId !== null) return imageId;
  return asset.id;
}

export function clockKey(assetId: string, advisory: string, pkg: string): string {
  return `${assetId}\u0000${advisory}\u0000${pkg}`;
}

/**
 * What an evaluation changes in the clocks: a finding seen for the first time starts a clock at
 * `now`; one seen again after it was fixed resumes its old `firstSeen`; a running clock on an
 * evaluated asset whose finding is gone stops with `fixedAt = now` (kept for MTTR). Clocks of
 * assets not evaluated this time are left alone. Each key is written at most once.
 */
export function planClocks(
  existing: readonly ClockRow[],
  seen: Iterable<SeenFinding>,
  evaluated: ReadonlySet<string>,
  now: string,
): ClockPlan {
  const byKey = new Map(existing.map((r) => [clockKey(r.assetId, r.advisory, r.package), r]));
  const present = new Set<string>();
  const put: ClockRow[] = [];
  let opened = 0;
  let resumed = 0;
  let fixed = 0;
  for (const f of seen) {
    const key = clockKey(f.assetId, f.advisory, f.package);
    if (present.has(key)) continue;
    present.add(key);
    const row = byKey.get(key);
    if (!row) {
      put.push({ ...f, firstSeen: now, fixedAt: null });
      opened++;
    } else if (row.fixedAt !== null) {
      put.push({ ...row, severity: f.severity, fixedAt: null });
      resumed++;
    } else if (row.severity !== f.severity) {
      put.push({ ...row, severity: f.severity });
    }
  }
  for (const [key, row] of byKey) {
    if (row.fixedAt !== null || present.has(key) || !evaluated.has(row.assetId)) continue;
    put.push({ ...row, fixedAt: now });
    fixed++;
  }
  return { put, opened, resumed, fixed };
}
