/**
 * The single table's keys and indexes: one definition for the CDK table and the local dynalite
 * table, so the two cannot drift.
 *
 * | item      | pk                | sk           | gsi1pk / gsi1sk             | openPk   |
 * |-----------|-------------------|--------------|-----------------------------|----------|
 * | incident  | INCIDENT#<id>     | #            | INCIDENTS / <startedAt>#<id>| OPEN while open (sparse index) |
 * | update    | INCIDENT#<id>     | UPDATE#<number, 10 digits>#<nonce> |           |          |
 * | maintenance| MAINTENANCE#<id> | #           | MAINTENANCES / <scheduledFor>#<id> |    |
 * | component | COMPONENT#<id>    | #            | COMPONENTS / <id>           |          |
 * | api key   | APIKEY#<hash>     | #            |                             |          |
 * | audit     | AUDIT#<YYYY-MM-DD>| <at>#<id>    |                             |          |
 * | settings  | SETTINGS#page     | #            |                             |          |
 * | subscriber| SUBSCRIBER#<id>   | #            | SUBSCRIBERS / <state>#<id>  |          |
 * | rate limit| RATE#<key>#<start>| #            |                             |          |
 * | seen      | SEEN#<key>        | #            |                             |          |
 * | delivery  | DELIVERY#<key>    | #            |                             |          |
 * | batch     | BATCH#<batch id>  | #            |                             |          |
 * | X thread  | THREAD#<incident> | #            |                             |          |
 * | social thread | THREAD#<incident>#<network> | # | (Mastodon, Bluesky)        |          |
 * | schedule  | SCHEDULE#<incident>| #           | SCHEDULES / <incident> (local mode only) |  |
 * | plan      | PLAN#<event id>   | #            |                             |          |
 * | send budget| BUDGET#<channel>#<second> | #    |                             |          |
 * | job       | JOB#<id>          | #            | JOBS / <visible at>#<id> (local mode only: the queue's stand-in) | |
 * | alert     | ALERT#<id>        | #            | ALERTS / <id> while firing  |          |
 * | integration secret | INTEGRATIONKEY#<hash> | # |                           |          |
 * | alert timer| TIMER#<name>     | #            | TIMERS / <due at>#<name> (local mode only) |  |
 * | maintenance timer| TIMER#maintenance-<id>-<what> | # | MAINTENANCE_TIMERS / <due at>#<name> (local mode only) | |
 * | probe hour| PROBE#<check>#<region> | H#<YYYY-MM-DDTHH> (m00…m59: a sample a minute; TTL a day) | |    |
 * | probe day | PROBE#<check>#<region> | D#<YYYY-MM-DD> (h00…h23: an hour's sums; TTL 92 days)    | |    |
 *
 * An incident's updates are items of its partition, so it takes any number of them. The incident
 * item (`#`) is the commit point: written last, with its version condition, it names its newest
 * update (`lastUpdateKey`) and each update item names the one before (`previousKey`), so update
 * items that a lost race or a crash left behind are never read. Incident items written before
 * updates had items of their own hold them inside (`incident.updates`) until their next change.
 *
 * Items whose change caused events keep them in an `outbox` map until the relay has passed them
 * on; while any wait, `outboxPk`/`outboxSk` put the item in the sparse `outbox` index. An event
 * waits there without its update's text, which the relay reads from the update's item.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items lazily, so readers also filter on it. */
  timeToLiveAttribute: 'expiresAt',
  indexes: {
    byKind: { name: 'byKind', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    open: { name: 'open', partitionKey: 'openPk', sortKey: 'gsi1sk' },
    outbox: { name: 'outbox', partitionKey: 'outboxPk', sortKey: 'outboxSk' },
  },
} as const;

export const ITEM_SORT_KEY = '#';
