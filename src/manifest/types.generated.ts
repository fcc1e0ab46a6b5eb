/* Generated from schema/access.schema.json by `npm run generate` (json-schema-to-typescript).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file is stale. */

/**
 * An email address. Emails compare case-insensitively.
 */
export type Email = string;
/**
 * A name made of letters, digits, '.', '_' and '-'.
 */
export type Name = string;
/**
 * A role exactly as Segment names it (GET /roles), e.g. `Workspace Owner`, `Source Admin`, `Source Read-only`. The suggestions are Segment's documented roles; a role Segment adds later is accepted too, and the plan checks every name against the workspace's own role list.
 */
export type Role = string;
/**
 * Which sources: `all` (all current and future sources), a list of source slugs, or `{labels: {key: value}}` for every source carrying those labels.
 */
export type SourceScope =
  | 'all'
  | [string, ...string[]]
  | {
      /**
       * Label key/value pairs a source must all carry, e.g. `{environment: prod}`.
       */
      labels: {
        [k: string]: string | undefined;
      };
    };
/**
 * Access entries: each a role plus at most one scope.
 */
export type AccessList = AccessEntry[];

/**
 * One segment-access manifest file. Every *.yaml/*.yml file under a workspace folder is read and merged; exactly one of them declares `workspace`.
 */
export interface AccessManifest {
  /**
   * Manifest format version. Always 1 for this format; every file states it so that a future format can be adopted file by file.
   */
  version: 1;
  workspace?: Workspace;
  policy?: Policy;
  /**
   * Named bundles of access, reused by members and groups through `profile:`.
   */
  profiles?: {
    /**
     * The access entries this profile grants.
     *
     * @minItems 1
     */
    [k: string]: [AccessEntry, ...AccessEntry[]] | undefined;
  };
  /**
   * People who belong to the workspace, with their access. A person missing from every file is removed (or reported, with `policy.unmanaged: report`).
   */
  members?: Member[];
  /**
   * User groups. Members join them with `groups:` on the member.
   */
  groups?: Group[];
  /**
   * Inventory of Public API tokens. The API cannot list tokens, so this list is checked against its own dates and against the Audit Trail.
   */
  tokens?: Token[];
}
/**
 * The workspace these manifests describe. Declared by exactly one file.
 */
export interface Workspace {
  /**
   * The workspace slug. Must equal the slug of the API token's workspace (GET /).
   */
  slug: string;
  /**
   * Which Segment region hosts the workspace: `us` (api.segmentapis.com, the default) or `eu` (eu1.api.segmentapis.com).
   */
  region?: 'us' | 'eu';
  /**
   * Display name, for people reading the manifests. Not compared with the workspace.
   */
  name?: string;
  /**
   * The environment variable that holds this workspace's Public API token; its name must begin with `SEGMENT_` (a manifest may never point the tool at another secret, such as GITHUB_TOKEN). Default `SEGMENT_API_TOKEN_<SLUG>` (the slug upper-cased, `-` as `_`), then `SEGMENT_API_TOKEN`. Named here, it must be set: there is no fallback.
   */
  tokenEnv?: string;
}
/**
 * Rules the plan must respect. Declared at most once.
 */
