import { toBinary, type DescFile, type DescService } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import type * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { service as healthService } from 'grpc-health-check';

/**
 * gRPC server reflection (v1 and v1alpha, both served by @grpc/reflection), so that
 * grpcurl and similar tools can list and call Tender without the .proto files.
 *
 * @grpc/reflection reads proto-loader package definitions, of which it uses only each
 * entry's `fileDescriptorProtos` (serialized google.protobuf.FileDescriptorProto). We
 * build that from the protoc-gen-es descriptors: every file that declares a served
 * service, with all of its imports (google/protobuf/*.proto included), so that
 * clients can resolve every type.
 */

type PackageDefinition = ConstructorParameters<typeof ReflectionService>[0];

/** The file of each service and everything it imports, each once, imports first. */
export function filesWithDependencies(services: readonly DescService[]): DescFile[] {
  const ordered: DescFile[] = [];
  const visit = (file: DescFile) => {
    if (ordered.includes(file)) return;
    for (const dependency of file.dependencies) visit(dependency);
    ordered.push(file);
  };
  for (const service of services) visit(service.file);
  return ordered;
}

/** A package definition carrying the given files, in the shape @grpc/reflection reads. */
export function reflectionPackageDefinition(services: readonly DescService[]): PackageDefinition {
  const encoded = filesWithDependencies(services).map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file.proto)));
  const definition: Record<string, unknown> = {};
  for (const service of services) {
    definition[service.typeName] = { format: 'Protocol Buffer 3 DescriptorProto', type: {}, fileDescriptorProtos: encoded };
  }
  // grpc.health.v1.Health, from the proto-loader definition grpc-health-check ships.
  definition['grpc.health.v1.Health'] = healthService['Check']?.requestType;
  return definition as PackageDefinition;
}

/** Adds reflection over `services` (and the health service) to `server`. */
export function addReflection(server: grpc.Server, services: readonly DescService[]): void {
  new ReflectionService(reflectionPackageDefinition(services)).addToServer(server);
}
