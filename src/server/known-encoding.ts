/**
 * Response messages whose wire form is already known: an idempotent replay decodes the
 * response it stored, and the bridge would encode it right back into the same bytes.
 * The replay registers the stored bytes with the decoded message, and the bridge's
 * serializer sends them as they are (src/server/bridge.ts). The message must not be
 * changed after it is registered; a replay hands it straight to the transport.
 */
const encodings = new WeakMap<object, Uint8Array>();

export function withKnownEncoding<M extends object>(message: M, bytes: Uint8Array): M {
  encodings.set(message, bytes);
  return message;
}

export function knownEncodingOf(message: object): Uint8Array | undefined {
  return encodings.get(message);
}
