import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { User } from './user.entity';
import { displayUsername, usernameProblem } from './username';

/** 400 for a name holding characters that hide, reorder or disguise it (docs/api.md#look-alike-usernames). */
export function refuseUnsafeUsername(username: string): void {
  const problem = usernameProblem(username);
  if (problem) throw AppError.badRequest(`Invalid username: ${problem.message}.`, [{ field: 'username', ...problem }]);
}

/** The name of the account whose look-alike key hashes to `skeletonHash`, if there is one. */
export async function findLookAlike(manager: EntityManager, skeletonHash: string): Promise<string | undefined> {
  const found = await manager.findOne(User, { where: { skeletonHash }, select: { id: true, username: true } });
  return found?.username;
}

/**
 * 409 `username_confusable`, naming the existing account as MediaWiki's AntiSpoof does
 * (`antispoof-name-conflict`): usernames are public there and here.
 */
export function lookAlikeConflict(username: string, existing: string): AppError {
  const which = `the existing account "${displayUsername(existing)}"`;
  return new AppError(
    409,
    'username_confusable',
    `The username "${displayUsername(username)}" is too similar to ${which}.`,
    [{ field: 'username', message: `is too similar to ${which}`, code: 'antispoof-name-conflict' }],
  );
}
