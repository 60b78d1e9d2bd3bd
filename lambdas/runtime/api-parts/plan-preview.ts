import { PlanPreview } from '../../plan/preview';
import type { RouteCore } from './core';
import type { DepsBuilders } from './route-deps';
import { noSending, subscriberParts } from './subscribers';

/**
 * The plan's dry run, which reads the subscribers and renders every message: a part of its own,
 * so that only its route loads the plan's renderers, not every subscriber route.
 */
export function planPreviewParts(core: RouteCore): DepsBuilders {
  const parts = subscriberParts(core, noSending);
  const subscribers = parts.subscribers!;
  return {
    ...parts,
    notifications: () => new PlanPreview({ config: core.config, subscribers: subscribers(), ...noSending }),
  };
}
