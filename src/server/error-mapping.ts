import type { CallStage } from './pipeline.js';
import { toRpcStatusError } from './status.js';

/**
 * Every failure leaves this stage as an RpcStatusError, so the stages outside it (the
 * call log) and the transport see one shape. The mapping itself lives in status.ts.
 */
export const errorMappingStage: CallStage = async (call, next) => {
  try {
    return await next();
  } catch (error) {
    throw toRpcStatusError(error, { logger: call.logger, requestId: call.requestId });
  }
};
