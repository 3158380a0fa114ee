import { ConsumerStage } from './consumer-stage';
import { ipInRanges } from '../common/net/ip-ranges';
import { AccessRequest, ConsumerFacts, Entry, UserFacts } from './facts';
import { Reason } from './reasons';
import { isSnapshot } from '../database/cache/snapshot';

/** What the policy needs to know of the catalogs and configuration: read once at boot, never changed. */
export interface PolicyCatalogs {
  /** The account's own rights: its groups', everyone's when blocked, none when locked. */
  accountRights(user: UserFacts): ReadonlySet<string>;
  /** Effective groups, implicit ones included. */
  groups(user: UserFacts): string[];
  /** What everyone may do: an app-only credential acts as nobody (docs/mediawiki-compatibility.md#rights). */
  readonly everyoneRights: ReadonlySet<string>;
  grantRights(grants: readonly string[]): ReadonlySet<string>;
  isAuthOnly(grant: string): boolean;
  /** A configuration-based consumer whose entry is in STATIC_CONSUMERS_FILE (it behaves as approved). */
  isConfigured(consumerKey: string): boolean;
}

export interface PolicySettings {
  /** This API's wiki id (WIKI_ID), `*` for any. */
  readonly wikiId: string;
  readonly disabledActions: readonly string[];
  readonly allowSelfReview: boolean;
}

export interface Allowed {
  readonly allowed: true;
  /** What the credential may use; null for a session, which no grant bounds. */
  readonly grants: readonly string[] | null;
  /** Effective rights: the user's own within the grants' (shared: read-only). */
  readonly rights: ReadonlySet<string>;
  readonly groups: readonly string[];
}

export interface Refused {
  readonly allowed: false;
  readonly reason: Reason;
  /** Safe to show: names no secret. */
  readonly detail: string;
}

export type Decision = Allowed | Refused;

const VERSION: Partial<Record<Entry, 1 | 2>> = {
  'oauth1.initiate': 1,
  'oauth1.authorize': 1,
  'oauth1.token': 1,
  'oauth2.redirect': 2,
  'oauth2.authorize': 2,
  'oauth2.token': 2,
  'oauth2.client': 2,
  introspection: 2,
};

/** Where a browser travels to the client's callback: owner-only consumers have no such flow. */
const THREE_LEGGED = new Set<Entry>([
  'oauth1.initiate',
  'oauth1.authorize',
  'oauth1.token',
  'oauth2.redirect',
  'oauth2.authorize',
]);

/** Entry points where the user decides to authorize, which needs `mwoauthmanagemygrants`. */
const CONSENTING = new Set<Entry>(['oauth1.authorize', 'oauth2.authorize']);

/** Bounded: grant sets are few, but a flood of distinct ones must not grow memory. */
const ENTITLEMENTS_PER_USER = 256;

const refuse = (reason: Reason, detail: string): Refused => ({ allowed: false, reason, detail });

/**
 * The one decision for who may act (docs/development.md#house-rules; docs/security.md "Reason codes"): a
 * consumer acts for a user only while the user, the consumer and the authorization all allow it,
 * with no more rights than the grants give. Pure and synchronous: facts in, a decision out. The
 * rights of an allowed decision are memoized per user snapshot and grant set: the hot caches'
 * users, which are frozen and replaced, never changed, when their rows change (any other user
 * object is decided afresh each time).
 */
export class AccessPolicy {
  private readonly byUser = new WeakMap<UserFacts, Map<string, Allowed>>();
  private readonly appOnly = new Map<string, Allowed>();

  constructor(
    private readonly catalogs: PolicyCatalogs,
    private readonly settings: PolicySettings,
  ) {}

  decide(request: AccessRequest): Decision {
    switch (request.use.entry) {
      case 'session':
        return this.session(request);
      case 'review':
        return this.review(request);
      default:
        return this.withConsumer(request);
    }
  }

  /**
   * What can be decided before the user is known, from the consumer and the entry point alone:
   * asked before a signature is checked or a single-use value is spent. `decide` asks it again.
   */
  checkClient(use: AccessRequest['use'], consumer: ConsumerFacts | null, clientIp?: string): Refused | undefined {
    return this.clientRefusal({ use, consumer, clientIp, user: null });
  }