export interface Policy {
  /**
   * Email domains members may have (exact match, case-insensitive). Absent means any domain.
   *
   * @minItems 1
   */
  allowedEmailDomains?: [string, ...string[]];
  /**
   * Email domains whose members must have `expires` (agencies, contractors).
   */
  temporaryDomains?: string[];
  /**
   * The fewest Workspace Owners the workspace may have. Default 1.
   */
  minOwners?: number;
  /**
   * The most members one plan may remove, as a count (`10`) or a percentage of current members (`25%`). Default `25%`. `apply --allow-removals` overrides it.
   */
  maxRemovals?: number | string;
  /**
   * Emails the tool never removes and never takes Workspace Owner from (break-glass accounts).
   */
  protectedMembers?: Email[];
  /**
   * The most members plus pending invites the workspace may hold. Absent means no limit.
   */
  seats?: number;
  /**
   * What to do with what is in the workspace but in no manifest: `remove` it (default; run `import` first to adopt a workspace) or only `report` it. One word for everything, or per kind: `{users: remove, invites: report, groups: report}` (a kind left out is removed).
   */
  unmanaged?: ('remove' | 'report') | UnmanagedPerKind;
  /**
   * People the tool leaves alone when they are in no manifest: never removed, never reported as unmanaged, listed in the plan as ignored. Emails, or patterns where `*` stands for any characters, e.g. `*@segment.com` for Segment support accounts. Case-insensitive. A person the manifests name is managed as usual.
   */
  ignore?: string[];
  /**
   * What an identity provider provisions into the workspace (Okta, Azure AD, ... through SCIM). The tool never invites or removes its people (it says what to do in the identity provider) and still manages their access; for its groups it manages permissions and only reports membership.
   */
  identityProvider?: {
    /**
     * Email domains whose people the identity provider creates and removes (exact, case-insensitive).
     */
    domains?: string[];
    /**
     * Groups the identity provider syncs: their members come from it.
     */
    groups?: Name[];
    /**
     * People at those domains whom the identity provider does not provision (a contractor invited by hand, say): the tool invites and removes them like anyone else. Segment's API cannot tell how a person was created, so this list is the only way to say it.
     */
    except?: string[];
  };
  /**
   * Per role, the longest a grant may last: such grants must carry an `expires` at most this many days ahead.
   */
  maxDays?: {
    [k: string]: number | undefined;
  };
  /**
   * Access expiring within this many days is listed as a warning. Default 14.
   */
  expiryWarningDays?: number;
  /**
   * Rules in CEL evaluated at plan time on every member's access after the change. A `deny` rule that holds fails the plan (exit 1) and apply refuses it; a `warn` rule is a call-out in the plan. See docs/policy-rules.md.
   *
   * Items: Exactly one of `deny` and `warn`, with a name and a message.
   */
  rules?: {
    /**
     * A short unique name, shown with every finding (`no-agency-admin-on-prod`).
     */
    name: string;
    /**
     * Denies the plan when this expression is true for a member (and grant). A CEL expression (https://cel.dev). Variables: `now` (timestamp: the plan's date); `member` (map: `email`, `domain`, `external` (bool: outside `allowedEmailDomains`, or in `temporaryDomains`), `status` (`member`, `invited` or `new`), `groups` (list of names), `expires`, `reviewBy` (timestamps, absent when not set), `justification` (absent when not set), `grants` (list of the member's grants)); `grant` (map: `role`, `scope` (`workspace`, `all`, `labels` or `resource`), `resource` (map: `type` (`workspace`, `source`, `warehouse`, `space`, `function`), `slug` or `name`, `labels` (map; a key the resource lacks is absent: test with `"environment" in grant.resource.labels`)), `via` (`direct`, `group` or `profile`), `group` (the group's name when via is `group`), `expires` (timestamp, absent when not set)). A grant on all sources or on a label selector is evaluated once per source it reaches. A rule that does not name `grant` is evaluated once per member. Examples in docs/policy-rules.md.
     */
    deny?: string;
    /**
     * Calls out a member (and grant) in the plan when this expression is true. A CEL expression (https://cel.dev). Variables: `now` (timestamp: the plan's date); `member` (map: `email`, `domain`, `external` (bool: outside `allowedEmailDomains`, or in `temporaryDomains`), `status` (`member`, `invited` or `new`), `groups` (list of names), `expires`, `reviewBy` (timestamps, absent when not set), `justification` (absent when not set), `grants` (list of the member's grants)); `grant` (map: `role`, `scope` (`workspace`, `all`, `labels` or `resource`), `resource` (map: `type` (`workspace`, `source`, `warehouse`, `space`, `function`), `slug` or `name`, `labels` (map; a key the resource lacks is absent: test with `"environment" in grant.resource.labels`)), `via` (`direct`, `group` or `profile`), `group` (the group's name when via is `group`), `expires` (timestamp, absent when not set)). A grant on all sources or on a label selector is evaluated once per source it reaches. A rule that does not name `grant` is evaluated once per member. Examples in docs/policy-rules.md.
     */
    warn?: string;
    /**
     * What the finding says to the reviewer, e.g. `agency members may not administer production sources`.
     */
    message: string;
  }[];
  /**
   * Which sources hold data that needs extra care: an admin role on one of them is called out in the plan for anyone new or changed. Same shape as a source scope: a list of slugs or `{labels: {environment: prod}}`. Default: `{labels: {environment: prod}}` when some source carries that label.
   */
  sensitive?:
    | [string, ...string[]]
    | {
        /**
         * Label key/value pairs a source must all carry, e.g. `{environment: prod}`.
         */
        labels: {
          [k: string]: string | undefined;
        };
      };
}
export interface UnmanagedPerKind {
  /**
   * Members of the workspace in no manifest.
   */
  users?: 'remove' | 'report';
  /**
   * Pending invites in no manifest.
   */
  invites?: 'remove' | 'report';
  /**
   * Groups in no manifest.
   */
  groups?: 'remove' | 'report';
}
/**
 * One grant: a role plus at most one scope. Without a scope the role applies workspace-wide (all current and future resources of its kind).
 */
