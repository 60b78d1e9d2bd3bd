import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** How long a client is asked to wait before trying again while local mode starts. */
export const STARTING_RETRY_AFTER_SECONDS = 1;

/**
 * The port opens before the handlers exist (the emulators and the table come first): until they
 * do, every request gets a 503 with Retry-After, so nothing that arrives early hangs.
 */
export class StartingGate {
  private listener: RequestListener | undefined;

  /** The server's request listener: answers 503 until `open`, then passes every request on. */
  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (this.listener) {
      this.listener(request, response);
      return;
    }
    request.resume(); // read and drop the body, so the connection can be reused
    const body = JSON.stringify({
      type: 'urn:lifeboat:problem:starting',
      title: 'Lifeboat is starting',
      status: 503,
      detail: `Lifeboat is still starting; try again in ${STARTING_RETRY_AFTER_SECONDS} s`,
    });
    response.writeHead(503, {
      'content-type': 'application/problem+json',
      'retry-after': String(STARTING_RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
    });
    response.end(body);
  };

  get isOpen(): boolean {
    return this.listener !== undefined;
  }

  open(listener: RequestListener): void {
    this.listener = listener;
  }
}
