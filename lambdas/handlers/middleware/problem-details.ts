import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LifeboatError } from '../../core/errors';
import { internalError, problem } from '../http/responses';

/**
 * Turns errors into answers, the way middy's http-error-handler does but as RFC 9457 problem+json:
 * a client error (status < 500) is explained, field by field; anything else is logged in full and
 * answered with a generic 500 that reveals nothing of the internals.
 */
export const problemDetails = ({
  logger,
}: {
  logger: Logger;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const { error } = request;
    if (error instanceof LifeboatError && error.status < 500) {
      logger.info('Request refused', {
        status: error.status,
        problem: error.type,
        detail: error.message.slice(0, 1000),
      });
      request.response = problem(error, request.event.rawPath);
      return;
    }
    logger.error('Request failed', error as Error);
    request.response = internalError(request.context.awsRequestId);
  },
});
