import { create, createFileRegistry, fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import * as grpc from '@grpc/grpc-js';

/**
 * A minimal gRPC server reflection client, enough to prove what grpcurl would see.
 * The messages are declared here from grpc/reflection/v1/reflection.proto (the
 * subset we use; v1alpha is the same under another package), so no extra package or
 * generated code is needed.
 */

export type ReflectionVersion = 'v1' | 'v1alpha';

function reflectionMessages(version: ReflectionVersion) {
  const pkg = `grpc.reflection.${version}`;
  const scalar = (name: string, number: number, type: Type, oneofIndex?: number) => ({
    name,
    number,
    type,
    label: Label.OPTIONAL,
    ...(oneofIndex === undefined ? {} : { oneofIndex }),
  });
  const message = (name: string, number: number, typeName: string, label = Label.OPTIONAL, oneofIndex?: number) => ({
    name,
    number,
    type: Type.MESSAGE,
    typeName: `.${pkg}.${typeName}`,
    label,
    ...(oneofIndex === undefined ? {} : { oneofIndex }),
  });
  const file = create(FileDescriptorProtoSchema, {
    name: `grpc/reflection/${version}/reflection.proto`,
    package: pkg,
    syntax: 'proto3',
    messageType: [
      {
        name: 'ServerReflectionRequest',
        field: [
          scalar('host', 1, Type.STRING),
          scalar('file_by_filename', 3, Type.STRING, 0),
          scalar('file_containing_symbol', 4, Type.STRING, 0),
          scalar('list_services', 7, Type.STRING, 0),
        ],
        oneofDecl: [{ name: 'message_request' }],
      },
      {
        name: 'ServerReflectionResponse',
        field: [
          scalar('valid_host', 1, Type.STRING),
          message('file_descriptor_response', 4, 'FileDescriptorResponse', Label.OPTIONAL, 0),
          message('list_services_response', 6, 'ListServiceResponse', Label.OPTIONAL, 0),
          message('error_response', 7, 'ErrorResponse', Label.OPTIONAL, 0),
        ],
        oneofDecl: [{ name: 'message_response' }],
      },
      {
        name: 'FileDescriptorResponse',
        field: [{ ...scalar('file_descriptor_proto', 1, Type.BYTES), label: Label.REPEATED }],
      },
      { name: 'ListServiceResponse', field: [message('service', 1, 'ServiceResponse', Label.REPEATED)] },
      { name: 'ServiceResponse', field: [scalar('name', 1, Type.STRING)] },
      { name: 'ErrorResponse', field: [scalar('error_code', 1, Type.INT32), scalar('error_message', 2, Type.STRING)] },
    ],
  });
  const registry = createFileRegistry(file, () => undefined);
  const get = (name: string): DescMessage => {
    const found = registry.getMessage(`${pkg}.${name}`);
    if (!found) throw new Error(`no ${name}`);
    return found;
  };
  return { path: `/${pkg}.ServerReflection/ServerReflectionInfo`, request: get('ServerReflectionRequest'), response: get('ServerReflectionResponse') };
}

type MessageRequest =
  | { case: 'listServices'; value: string }
  | { case: 'fileContainingSymbol'; value: string }
  | { case: 'fileByFilename'; value: string };

interface ReflectionResponse {
  messageResponse:
    | { case: 'listServicesResponse'; value: { service: Array<{ name: string }> } }
    | { case: 'fileDescriptorResponse'; value: { fileDescriptorProto: Uint8Array[] } }
    | { case: 'errorResponse'; value: { errorCode: number; errorMessage: string } }
    | { case: undefined };
}

/** Sends one reflection request over a fresh stream and returns the one response. */
async function ask(address: string, version: ReflectionVersion, messageRequest: MessageRequest): Promise<ReflectionResponse> {
  const { path, request, response } = reflectionMessages(version);
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const stream = client.makeBidiStreamRequest(
      path,
      (message: Message) => Buffer.from(toBinary(request, message)),
      (bytes: Buffer) => fromBinary(response, bytes),
    );
    const answer = new Promise<ReflectionResponse>((resolve, reject) => {
      stream.once('data', (data: unknown) => resolve(data as ReflectionResponse));
      stream.once('error', reject);
    });
    stream.write(create(request, { messageRequest } as never));
    stream.end();
    return await answer;
  } finally {
    client.close();
  }
}

export async function listServices(address: string, version: ReflectionVersion): Promise<string[]> {
  const answer = await ask(address, version, { case: 'listServices', value: '*' });
  if (answer.messageResponse.case !== 'listServicesResponse') throw new Error(`unexpected ${answer.messageResponse.case}`);
  return answer.messageResponse.value.service.map((service) => service.name);
}

/** The file declaring `symbol` and every file it imports, decoded. */
export async function filesContainingSymbol(
  address: string,
  version: ReflectionVersion,
  symbol: string,
): Promise<FileDescriptorProto[]> {
  const answer = await ask(address, version, { case: 'fileContainingSymbol', value: symbol });
  if (answer.messageResponse.case !== 'fileDescriptorResponse') throw new Error(`unexpected ${answer.messageResponse.case}`);
  return answer.messageResponse.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
}
