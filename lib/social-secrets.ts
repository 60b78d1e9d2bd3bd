import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { LifeboatConfig } from '../lambdas/core/config';

/**
 * The credentials of the social networks switched on besides X (X's secret predates them and
 * lives with the storage): one secret each, only for a network switched on in the config, set
 * by the operator (README: "Social networks") and kept when the stack goes.
 */
export class SocialSecrets extends Construct {
  /** JSON {"accessToken"}: a token of the account with the write:statuses scope. */
  readonly mastodon?: Secret;
  /** JSON {"appPassword"}: an app password of the account named by `social.bluesky.handle`. */
  readonly bluesky?: Secret;

  constructor(scope: Construct, id: string, props: { social: LifeboatConfig['social'] }) {
    super(scope, id);
    const operatorSet = (name: string, description: string, key: string, issuer: string) => {
      const secret = new Secret(this, name, {
        description: `Lifeboat: ${description} Set by the operator (see README).`,
        generateSecretString: { secretStringTemplate: JSON.stringify({ [key]: '' }), generateStringKey: 'unset' },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `Issued by ${issuer}; it is replaced there, then set here.`,
      });
      new CfnOutput(this, `${name}SecretArn`, { value: secret.secretArn, description: `${description} (README)` });
      return secret;
    };
    if (props.social.mastodon.enabled)
      this.mastodon = operatorSet(
        'MastodonCredentials',
        'Mastodon access token.',
        'accessToken',
        'the Mastodon instance',
      );
    if (props.social.bluesky.enabled)
      this.bluesky = operatorSet('BlueskyCredentials', 'Bluesky app password.', 'appPassword', 'Bluesky');
  }
}
