import * as grpc from '@grpc/grpc-js';

/**
 * The load generator's gRPC side: plain grpc-js clients sending pre-serialized bytes,
 * so that what the generator spends per call is as small as it can be and the same
 * for every server it drives.
 */

const passThrough = (bytes: Buffer): Buffer => bytes;

/**
 * `count` channels to `address`, each with its own connection: grpc-js shares one
 * subchannel (one HTTP/2 connection) between channels with equal settings unless told
 * to keep a local pool.
 */
export async function openChannels(address: string, count: number, timeoutMs = 10_000): Promise<grpc.Client[]> {
  const clients = Array.from(
    { length: count },
    () => new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }),
  );
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) =>
          client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve())),
        ),
    ),
  );
  return clients;
}

export interface UnaryAnswer {
  body: Buffer;
  /** Response headers, when asked for. */
  headers?: grpc.Metadata;
}

export function sendUnary(
  client: grpc.Client,
  path: string,
  body: Buffer,
  metadata: grpc.Metadata,
  options: { deadlineMs: number; withHeaders?: boolean },
): Promise<UnaryAnswer> {
  return new Promise((resolve, reject) => {
    let headers: grpc.Metadata | undefined;
    const call = client.makeUnaryRequest(
      path, passThrough, passThrough, body, metadata, { deadline: Date.now() + options.deadlineMs },
      (error, response) => (error || !response ? reject(error ?? new Error('no response')) : resolve({ body: response, headers })),
    );
    if (options.withHeaders) call.on('metadata', (received: grpc.Metadata) => (headers = received));
  });
}

export function bearer(apiKey: string | undefined): () => grpc.Metadata {
  return () => {
    const metadata = new grpc.Metadata();
    if (apiKey !== undefined) metadata.set('authorization', `Bearer ${apiKey}`);
    return metadata;
  };
}
