/**
 * Red Hat platform CPEs → Patchline platforms. `cpe:/o:redhat:enterprise_linux:9::baseos` and
 * `cpe:/a:redhat:enterprise_linux:9::appstream` → `rhel:9`. Extended-support streams carry their
 * own fixed versions, so they are separate platforms: `cpe:/a:redhat:rhel_eus:8.8::appstream` →
 * `rhel:8.8-eus` (likewise aus, e4s, tus, els). Layered products (OpenShift, OpenStack, JBoss)
 * return undefined.
 */
export function platformOfCpe(cpe: string | undefined): string | undefined {
  if (!cpe) return undefined;
  const main = /^cpe:\/[oa]:redhat:enterprise_linux:(\d+)(?:[.:]|$)/.exec(cpe);
  if (main) return `rhel:${main[1]}`;
  const extended = /^cpe:\/[oa]:redhat:rhel_(eus|aus|e4s|tus|els):(\d+(?:\.\d+)?)(?::|$)/.exec(cpe);
  if (extended) return `rhel:${extended[2]}-${extended[1]}`;
  return undefined;
}
