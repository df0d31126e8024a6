import * as grpc from '@grpc/grpc-js';
import type { Message } from '@bufbuild/protobuf';
import { ChargeRequestSchema, ChargeResponseSchema } from '../../src/gen/tender/v1/payments_pb.js';
import { deserializer, serializer } from '../../src/server/bridge.js';
import { ECHO_METHOD_PATH, sampleChargeResponse } from './messages.js';

/**
 * The ceiling: a bare @grpc/grpc-js server with one unary method that decodes a
 * ChargeRequest and answers a ChargeResponse, with the same @bufbuild/protobuf
 * serializers Tender's bridge registers (src/server/bridge.ts), and nothing else: no
 * pipeline, no store, no logging. Run as its own process; prints its address.
 */
const response = sampleChargeResponse();
const definition: grpc.ServiceDefinition = {
  Charge: {
    path: ECHO_METHOD_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: serializer(ChargeRequestSchema),
    requestDeserialize: deserializer(ChargeRequestSchema),
    responseSerialize: serializer(ChargeResponseSchema),
    responseDeserialize: deserializer(ChargeResponseSchema),
  },
};
const server = new grpc.Server();
server.addService(definition, {
  Charge: (_call: grpc.ServerUnaryCall<Message, Message>, callback: grpc.sendUnaryData<Message>) => callback(null, response),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`echo listening on 127.0.0.1:${port}\n`);
});
process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
