import type { LifeboatConfig } from '../core/config';
import { SOCIAL_NETWORKS, type SocialNetwork, type SocialPoster, type SocialPosters } from './social-ports';

/** How each runtime makes a network's poster from the network's settings: every network named. */
export type PosterFactories = { [N in SocialNetwork]: (settings: LifeboatConfig['social'][N]) => SocialPoster };

/** The registry of posters: one for each network switched on in the config, none for the others. */
export function enabledPosters(config: Pick<LifeboatConfig, 'social'>, build: PosterFactories): SocialPosters {
  const make = <N extends SocialNetwork>(network: N) => {
    const settings = config.social[network];
    return settings.enabled ? build[network](settings) : undefined;
  };
  return Object.fromEntries(SOCIAL_NETWORKS.map((network) => [network, make(network)])) as SocialPosters;
}
