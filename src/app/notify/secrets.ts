import { decryptSecret, encryptSecret } from '../vsphere/secrets.js';

/**
 * Seals and opens webhook signing secrets with the store's secret key (AES-256-GCM, bound to
 * `webhook:<id>` as the secrets repository lists them, so `secrets rotate` re-encrypts them).
 */
export interface WebhookSecrets {
  seal(subscriptionId: string, secret: string): string;
  open(subscriptionId: string, ciphertext: string): string;
}

export const webhookSecretContext = (id: string): string => `webhook:${id}`;

/** {@link WebhookSecrets} over the key `loadKeyForStore` returns. */
export function webhookSecrets(key: Buffer): WebhookSecrets {
  return {
    seal: (id, secret) => encryptSecret(key, secret, webhookSecretContext(id)),
    open: (id, ciphertext) => decryptSecret(key, ciphertext, webhookSecretContext(id)),
  };
}
