import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDbApiKeyStore } from '../adapters/aws/dynamodb/api-key-store';
import { createDocumentClient } from '../adapters/aws/dynamodb/client';
import { DynamoDbIntegrationKeyStore } from '../adapters/aws/dynamodb/integration-key-store';
import { type ApiKeyScope, generateApiKey, hashApiKey } from '../core/api-key';
import { generateIntegrationSecret, type Integration } from '../core/integration';

/** Where keys are stored, and the pepper their hashes take. */
interface TableOptions {
  tableName: string;
  /** The pepper itself (local tables), or where to read it (deployed). */
  pepper: { value: string } | { secretArn: string };
  region?: string | undefined;
  /** A DynamoDB endpoint other than AWS's, e.g. the local dynalite. */
  endpoint?: string | undefined;
}

export interface CreateKeyOptions extends TableOptions {
  name: string;
  scope: ApiKeyScope;
}

export interface CreateIntegrationSecretOptions extends TableOptions {
  name: string;
  integration: Integration;
}

/** Issues an integration's secret the way API keys are issued: its peppered hash stored, the secret shown once. */
export async function createIntegrationSecret(options: CreateIntegrationSecretOptions): Promise<string> {
  return withTable(options, async (db, pepper) => {
    const secret = generateIntegrationSecret();
    await new DynamoDbIntegrationKeyStore(db, options.tableName).put({
      hash: hashApiKey(secret, pepper),
      integration: options.integration,
      name: options.name,
      createdAt: new Date().toISOString(),
    });
    return secret;
  });
}

/**
 * Issues an API key: stores its peppered hash and returns the key, which is shown once and never
 * stored. Runs with the operator's own AWS credentials, so it works before any key exists.
 */
export async function createApiKey(options: CreateKeyOptions): Promise<string> {
  return withTable(options, async (db, pepper) => {
    const key = generateApiKey();
    await new DynamoDbApiKeyStore(db, options.tableName).put({
      hash: hashApiKey(key, pepper),
      name: options.name,
      scope: options.scope,
      createdAt: new Date().toISOString(),
    });
    return key;
  });
}

async function withTable<T>(
  options: TableOptions,
  use: (db: ReturnType<typeof createDocumentClient>, pepper: string) => Promise<T>,
): Promise<T> {
  const region = options.region ? { region: options.region } : {};
  const pepper =
    'value' in options.pepper
      ? options.pepper.value
      : await readSecret(new SecretsManagerClient(region), options.pepper.secretArn);
  const db = createDocumentClient({ ...region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  try {
    return await use(db, pepper);
  } finally {
    db.destroy();
  }
}

async function readSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error('the secret is empty');
    return SecretString;
  } finally {
    client.destroy();
  }
}
