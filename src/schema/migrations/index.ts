import { Initial1763884800000 } from './1763884800000-initial';
import { Consumers1763971200000 } from './1763971200000-consumers';
import { OAuth21764057600000 } from './1764057600000-oauth2';
import { Audit1764144000000 } from './1764144000000-audit';
import { SessionLastSeen1765008000000 } from './1765008000000-session-last-seen';
import { UsernameSkeleton1765094400000 } from './1765094400000-username-skeleton';
import { UserLanguage1765180800000 } from './1765180800000-user-language';
import { PasswordResets1765267200000 } from './1765267200000-password-resets';
import { UsernameKeyBinary1765353600000 } from './1765353600000-username-key-binary';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [
  Initial1763884800000,
  Consumers1763971200000,
  OAuth21764057600000,
  Audit1764144000000,
  SessionLastSeen1765008000000,
  UsernameSkeleton1765094400000,
  UserLanguage1765180800000,
  PasswordResets1765267200000,
  UsernameKeyBinary1765353600000,
];
