import { AppError, ErrorCode } from '../domain/errors.js';
import { envelope, type SoapArg } from './encode.js';
import { readResponse } from './faults.js';
import { createAgent, postSoap, type TlsTrust } from './transport.js';
import { moRef, type CallOptions, type MoRef, type ServiceContent } from './types.js';
import { refOf } from './values.js';
import { child, childText, type XmlElement } from './xml.js';

export interface VimClientOptions {
  /** `https://vcenter.example/sdk` (a bare host gets `/sdk`). */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly tls: TlsTrust;
  /** Per-request timeout; default 60 s. */
  readonly timeoutMs?: number;
  /** vim25 release the `SOAPAction` header names; default `6.5`. */
  readonly apiVersion?: string;
}

/** A logged-in vim25 session. Every call re-logs in once if the server says the session expired. */
export interface VimClient {
  readonly serviceContent: ServiceContent;
  /** Calls `method` on `self`; returns the response element (its `returnval` children). */
  invoke(
    method: string,
    self: MoRef,
    args?: readonly (readonly [string, SoapArg])[],
    opts?: CallOptions,
  ): Promise<XmlElement>;
  /** Logs in again (after `NotAuthenticated`); concurrent callers share one login. */
  login(opts?: CallOptions): Promise<void>;
  logout(opts?: CallOptions): Promise<void>;
  /** Logs out (best effort) and frees sockets. */
  close(): Promise<void>;
}

const SERVICE_INSTANCE = moRef('ServiceInstance', 'ServiceInstance');

/**
 * Opens a session: RetrieveServiceContent then `SessionManager.Login`; the
 * `vmware_soap_session` cookie carries the session (vSphere Web Services SDK, "Sessions").
 */
export async function connectVim(
  options: VimClientOptions,
  opts: CallOptions = {},
): Promise<VimClient> {
  const url = sdkUrl(options.url);
  const agent = createAgent(options.tls, options.timeoutMs ?? 60_000);
  const state = { cookie: '', loggingIn: undefined as Promise<void> | undefined };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const soapAction = `urn:vim25/${options.apiVersion ?? '6.5'}`;

  async function raw(
    method: string,
    self: MoRef,
    args: readonly (readonly [string, SoapArg])[],
    o: CallOptions,
  ): Promise<XmlElement> {
    const signal = o.signal
      ? AbortSignal.any([o.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: soapAction,
      ...(state.cookie ? { cookie: state.cookie } : {}),
    };
    const res = await postSoap(url, agent, headers, envelope(method, self, args), signal);
    for (const c of res.setCookie) {
      const pair = c.split(';')[0] ?? '';
      if (pair.startsWith('vmware_soap_session=')) state.cookie = pair;
    }
    return readResponse(res.body, res.status);
  }

  let content: ServiceContent | undefined;
  async function doLogin(o: CallOptions): Promise<void> {
    state.cookie = '';
    await raw(
      'Login',
      content!.sessionManager,
      [
        ['userName', options.username],
        ['password', options.password],
      ],
      o,
    );
  }

  function login(o: CallOptions = {}): Promise<void> {
    state.loggingIn ??= doLogin(o).finally(() => {
      state.loggingIn = undefined;
    });
    return state.loggingIn;
  }

  try {
    content = readServiceContent(await raw('RetrieveServiceContent', SERVICE_INSTANCE, [], opts));
    await login(opts);
  } catch (e) {
    agent.destroy();
    throw e;
  }
  const serviceContent = content;

  async function invoke(
    method: string,
    self: MoRef,
    args: readonly (readonly [string, SoapArg])[] = [],
    o: CallOptions = {},
  ): Promise<XmlElement> {
    try {
      return await raw(method, self, args, o);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== ErrorCode.VsphereNotAuthenticated) throw e;
      await login(o);
      return raw(method, self, args, o);
    }
  }

  return {
    serviceContent,
    invoke,
    login,
    async logout(o: CallOptions = {}) {
      await raw('Logout', serviceContent.sessionManager, [], o);
    },
    async close() {
      try {
        await raw('Logout', serviceContent.sessionManager, [], {
          signal: AbortSignal.timeout(5_000),
        });
      } catch {
        // The session may already be gone; closing must not fail for that.
      } finally {
        agent.destroy();
      }
    },
  };
}

function sdkUrl(s: string): URL {
  let url: URL;
  try {
    url = new URL(s.includes('://') ? s : `https://${s}`);
  } catch (e) {
    throw new AppError(ErrorCode.ConfigInvalid, `not a URL: ${s}`, { cause: e });
  }
  if (url.protocol !== 'https:') {
    throw new AppError(ErrorCode.ConfigInvalid, `vCenter URL must be https: ${s}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/sdk';
  url.username = '';
  url.password = '';
  return url;
}

function readServiceContent(res: XmlElement): ServiceContent {
  const rv = child(res, 'returnval');
  const ref = (name: string): MoRef => {
    const r = rv && refOf(child(rv, name));
    if (!r) throw new AppError(ErrorCode.VsphereFault, `ServiceContent lacks ${name}`);
    return r;
  };
  const about = rv && child(rv, 'about');
  return {
    rootFolder: ref('rootFolder'),
    propertyCollector: ref('propertyCollector'),
    viewManager: ref('viewManager'),
    sessionManager: ref('sessionManager'),
    eventManager: ref('eventManager'),
    customFieldsManager: ref('customFieldsManager'),
    searchIndex: ref('searchIndex'),
    about: {
      fullName: (about && childText(about, 'fullName')) ?? '',
      apiVersion: (about && childText(about, 'apiVersion')) ?? '',
      instanceUuid: (about && childText(about, 'instanceUuid')) ?? '',
    },
  };
}
