import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from './optional';
import { SameAs } from './same-as';
import { stacked } from './stacked';

/**
 * Fields that several page forms share, each with one rule set. The lengths bound the work an
 * attacker can make the server do (docs/security.md#other-promises).
 */

/** `_csrf`: the page's token; `CsrfGuard` checks its value, this only its type and size. */
export function CsrfField(): PropertyDecorator {
  return stacked(IsOptionalNotNull(), IsString(), MaxLength(256));
}

/** `returnTo`: where the login or sign-up goes next; the page keeps it on this site. */
export function ReturnToField(): PropertyDecorator {
  return stacked(IsOptionalNotNull(), IsString(), MaxLength(2048));
}

/** A password being chosen: at least 8 characters (registration, a reset link, a change). */
export function NewPasswordField(): PropertyDecorator {
  return stacked(IsString(), MinLength(8), MaxLength(1024));
}

/** The chosen password typed again, reported with the form's other problems when it differs. */
export function PasswordAgainField(property: string): PropertyDecorator {
  return stacked(SameAs(property, { message: 'The two passwords are not the same.' }), IsString(), MaxLength(1024));
}
