import type { LifeboatConfig } from '../core/config';

/**
 * Local mode's Slack workspace, so `/outage` works out of the box: signed requests from this
 * workspace and this user (a member of the on-call user group) may change anything. Local only:
 * on AWS, Slack is set up with the `slack` block of the config.
 */
export const LOCAL_SLACK_WORKSPACE = {
  teamId: 'T0LOCAL',
  userId: 'U0LOCAL',
  userName: 'local',
  userGroupId: 'S0LOCAL',
  channelId: 'C0LOCAL',
} as const;

/** Local mode's default Slack signing secret; set LIFEBOAT_SLACK_SIGNING_SECRET to use your app's. */
export const LOCAL_SLACK_SIGNING_SECRET = 'lifeboat-local-slack-signing-secret';

/** The config with the local workspace when it sets up no Slack of its own. */
export function withLocalSlack(config: LifeboatConfig): LifeboatConfig {
  if (config.slack) return config;
  return {
    ...config,
    slack: {
      teamId: LOCAL_SLACK_WORKSPACE.teamId,
      allowedChannelIds: [],
      allowedUserGroupId: LOCAL_SLACK_WORKSPACE.userGroupId,
    },
  };
}

/**
 * Who is in the configured user group, locally: no Slack to ask, so the local user is its member,
 * whatever the group's id (a config copied from production keeps working).
 */
export function localUserGroups(config: LifeboatConfig): Array<[groupId: string, members: string[]]> {
  const group = config.slack?.allowedUserGroupId;
  return group ? [[group, [LOCAL_SLACK_WORKSPACE.userId]]] : [];
}
