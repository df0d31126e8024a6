import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type DescMethod,
  type DescService,
  type Message,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import * as grpc from '@grpc/grpc-js';
import { TenderError } from '../core/errors.js';
import type { CallContext } from './call-context.js';
import { deadlineOf } from './deadline.js';
import { knownEncodingOf } from './known-encoding.js';
import type { CallPipeline, IncomingCall } from './pipeline.js';
import { RpcStatusError } from './status.js';

/**
 * The bridge between protoc-gen-es service descriptors and @grpc/grpc-js: grpc-js wants
 * a ServiceDefinition (paths and serializers) and untyped handlers; the generated code
 * gives descriptors and typed messages. Every call goes through the call pipeline.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyService = GenService<any>;

export type UnaryHandler<I, O> = (request: I, call: CallContext) => Promise<O>;

/**
 * The handler type for one method descriptor. A handler may return the response
 * message or a plain init object; the bridge `create`s it. Streaming kinds map to
 * never until the bridge serves them (add their branch here and in bindMethod).
 */
export type MethodHandler<M> = M extends {
  methodKind: 'unary';
  input: infer I extends DescMessage;
  output: infer O extends DescMessage;
}
  ? UnaryHandler<MessageShape<I>, MessageInitShape<O>>
  : never;

/** One handler per RPC, keyed by the method's local name (e.g. `listAccounts`). */
export type ServiceHandlers<S extends AnyService> = {
  [M in keyof S['method']]: MethodHandler<S['method'][M]>;
};

/** A service with its handlers, type-erased so that different services fit one list. */
export interface ServiceRegistration {
  readonly service: DescService;
  readonly handlers: object;
}

/** Pairs a service with handlers checked against its descriptor. */
export function defineService<S extends AnyService>(service: S, handlers: ServiceHandlers<S>): ServiceRegistration {
  return { service, handlers };
}

/** "/tender.v1.PaymentService/Charge", the HTTP/2 path of a method. */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/** The grpc-js view of a service, keyed by the proto method name. */
export function grpcServiceDefinition(service: DescService): grpc.ServiceDefinition {
  const definition: Record<string, grpc.MethodDefinition<Message, Message>> = {};
  for (const method of service.methods) {
    definition[method.name] = {
      path: methodPath(method),
      originalName: method.localName,
      requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
      responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
      requestSerialize: serializer(method.input),
      requestDeserialize: deserializer(method.input),
      responseSerialize: serializer(method.output),
      responseDeserialize: deserializer(method.output),
    };
  }
  return definition;
}

/** Encodes a message, or sends the bytes it is known to have (known-encoding.ts: a replay). */
export function serializer(schema: DescMessage): (message: Message) => Buffer {
  return (message) => {
    const known = knownEncodingOf(message);
    return known ? Buffer.from(known.buffer, known.byteOffset, known.byteLength) : Buffer.from(toBinary(schema, message));
  };
}

export function deserializer(schema: DescMessage): (bytes: Buffer) => Message {
  return (bytes) => fromBinary(schema, bytes);
}

/**
 * Registers `handlers` for `service` on `server`, every call running through
 * `pipeline`. A method without a handler answers UNIMPLEMENTED, after authentication
 * and logging like any other call; a handler that is not a function is a wiring
 * error and throws here, at startup.
 */
export function addService<S extends AnyService>(
  server: grpc.Server,
  service: S,
  handlers: ServiceHandlers<S>,
  pipeline: CallPipeline,
): void {
  addRegistration(server, { service, handlers }, pipeline);
}

/** The untyped form of addService, for lists of registrations. */
export function addRegistration(server: grpc.Server, registration: ServiceRegistration, pipeline: CallPipeline): void {
  const { service, handlers } = registration;
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of service.methods) {
    const handler: unknown = (handlers as Record<string, unknown>)[method.localName];
    if (handler !== undefined && typeof handler !== 'function') {
      throw new Error(`handler for ${service.typeName}/${method.name} is not a function`);
    }
    implementation[method.name] = bindMethod(method, pipeline, (request, context) =>
      handler === undefined
        ? Promise.reject(new TenderError('unimplemented', `${method.name} is not implemented`))
        : (handler as UnaryHandler<Message, unknown>).call(handlers, request, context),
    );
  }
  server.addService(grpcServiceDefinition(service), implementation);
}

function bindMethod(
  method: DescMethod,
  pipeline: CallPipeline,
  handler: UnaryHandler<Message, unknown>,
): grpc.UntypedHandleCall {
  switch (method.methodKind) {
    case 'unary':
      return unaryCall(method, pipeline, handler);
    default:
      throw new Error(`${methodPath(method)}: ${method.methodKind} methods are not served yet`);
  }
}

function unaryCall(
  method: DescMethod,
  pipeline: CallPipeline,
  handler: UnaryHandler<Message, unknown>,
): grpc.handleUnaryCall<Message, Message> {
  const name = `${method.parent.typeName}/${method.name}`;
  return (call, callback) => {
    const incoming = new BridgedCall(name, call);
    const respond = async (context: CallContext) =>
      create(method.output, (await handler(call.request, context)) as MessageInitShape<DescMessage>);
    pipeline(incoming, respond).then(
      (response) => {
        incoming.answered();
        callback(null, response);
      },
      (error: unknown) => {
        incoming.answered();
        callback(error instanceof RpcStatusError ? error : new RpcStatusError(grpc.status.INTERNAL, 'internal error'));
      },
    );
  };
}

/**
 * A grpc-js unary call as the pipeline sees it. The cancellation signal is made only
 * when something reads it (the deadline stage, when a handler asks for its signal):
 * an AbortController and a listener on every call were a measurable share of a
 * replay's cost, and most calls never look.
 */
class BridgedCall implements IncomingCall {
  readonly metadata: grpc.Metadata;
  readonly request: Message;
  readonly deadline: Date | undefined;
  private readonly headers = new grpc.Metadata();
  private controller?: AbortController;
  private onCancelled?: () => void;

  constructor(
    readonly method: string,
    private readonly call: grpc.ServerUnaryCall<Message, Message>,
  ) {
    this.metadata = call.metadata;
    this.request = call.request;
    this.deadline = deadlineOf(call.getDeadline());
  }

  get cancelled(): AbortSignal {
    if (this.controller === undefined) {
      const controller = (this.controller = new AbortController());
      if (this.call.cancelled) controller.abort();
      else {
        this.onCancelled = () => controller.abort();
        this.call.once('cancelled', this.onCancelled);
      }
    }
    return this.controller.signal;
  }

  isCancelled(): boolean {
    return this.call.cancelled;
  }

  setHeader(key: string, value: string): void {
    this.headers.set(key, value);
  }

  /** Sends the response headers; called once, just before the response or the error. */
  answered(): void {
    // grpc-js emits 'cancelled' for every call once its stream closes, answered ones
    // too. Nobody waits on the signal by then, and aborting it would build an
    // AbortError, stack trace included.
    if (this.onCancelled) this.call.removeListener('cancelled', this.onCancelled);
    this.call.sendMetadata(this.headers);
  }
}
