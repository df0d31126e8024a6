import type { Logger } from 'pino';
import { authenticationStage, type AuthConfig } from './authentication.js';
import { callLoggingStage } from './call-logging.js';
import { deadlineStage } from './deadline.js';
import { errorMappingStage } from './error-mapping.js';
import { composePipeline, type CallPipeline, type CallStage } from './pipeline.js';

export interface CallPipelineOptions {
  auth: AuthConfig;
  logger: Logger;
  /** Outermost: sees every call, including refused ones (shutdown tracking). */
  outer?: readonly CallStage[];
  /** Innermost: run after authentication and the deadline check, before the handler. */
  inner?: readonly CallStage[];
}

/**
 * Tender's stage order, outermost first:
 * - logging, so that every call (refused ones too) leaves exactly one line;
 * - error mapping, inside logging, so that the line records the status the client saw;
 * - authentication before the deadline check, so an unauthenticated caller learns
 *   nothing else;
 * - the deadline, which refuses an already expired call and arms the handler's signal.
 */
export function createCallPipeline(options: CallPipelineOptions): CallPipeline {
  return composePipeline(options.logger, [
    ...(options.outer ?? []),
    callLoggingStage(options.logger),
    errorMappingStage,
    authenticationStage(options.auth),
    deadlineStage,
    ...(options.inner ?? []),
  ]);
}
