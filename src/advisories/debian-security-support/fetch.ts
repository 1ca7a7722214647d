import { optionList } from '../fetch/options.js';
import type { FeedDefinition } from '../fetch/types.js';

/**
 * The debian-security-support lists, raw from the salsa.debian.org repository
 * (`<base>/security-support-ended.deb<N>` per release, and `<base>/security-support-limited`).
 * The default base is the `master` branch's raw view; a mirror of the same paths works.
 */
export const debianSecuritySupportFeed: FeedDefinition = {
  id: 'debian-security-support',
  defaultBaseUrl: 'https://salsa.debian.org/debian/debian-security-support/-/raw/master',
  description: 'Debian per-package end of security support (ended per release, limited list)',
  options: { releases: '9,10,11,12', limited: 'yes' },
  list(ctx) {
    const ended = optionList(ctx, debianSecuritySupportFeed, 'releases').map((r) => ({
      url: `${ctx.baseUrl}/security-support-ended.deb${r}`,
      name: `security-support-ended.deb${r}`,
    }));
    const limited =
      (ctx.options['limited'] ?? debianSecuritySupportFeed.options['limited']) === 'yes'
        ? [{ url: `${ctx.baseUrl}/security-support-limited`, name: 'security-support-limited' }]
        : [];
    return Promise.resolve({ documents: [...ended, ...limited] });
  },
};
