"""A Tender client in Python, built only from proto/tender/v1/*.proto and the standard
grpc.health.v1 contract: it calls every RPC against the no-configuration demo data and
checks each answer (the calls are in scenario.py).

It proves the contract is the whole interface: nothing here knows Tender's TypeScript.
Prints one JSON line per call, {"rpc", "ok", "code", "detail"}, and exits 1 when any
expectation fails, 2 when the server cannot be reached at all.

The stubs are generated beforehand (python-client.ts does it for the test), e.g.
  /usr/bin/python3 -m grpc_tools.protoc -I proto -I node_modules/grpc-health-check/proto \
    -I <grpc_tools>/_proto --python_out=DIR --grpc_python_out=DIR \
    proto/tender/v1/*.proto node_modules/grpc-health-check/proto/health/v1/health.proto
  /usr/bin/python3 -B test/interop/client.py --stubs DIR --address 127.0.0.1:50051
"""
import argparse
import json
import sys

import grpc

import scenario
from expectations import Unmet, require

DEADLINE_S = 10
DETAIL_MAX = 200


class Caller:
    """Makes each call, checks it, prints its line, and remembers whether all passed.

    A check is a function that returns a short detail for the report or raises
    Unmet; a failed call never stops the run, so one report shows every RPC.
    """

    def __init__(self, api_key):
        self.metadata = (("authorization", f"Bearer {api_key}"),)
        self.all_ok = True

    def report(self, rpc, ok, code, detail):
        self.all_ok = self.all_ok and ok
        line = {"rpc": rpc, "ok": ok, "code": code, "detail": str(detail)[:DETAIL_MAX]}
        print(json.dumps(line), flush=True)

    def ok(self, rpc, method, request, check, metadata=None):
        """Expects status OK; `check(response, call)` sees the response and its headers."""
        try:
            response, call = method.with_call(request, metadata=self._metadata(metadata), timeout=DEADLINE_S)
        except grpc.RpcError as error:
            self.report(rpc, False, error.code().name, error.details())
            return None
        try:
            self.report(rpc, True, "OK", check(response, call))
        except Unmet as unmet:
            self.report(rpc, False, "OK", f"unexpected answer: {unmet}")
        return response

    def fails(self, rpc, method, request, code, check, metadata=None):
        """Expects the call to end with status `code`; `check(error)` sees details and trailers."""
        try:
            method(request, metadata=self._metadata(metadata), timeout=DEADLINE_S)
        except grpc.RpcError as error:
            try:
                require(error.code() == code, f"expected {code.name}: {error.details()}")
                self.report(rpc, True, error.code().name, check(error))
            except Unmet as unmet:
                self.report(rpc, False, error.code().name, str(unmet))
            return
        self.report(rpc, False, "OK", f"expected {code.name}")

    def _metadata(self, metadata):
        return self.metadata if metadata is None else metadata


def load_stubs(directory):
    """The generated modules, by service, each merging its messages and its stub."""
    sys.path.insert(0, directory)
    from google.protobuf import duration_pb2
    from health.v1 import health_pb2, health_pb2_grpc
    from tender.v1 import accounts_pb2, accounts_pb2_grpc, common_pb2
    from tender.v1 import customers_pb2, customers_pb2_grpc, payments_pb2, payments_pb2_grpc
    from tender.v1 import subscriptions_pb2, subscriptions_pb2_grpc

    def merged(*modules):
        return argparse.Namespace(**{k: v for m in modules for k, v in vars(m).items() if not k.startswith("_")})

    return argparse.Namespace(
        common=common_pb2,
        duration=duration_pb2,
        health=merged(health_pb2, health_pb2_grpc),
        customers=merged(customers_pb2, customers_pb2_grpc),
        payments=merged(payments_pb2, payments_pb2_grpc),
        subscriptions=merged(subscriptions_pb2, subscriptions_pb2_grpc),
        accounts=merged(accounts_pb2, accounts_pb2_grpc),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stubs", required=True, help="directory holding the generated tender/ and health/ packages")
    parser.add_argument("--address", default="127.0.0.1:50051")
    parser.add_argument("--api-key", default="tender-demo-key")
    args = parser.parse_args()
    stubs = load_stubs(args.stubs)
    caller = Caller(args.api_key)
    with grpc.insecure_channel(args.address) as channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=DEADLINE_S)
        except grpc.FutureTimeoutError:
            caller.report("connect", False, "UNAVAILABLE", f"nothing answers on {args.address}")
            return 2
        scenario.run(stubs, channel, caller)
    return 0 if caller.all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
