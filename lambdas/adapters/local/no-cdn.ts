import type { ContentDelivery } from '../../publish/ports';

/** Locally there is no CDN: the local server reads the bucket directly. Keeps what it was asked. */
export class NoContentDelivery implements ContentDelivery {
  readonly invalidated: string[][] = [];

  async invalidate(paths: readonly string[]): Promise<void> {
    this.invalidated.push([...paths]);
  }
}
