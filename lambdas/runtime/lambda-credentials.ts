/**
 * The credential provider bundled into Lifeboat's functions in place of the SDK's default chain.
 * Lambda always hands a function its role's credentials in environment variables, so the chain's
 * other providers (SSO, profiles, web identity, processes, and the STS and SSO clients they pull
 * in) would be about 90 KB of code loaded at every cold start and never used.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