  /**
   * MediaWiki's `Consumer::isUsableBy` (docs/mediawiki-compatibility.md#stages): approved and not
   * owner-only, or, for its owner, proposed or approved; a configuration-based consumer with its
   * entry behaves as approved. A null user (app-only) is never the owner.
   */
  isUsableBy(consumer: ConsumerFacts, userId: number | null): boolean {
    if (consumer.deleted) return false;
    const stage =
      consumer.stage === ConsumerStage.ConfigurationBased && this.catalogs.isConfigured(consumer.consumerKey)
        ? ConsumerStage.Approved
        : consumer.stage;
    if (stage === ConsumerStage.Approved && !consumer.ownerOnly) return true;
    const isOwner = userId !== null && userId === consumer.ownerId;
    return isOwner && (stage === ConsumerStage.Proposed || stage === ConsumerStage.Approved);
  }

  private withConsumer(r: AccessRequest): Decision {
    const refused = this.clientRefusal(r) ?? this.credentialRefusal(r) ?? this.userRefusal(r);
    if (refused) return refused;
    const allowed = this.entitlement(r.user, this.grantsOf(r));
    return this.useRefusal(r, allowed) ?? allowed;
  }

  /** What depends on the consumer and the entry point alone. */
  private clientRefusal(r: AccessRequest): Refused | undefined {
    const { consumer, use } = r;
    if (!consumer || consumer.deleted) return refuse('consumer_unknown', 'No such application.');
    const version = VERSION[use.entry];
    if (version !== undefined && consumer.oauthVersion !== version)
      return refuse(
        'consumer_wrong_version',
        `This application uses OAuth ${consumer.oauthVersion === 1 ? '1.0a' : '2'}.`,
      );
    if (consumer.ownerOnly && THREE_LEGGED.has(use.entry))
      return refuse('consumer_owner_only', 'This owner-only application cannot be authorized in a browser flow.');
    const grantType =
      use.entry === 'oauth2.token'
        ? use.grantType
        : use.entry === 'oauth2.authorize'
          ? 'authorization_code'
          : undefined;
    if (grantType !== undefined && !(consumer.oauth2GrantTypes ?? []).includes(grantType)) {
      return refuse('grant_type_not_allowed', `This client may not use the ${grantType.slice(0, 40)} grant.`);
    }
    const wiki = this.settings.wikiId;
    if (use.entry === 'gateway' && wiki !== '*' && consumer.wiki !== '*' && consumer.wiki !== wiki)
      return refuse('wrong_wiki', `This application is not for ${wiki}.`);
    // The allow-list applies to every request the client itself makes, both protocols
    // (docs/mediawiki-compatibility.md#ip-restrictions).
    if (r.clientIp !== undefined && !ipInRanges(r.clientIp, consumer.restrictions))
      return refuse('ip_not_allowed', 'Requests from this IP address are not allowed for this application.');
    return undefined;
  }

  /** The authorization a credential stands for: still there, this consumer's and this user's, for this API. */
  private credentialRefusal(r: AccessRequest): Refused | undefined {
    if (r.authorization === undefined) return undefined;
    const { authorization, consumer } = r;
    if (!authorization || authorization.consumerId !== consumer!.id || authorization.userId !== r.user?.id) {
      return refuse('authorization_missing', 'The authorization was revoked.');
    }
    const wiki = this.settings.wikiId;
    if (r.use.entry === 'gateway' && wiki !== '*' && authorization.wiki !== '*' && authorization.wiki !== wiki) {
      return refuse('wrong_wiki', `This authorization is not for ${wiki}.`);
    }
    return undefined;
  }

  private userRefusal(r: AccessRequest): Refused | undefined {
    const { use, user } = r;
    const consumer = r.consumer!;
    if (use.entry === 'oauth1.initiate' || use.entry === 'oauth2.client') return undefined;
    if (use.entry === 'oauth2.redirect') {
      if (this.isUsableBy(consumer, user?.id ?? null)) return undefined;
      // A proposed consumer may be tested by its owner: who that is is known after login.
      if (!user && consumer.stage === ConsumerStage.Proposed) return refuse('login_required', 'Log in to continue.');
      return refuse('consumer_not_approved', `The application "${consumer.name}" is not approved for use.`);
    }
    if (!user) {
      if (CONSENTING.has(use.entry)) return refuse('login_required', 'Log in to authorize applications.');
      if (use.entry === 'resource' && use.needsUser) return refuse('no_user', 'This credential acts for no user.');
    } else {
      if (user.locked) return refuse('user_locked', 'The user is locked.');
      if (user.blocked) return refuse('user_blocked', 'The user is blocked.');
      if (CONSENTING.has(use.entry) && !this.catalogs.accountRights(user).has('mwoauthmanagemygrants')) {
        return refuse('right_missing', 'This requires the right: mwoauthmanagemygrants.');
      }
    }
    if (!this.isUsableBy(consumer, user?.id ?? null)) {
      if (consumer.ownerOnly)
        return refuse('consumer_owner_only', 'This owner-only application acts for its owner alone.');
      return refuse('consumer_not_approved', `The application "${consumer.name}" is not approved for use.`);
    }
    return undefined;
  }

