import { PasswordReset } from '../accounts/password-reset.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Authorization } from '../authorizations/authorization.entity';
import { ConsumerLogEntry } from '../consumers/consumer-log.entity';
import { Consumer } from '../consumers/consumer.entity';
import { SigningKey } from '../keys/signing-key.entity';
import { OAuth2Token } from '../tokens/oauth2-token.entity';
import { Session } from '../sessions/session.entity';
import { UserGroup } from '../users/user-group.entity';
import { User } from '../users/user.entity';

/** Every entity, listed as classes so one data source works from src/, dist/ and Jest. */
export const ENTITIES = [
  User,
  UserGroup,
  Session,
  Consumer,
  ConsumerLogEntry,
  Authorization,
  SigningKey,
  OAuth2Token,
  AuditEvent,
  PasswordReset,
];
