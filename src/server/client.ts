import type { DescMessage, DescMethod, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import { deserializer, methodPath, serializer, type AnyService } from './bridge.js';

/**
 * A promise-based gRPC client built from the same descriptors as the server, for
 * tests, scripts and the demo. Each RPC becomes a method taking the request (message
 * or init object) and per-call options, resolving to the response and the response
 * headers, or rejecting with grpc-js's ServiceError (code, details, trailers in
 * `metadata`).
 */

export interface ClientCallOptions {
  /** Sent as `authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Deadline relative to now. */
  deadlineMs?: number;
  /** Extra request metadata. */
  metadata?: grpc.Metadata | Readonly<Record<string, string>>;
}

export interface UnaryResult<O> {
  response: O;
  /** Response header metadata (e.g. "idempotent-replayed", "x-request-id"). */
  headers: grpc.Metadata;
}

type ClientMethod<M> = M extends { methodKind: 'unary'; input: infer I extends DescMessage; output: infer O extends DescMessage }
  ? (request: MessageInitShape<I>, options?: ClientCallOptions) => Promise<UnaryResult<MessageShape<O>>>
  : never;

export type ServiceClient<S extends AnyService> = {
  [M in keyof S['method']]: ClientMethod<S['method'][M]>;
} & {
  /** Closes the channel. */
  close(): void;
};

export function makeClient<S extends AnyService>(
  service: S,
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): ServiceClient<S> {
  const channel = new grpc.Client(address, credentials);
  const methods: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods as readonly DescMethod[]) {
    if (method.methodKind !== 'unary') continue;
    methods[method.localName] = (request: MessageInitShape<DescMessage>, options: ClientCallOptions = {}) =>
      callUnary(channel, method, request, options);
  }
  return methods as ServiceClient<S>;
}

function callUnary(
  channel: grpc.Client,
  method: DescMethod,
  request: MessageInitShape<DescMessage>,
  options: ClientCallOptions,
): Promise<UnaryResult<unknown>> {
  return new Promise((resolve, reject) => {
    let headers = new grpc.Metadata();
    const callOptions: grpc.CallOptions =
      options.deadlineMs === undefined ? {} : { deadline: new Date(Date.now() + options.deadlineMs) };
    const call = channel.makeUnaryRequest(
      methodPath(method),
      serializer(method.input),
      deserializer(method.output),
      create(method.input, request),
      requestMetadata(options),
      callOptions,
      (error, response) => (error ? reject(error) : resolve({ response, headers })),
    );
    call.on('metadata', (received: grpc.Metadata) => {
      headers = received;
    });
  });
}

function requestMetadata(options: ClientCallOptions): grpc.Metadata {
  const metadata = options.metadata instanceof grpc.Metadata ? options.metadata.clone() : new grpc.Metadata();
  if (options.metadata && !(options.metadata instanceof grpc.Metadata)) {
    for (const [key, value] of Object.entries(options.metadata)) metadata.set(key, value);
  }
  if (options.apiKey !== undefined) metadata.set('authorization', `Bearer ${options.apiKey}`);
  return metadata;
}