  /** What the entry point itself asks of the allowed credential. */
  private useRefusal(r: AccessRequest, allowed: Allowed): Refused | undefined {
    const { use } = r;
    if (use.entry === 'gateway') {
      const disabled = this.settings.disabledActions;
      const action = disabled.length === 0 ? undefined : use.actions.find((a) => disabled.includes(a));
      if (action !== undefined) return refuse('action_disabled', `The "${action}" module is not available with OAuth.`);
      return rightsRefusal(use.rights, allowed.rights);
    }
    if (use.entry !== 'resource') return undefined;
    const grants = allowed.grants!;
    if (!use.identity && grants.some((g) => this.catalogs.isAuthOnly(g))) {
      return refuse('identity_only', 'This credential only verifies who the user is.');
    }
    const missingGrant = use.grants?.find((g) => !grants.includes(g));
    if (missingGrant !== undefined) return refuse('grant_missing', `This requires the grant: ${missingGrant}.`);
    return rightsRefusal(use.rights, allowed.rights);
  }

  private session(r: AccessRequest): Decision {
    const { user, use } = r;
    if (!user) return refuse('login_required', 'Log in first.');
    if (user.locked) return refuse('user_locked', 'The user is locked.');
    // A block ends the user's sessions; this refuses any left over, on every instance, at once.
    if (user.blocked) return refuse('user_blocked', 'The user is blocked.');
    const allowed = this.entitlement(user, null);
    return rightsRefusal(use.entry === 'session' ? use.rights : undefined, allowed.rights) ?? allowed;
  }

  /** Four eyes (docs/security.md): nobody decides on their own proposal; suppression needs its right. */
  private review(r: AccessRequest): Decision {
    const { user, consumer, use } = r;
    if (use.entry !== 'review' || !consumer) return refuse('consumer_unknown', 'No such application.');
    if (user && consumer.ownerId === user.id && !this.settings.allowSelfReview) {
      return refuse('self_review', 'You cannot review your own proposal: another reviewer must.');
    }
    // Touching suppression in either direction, or a suppressed consumer at all.
    if ((use.suppression || consumer.deleted) && !use.rights.has('mwoauthsuppress'))
      return refuse('right_missing', 'This requires the right: mwoauthsuppress.');
    return { allowed: true, grants: null, rights: use.rights, groups: [] };
  }

  private grantsOf(r: AccessRequest): readonly string[] {
    return r.grants ?? r.authorization?.grants ?? r.consumer?.grants ?? [];
  }

  /**
   * Rights and groups for a user (null: app-only) and grant set (null: a session). Grants never
   * add a right the user lacks (docs/mediawiki-compatibility.md#rights); app-only credentials get
   * what everyone may do, within the grants.
   */
  private entitlement(user: UserFacts | null, grants: readonly string[] | null): Allowed {
    const key = grants === null ? '\u0000session' : grants.join(' ');
    if (user && !isSnapshot(user)) return this.entitle(user, grants);
    let memo = user ? this.byUser.get(user) : this.appOnly;
    if (!memo) {
      memo = new Map();
      this.byUser.set(user!, memo);
    }
    const cached = memo.get(key);
    if (cached) return cached;
    const allowed = this.entitle(user, grants);
    if (memo.size >= ENTITLEMENTS_PER_USER) memo.clear();
    memo.set(key, allowed);
    return allowed;
  }

  private entitle(user: UserFacts | null, grants: readonly string[] | null): Allowed {
    const own = user ? this.catalogs.accountRights(user) : this.catalogs.everyoneRights;
    const rights = grants === null ? new Set(own) : intersect(own, this.catalogs.grantRights(grants));
    return Object.freeze({
      allowed: true as const,
      grants: grants === null ? null : Object.freeze([...grants]),
      rights,
      groups: Object.freeze(user ? [...this.catalogs.groups(user)] : []),
    });
  }
}

function intersect(own: ReadonlySet<string>, granted: ReadonlySet<string>): Set<string> {
  return new Set([...granted].filter((right) => own.has(right)).sort());
}

function rightsRefusal(needed: readonly string[] | undefined, rights: ReadonlySet<string>): Refused | undefined {
  const missing = (needed ?? []).filter((right) => !rights.has(right));
  return missing.length === 0
    ? undefined
    : refuse('right_missing', `This requires the right${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`);
}
