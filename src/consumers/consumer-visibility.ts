import { Injectable } from '@nestjs/common';
import { Consumer } from './consumer.entity';

/** Who is looking: a principal (only its user id and rights matter here), or nobody (anonymous). */
export type Viewer = { readonly user: { readonly id: number }; readonly rights: ReadonlySet<string> } | undefined;

/**
 * Field-level visibility, in one place (docs/mediawiki-compatibility.md#field-visibility), used by every
 * mapper, list and guard. Each check returns a boolean: MediaWiki's check returned a Message
 * object for a denial, which was read as `true`, so the check always passed; that cannot happen
 * here.
 */
@Injectable()
export class ConsumerVisibility {
  /** Suppressed consumers are seen only by holders of `mwoauthviewsuppressed`. */
  userCanSee(consumer: Pick<Consumer, 'deleted'>, viewer: Viewer): boolean {
    return !consumer.deleted || hasRight(viewer, 'mwoauthviewsuppressed');
  }

  /** Private data (others' authorizations, access token keys): `mwoauthviewprivate`. */
  userCanSeePrivate(consumer: Pick<Consumer, 'deleted'>, viewer: Viewer): boolean {
    return hasRight(viewer, 'mwoauthviewprivate') && this.userCanSee(consumer, viewer);
  }

  /**
   * Email, IP restrictions and RSA key: the owner; never anyone else for owner-only consumers
   * (they are personal); otherwise reviewers (`mwoauthmanageconsumer`).
   */
  userCanSeeSecurity(consumer: Pick<Consumer, 'deleted' | 'ownerId' | 'ownerOnly'>, viewer: Viewer): boolean {
    if (this.isOwner(consumer, viewer)) return this.userCanSee(consumer, viewer);
    if (consumer.ownerOnly) return false;
    return hasRight(viewer, 'mwoauthmanageconsumer') && this.userCanSee(consumer, viewer);
  }

  userCanSeeEmail(consumer: Pick<Consumer, 'deleted' | 'ownerId' | 'ownerOnly'>, viewer: Viewer): boolean {
    return this.userCanSeeSecurity(consumer, viewer);
  }

  /** Never: the secret is shown only in the one response that creates or resets it. */
  userCanSeeSecret(): false {
    return false;
  }

  isOwner(consumer: Pick<Consumer, 'ownerId'>, viewer: Viewer): boolean {
    return viewer !== undefined && viewer.user.id === consumer.ownerId;
  }
}

export function hasRight(viewer: Viewer, right: string): boolean {
  return viewer?.rights.has(right) ?? false;
}
