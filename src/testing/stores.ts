import type { EntityManager } from 'typeorm';
import { Authorization } from '../authorizations/authorization.entity';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AuditInput, AuditLog } from '../audit/audit-log.service';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { Grant, IssuedTokens, TokenIssuer } from '../tokens/token-issuer.service';
import { TokenStore } from '../tokens/token-store.service';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/**
 * In-memory fakes of the stores the core services read, holding the rows a spec puts in them and
 * recording what the service wrote. Each casts itself to the real class with `as*()`.
 */

/** The grants that survive any narrowing (catalog/grants.json: hidden ∪ auth-only). */
const IRREVOCABLE = ['basic', 'mwoauth-authonly', 'mwoauth-authonlyprivate'];

export class FakeAuthorizations {
  readonly rows = new Map<number, Authorization>();
  readonly authorized: { user: User; consumer: Consumer; requestedGrants?: string[] }[] = [];
  private nextId = 1000;

  constructor(...rows: Authorization[]) {
    for (const row of rows) this.rows.set(row.id, row);
  }

  async findById(id: number): Promise<Authorization | null> {
    return this.rows.get(id) ?? null;
  }

  findByIdCached(id: number): Promise<Authorization | null> {
    return this.findById(id);
  }

  async findFor(userId: number, consumerId: number, wiki: string): Promise<Authorization | null> {
    return (
      [...this.rows.values()].find((a) => a.userId === userId && a.consumerId === consumerId && a.wiki === wiki) ?? null
    );
  }

  async findByAccessTokenCached(accessToken: string): Promise<Authorization | null> {
    return [...this.rows.values()].find((a) => a.accessToken === accessToken) ?? null;
  }

  /** As the real service: OAuth 1.0a and unscoped requests get all the consumer's grants. */
  grantsFor(consumer: Pick<Consumer, 'grants' | 'oauthVersion'>, requested?: readonly string[]): string[] {
    if (consumer.oauthVersion === 1 || requested === undefined) return [...consumer.grants];
    const wanted = new Set([...IRREVOCABLE, ...requested]);
    return consumer.grants.filter((g) => wanted.has(g));
  }

  async authorize(
    user: User,
    consumer: Consumer,
    options: { requestedGrants?: string[] } = {},
  ): Promise<{ authorization: Authorization }> {
    this.authorized.push({ user, consumer, requestedGrants: options.requestedGrants });
    const authorization = {
      id: this.nextId++,
      userId: user.id,
      consumerId: consumer.id,
      wiki: consumer.wiki,
      grants: this.grantsFor(consumer, options.requestedGrants),
      acceptedAt: new Date(),
      oauthVersion: consumer.oauthVersion,
      accessToken: 'e'.repeat(32),
      accessSecretSeed: 'new-seed',
    } as Authorization;
    this.rows.set(authorization.id, authorization);
    return { authorization };
  }

  asService(): AuthorizationsService {
    return this as unknown as AuthorizationsService;
  }
}

export class FakeUsers {
  readonly rows = new Map<number, User>();

  constructor(...users: User[]) {
    for (const user of users) this.rows.set(user.id, user);
  }

  async findById(id: number): Promise<User | null> {
    return this.rows.get(id) ?? null;
  }

  findByIdCached(id: number): Promise<User | null> {
    return this.findById(id);
  }

  asService(): UsersService {
    return this as unknown as UsersService;
  }
}

export class FakeConsumerLookup {
  readonly rows = new Map<string, Consumer>();

  constructor(...consumers: Consumer[]) {
    for (const consumer of consumers) this.rows.set(consumer.consumerKey, consumer);
  }

  async findByKey(consumerKey: string): Promise<Consumer | null> {
    return this.rows.get(consumerKey) ?? null;
  }

  findByKeyCached(consumerKey: string): Promise<Consumer | null> {
    return this.findByKey(consumerKey);
  }

  asService(): ConsumerLookup {
    return this as unknown as ConsumerLookup;
  }
}

/** Refresh tokens by their plain value; `consume` succeeds once per row, as the conditional UPDATE does. */
export class FakeTokenStore {
  readonly refresh = new Map<string, OAuth2Token>();
  readonly consumed = new Set<number>();
  readonly consumedWith: EntityManager[] = [];
  readonly revokedFamilies: string[] = [];
  /** What `transaction` hands its work, standing for the transaction's entity manager. */
  readonly manager = { fake: 'transaction manager' } as unknown as EntityManager;
  transactions = 0;

  async findRefresh(token: string): Promise<OAuth2Token | null> {
    return this.refresh.get(token) ?? null;
  }

  async consume(id: number, manager: EntityManager): Promise<boolean> {
    this.consumedWith.push(manager);
    if (this.consumed.has(id)) return false;
    this.consumed.add(id);
    return true;
  }

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work(this.manager);
  }

  async revokeFamily(familyId: string): Promise<void> {
    this.revokedFamilies.push(familyId);
  }

  asService(): TokenStore {
    return this as unknown as TokenStore;
  }
}

/** Issues a fixed token set and records what it was asked to issue. */
export class FakeTokenIssuer {
  readonly issued: { grant: Grant; options: { refresh: boolean; manager?: EntityManager } }[] = [];

  async issue(grant: Grant, options: { refresh: boolean; manager?: EntityManager }): Promise<IssuedTokens> {
    this.issued.push({ grant, options });
    const tokens: IssuedTokens = {
      access_token: 'access-token',
      token_type: 'Bearer',
      expires_in: 3600,
      scope: grant.scopes.join(' '),
    };
    if (options.refresh) tokens.refresh_token = 'refresh-token';
    return tokens;
  }

  asService(): TokenIssuer {
    return this as unknown as TokenIssuer;
  }
}

export class FakeAuditLog {
  readonly recorded: AuditInput[] = [];
  readonly counted: AuditInput[] = [];

  async record(input: AuditInput): Promise<void> {
    this.recorded.push(input);
  }

  count(input: AuditInput): void {
    this.counted.push(input);
  }

  asService(): AuditLog {
    return this as unknown as AuditLog;
  }
}
