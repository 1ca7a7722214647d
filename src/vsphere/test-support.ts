import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VimClient } from './client.js';
import { readResponse } from './faults.js';
import { moRef, type MoRef, type ServiceContent } from './types.js';

const fixtures = join(import.meta.dirname, '__fixtures__');

export function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

const ref = (t: string): MoRef => moRef(t, t);
const serviceContent: ServiceContent = {
  rootFolder: moRef('Folder', 'group-d1'),
  propertyCollector: ref('PropertyCollector'),
  viewManager: ref('ViewManager'),
  sessionManager: ref('SessionManager'),
  eventManager: ref('EventManager'),
  customFieldsManager: ref('CustomFieldsManager'),
  searchIndex: ref('SearchIndex'),
  about: { fullName: 'test', apiVersion: '6.5', instanceUuid: 'x' },
};

export interface RecordedCall {
  readonly method: string;
  readonly self: MoRef;
  readonly args: readonly (readonly [string, unknown])[];
}

/**
 * A VimClient whose answers are captured envelopes: `answers[method]` lists the fixture files
 * (or `{ status, body }`) returned by successive calls. Unit tests only; integration tests use vcsim.
 */
export function scriptedClient(
  answers: Readonly<Record<string, readonly string[]>>,
): VimClient & { readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const next = new Map<string, number>();
  return {
    serviceContent,
    calls,
    invoke(method, self, args = []) {
      calls.push({ method, self, args });
      const i = next.get(method) ?? 0;
      next.set(method, i + 1);
      const file = answers[method]?.[i] ?? answers[method]?.at(-1);
      if (file === undefined) throw new Error(`unexpected call ${method}`);
      return Promise.resolve(readResponse(file.startsWith('<') ? file : fixture(file), 200));
    },
    login: () => Promise.resolve(),
    logout: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** A minimal `<MethodResponse>` envelope around `inner`. */
export function response(method: string, inner = ''): string {
  return `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><${method}Response xmlns="urn:vim25">${inner}</${method}Response></soapenv:Body></soapenv:Envelope>`;
}
