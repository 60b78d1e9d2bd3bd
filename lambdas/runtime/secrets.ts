import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/** A secret a function needs is missing or empty: nothing is signed, hashed or sent with an empty key. */
export class MissingSecretError extends Error {
  constructor(readonly secretArn: string) {
    super(
      `The secret ${secretArn} is missing or empty: set its value in Secrets Manager (README: "Secrets and outside services")`,
    );
    this.name = 'MissingSecretError';
  }
}

export type ReadSecret = (arn: string) => Promise<string | undefined>;

/** Secrets Manager through Powertools, cached for five minutes per execution environment: a rotation needs no deploy. */
const fromSecretsManager: ReadSecret = async (arn) => (await getSecret<string>(arn, { maxAge: 300 })) ?? undefined;

/**
 * The one way a function reads a secret it cannot work without: read when first needed, and a
 * missing or empty value throws instead of becoming an empty key.
 */
export function secret(arn: string, read: ReadSecret = fromSecretsManager): () => Promise<string> {
  return async () => {
    const value = await read(arn);
    if (!value) throw new MissingSecretError(arn);
    return value;
  };
}

/**
 * A secret the operator may not have set yet (X's credentials): `undefined` until it has a value,
 * so the caller can say what it skipped.
 */
export function optionalSecret(arn: string, read: ReadSecret = fromSecretsManager): () => Promise<string | undefined> {
  return async () => (await read(arn)) || undefined;
}
