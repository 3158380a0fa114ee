import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A key that signs access and ID tokens. The private key is stored encrypted under a key
 * derived from SECRET_KEY (AES-256-GCM), so a database dump alone cannot mint tokens.
 */
@Entity('oauth2_signing_keys')
export class SigningKey {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'varchar', length: 16 })
  alg: string;

  /** The public JWK, as published at /oauth2/jwks. */
  @Column({ type: 'text' })
  publicJwk: string;

  @Column({ type: 'text', select: false })
  privateKeyEncrypted?: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  /** Signs from this time on; published in JWKS before it, so every verifier knows it first. */
  @Column({ type: 'datetime' })
  activatesAt: Date;

  /** Removed from JWKS after this time (once every token it signed has expired); null: in use. */
  @Column({ type: 'datetime', nullable: true })
  expiresAt: Date | null;
}