export interface AccessEntry {
  role: Role;
  sources?: SourceScope;
  /**
   * Destinations by name, or `{name, source}` when several sources have a destination of that name. Segment grants destination access through the destination's source, so this resolves to that source (and opens its other destinations too; the plan says which).
   *
   * @minItems 1
   */
  destinations?: [string | DestinationOnASource, ...(string | DestinationOnASource)[]];
  /**
   * Warehouses by name (settings.name) or id. Omit for all warehouses.
   *
   * @minItems 1
   */
  warehouses?: [string, ...string[]];
  /**
   * Engage/Unify spaces by slug.
   *
   * @minItems 1
   */
  spaces?: [string, ...string[]];
  /**
   * Functions by display name or id.
   *
   * @minItems 1
   */
  functions?: [string, ...string[]];
  /**
   * This grant ends at 00:00 UTC of this day.
   */
  expires?: string;
}
/**
 * A destination named by its name and the slug of its source.
 */
export interface DestinationOnASource {
  name: string;
  source: string;
}
/**
 * A person in the workspace.
 */
export interface Member {
  email: Email;
  /**
   * Display name, for people reading the manifests.
   */
  name?: string;
  /**
   * `idp`: the identity provider creates and removes this person (also implied by `policy.identityProvider.domains`). The tool manages their access but never invites or removes them.
   */
  provisionedBy?: 'idp';
  /**
   * A role exactly as Segment names it (GET /roles), e.g. `Workspace Owner`, `Source Admin`, `Source Read-only`. The suggestions are Segment's documented roles; a role Segment adds later is accepted too, and the plan checks every name against the workspace's own role list.
   */
  role?: string;
  access?: AccessList;
  /**
   * A name made of letters, digits, '.', '_' and '-'.
   */
  profile?: string;
  /**
   * Groups (see `groups`) this member belongs to.
   */
  groups?: string[];
  /**
   * The whole membership ends at 00:00 UTC of this day; the plan then removes the person.
   */
  expires?: string;
  /**
   * Why this person has this access. Expected for Workspace Owners; recorded in apply evidence.
   */
  justification?: string;
  /**
   * Date by which someone must confirm this person still needs this access (a quarterly review, say). `drift` and `review` report it once the date has passed.
   */
  reviewBy?: string;
}
/**
 * A user group and the access its members share.
 */
export interface Group {
  /**
   * The group's name, as in Segment.
   */
  name: string;
  /**
   * What the group is for, for people reading the manifests.
   */
  description?: string;
  /**
   * A name made of letters, digits, '.', '_' and '-'.
   */
  profile?: string;
  access?: AccessList;
}
/**
 * A Public API token, tracked by id (the API cannot list tokens).
 */
export interface Token {
  /**
   * The token id as it appears in the Audit Trail (`public-api-token/<id>`). Never the secret itself.
   */
  id: string;
  /**
   * What the token is for, as entered in Segment.
   */
  description: string;
  /**
   * An email address. Emails compare case-insensitively.
   */
  owner: string;
  /**
   * When the token was created in Segment (the review shows its age from it).
   */
  created?: string;
  /**
   * When the token must have been rotated or revoked.
   */
  expires?: string;
}
