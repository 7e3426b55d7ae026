// The web app's side of the delivery protocol (docs/delivery.md, "The protocol"): ask a
// `modelmint serve` for a challenge, check it names the server asked and the model, have the
// wallet sign its text (signRaw, which signs it wrapped in <Bytes>…</Bytes>; the server
// accepts that form), open a session, read the manifest and check its root is the model's
// root on chain. Every refusal of the server reaches the user as the server's own sentence.
import { bytesToHex } from '@noble/hashes/utils';
import { errorText } from '../chain/wallet';
import { ManifestError, parseManifestJson, type Manifest } from '../hash';
import type { ServerUrl } from './servers';

/** The first line of every challenge's text. */
export const PROTOCOL = 'modelmint-delivery-v1';

/** A challenge as the server sends it. */
export interface Challenge {
  server: string;
  model: bigint;
  nonce: string;
  expiresAtMs: number;
  /** The exact text to sign. */
  message: string;
}

/** What signs the challenge's text: the wallet's signRaw for the chosen account. */
export type SignMessage = (message: string) => Promise<string>;

/** Why a download stopped; `message` is a sentence for the user. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    /** The server's status when it refused, 0 otherwise. */
    readonly status = 0,
  ) {
    super(message);
  }
}

/** The challenge's text, exactly as the server writes it (`Challenge::message` in tools/delivery). */
export function challengeText(server: string, model: bigint, nonce: string, expiresAtMs: number): string {
  return `${PROTOCOL}\nSign in to download model ${model} from ${server}.\nserver: ${server}\nmodel: ${model}\nnonce: ${nonce}\nexpires: ${expiresAtMs}\n`;
}

/**
 * Reads a challenge and checks, before anything is signed, that it is for `model` on the server
 * asked, and that its text is exactly the protocol's text of its fields: a signature of a
 * challenge for another server would let that server sign in here as the account.
 */
export function checkChallenge(body: unknown, server: ServerUrl, model: bigint): Challenge {
  const object = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { server: name, model: id, nonce, expires_at_ms: expires, message } = object;
  if (
    typeof name !== 'string' ||
    typeof id !== 'number' ||
    !Number.isSafeInteger(id) ||
    typeof nonce !== 'string' ||
    !/^[0-9a-f]{32}$/.test(nonce) ||
    typeof expires !== 'number' ||
    !Number.isSafeInteger(expires) ||
    typeof message !== 'string'
  ) {
    throw new DeliveryError("The server's challenge is not the protocol's (server, model, nonce, expires_at_ms, message): nothing was signed.");
  }
  if (name !== server.authority || BigInt(id) !== model) {
    throw new DeliveryError(`The challenge is for model ${id} on ${name}, not model ${model} on ${server.authority}: nothing was signed.`);
  }
  if (message !== challengeText(name, model, nonce, expires)) {
    throw new DeliveryError("The challenge's text is not the protocol's text of its fields: nothing was signed.");
  }
  return { server: name, model, nonce, expiresAtMs: expires, message };
}

/** What `signRaw` takes as `data`: the message's UTF-8 bytes in hex. */
export function signRawData(message: string): `0x${string}` {
  return `0x${bytesToHex(new TextEncoder().encode(message))}`;
}

/** A refusal body is a sentence (text/plain); read at most this much of it. */
const MAX_SENTENCE = 4096;

/** The server's refusal as a DeliveryError carrying its status and sentence. */
export async function refusal(response: Response): Promise<DeliveryError> {
  let sentence = '';
  try {
    sentence = (await response.text()).slice(0, MAX_SENTENCE).trim();
  } catch {
    // The sentence is lost with the connection: the status still says what happened.
  }
  const reason = sentence || response.statusText || 'no reason given';
  return new DeliveryError(`The server refused (${response.status}): ${reason}`, response.status);
}

/** An open session with a server: where to ask, for which model, with which token. */
export class Session {
  constructor(
    readonly server: ServerUrl,
    readonly model: bigint,
    readonly token: string,
    private readonly fetcher: typeof fetch,
  ) {}

  /** The URL of a route of this model, e.g. `manifest` or `files/a%20b/c.bin`. */
  url(route: string): string {
    return `${this.server.base}/v1/models/${this.model}/${route}`;
  }

  /** GETs a route with the session's token; a refusal rejects with the server's sentence. */
  async get(route: string, signal?: AbortSignal): Promise<Response> {
    const response = await send(this.fetcher, this.server, this.url(route), { headers: { Authorization: `Bearer ${this.token}` }, signal });
    if (!response.ok) throw await refusal(response);
    return response;
  }

  /** The server's manifest, checked (root recomputed from its files) and compared with the model's root on chain. */
  async manifest(onChainRoot: string, signal?: AbortSignal): Promise<Manifest> {
    const text = await (await this.get('manifest', signal)).text();
    let manifest: Manifest;
    try {
      manifest = parseManifestJson(text);
    } catch (error) {
      const why = error instanceof ManifestError ? error.message : errorText(error);
      throw new DeliveryError(`The server's manifest is not a valid manifest (${why}): nothing was downloaded.`);
    }
    const chainRoot = onChainRoot.replace(/^0x/, '').toLowerCase();
    if (manifest.root !== chainRoot) {
      throw new DeliveryError(
        `The server's manifest has the root 0x${manifest.root}, not the model's root on chain 0x${chainRoot}: it serves other files; nothing was downloaded.`,
      );
    }
    return manifest;
  }
}

/** A file's route: each path segment percent-encoded. */
export function fileRoute(path: string): string {
  return `files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * fetch, with a network failure said in words: a browser tells a page nothing more than
 * "Failed to fetch" both for a server that is down and for one that does not allow the page's
 * origin, so the sentence names both.
 */
async function send(fetcher: typeof fetch, server: ServerUrl, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetcher(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    const origin = typeof location === 'undefined' ? 'this web app' : `this web app (${location.origin})`;
    throw new DeliveryError(
      `The server ${server.base} could not be reached, or it does not let ${origin} call it (its publisher must allow this origin): ${errorText(error)}.`,
    );
  }
}

/**
 * Signs in to `server` for `model` as `account`: asks a challenge, checks it, has `sign` sign
 * its text, and opens a session. Rejects with a DeliveryError (the server's sentence for a
 * refusal: 401 for a bad signature, 403 for no license, …).
 */
export async function signIn(
  server: ServerUrl,
  model: bigint,
  account: string,
  sign: SignMessage,
  fetcher: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<Session> {
  const route = (name: string) => `${server.base}/v1/models/${model}/${name}`;
  const asked = await send(fetcher, server, route('challenge'), { signal });
  if (!asked.ok) throw await refusal(asked);
  let body: unknown;
  try {
    body = await asked.json();
  } catch {
    body = undefined;
  }
  const challenge = checkChallenge(body, server, model);
  let signature: string;
  try {
    signature = await sign(challenge.message);
  } catch (error) {
    throw new DeliveryError(`The wallet did not sign the sign-in: ${errorText(error)}.`);
  }
  const opened = await send(fetcher, server, route('session'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ account, message: challenge.message, signature }),
    signal,
  });
  if (!opened.ok) throw await refusal(opened);
  const grant = (await opened.json().catch(() => undefined)) as { token?: unknown } | undefined;
  if (typeof grant?.token !== 'string' || grant.token === '') {
    throw new DeliveryError("The server's answer to the sign-in holds no session token.");
  }
  return new Session(server, model, grant.token, fetcher);
}
