import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { UsersService } from '../users/users.service';
import { AuthorizationsService } from './authorizations.service';
import { transact } from '../database/transact';

/**
 * Deleting an account removes, in one transaction, its authorizations, its consumers (and with
 * them their logs and everyone's authorizations of them), its sessions and its groups.
 */
@Injectable()
export class AccountDeletion {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly authorizations: AuthorizationsService,
    private readonly consumers: ConsumerLookup,
  ) {}

  async delete(username: string): Promise<{ id: number; consumers: number }> {
    const user = await this.users.findByUsername(username);
    if (!user) throw AppError.notFound(`No user named ${username}.`);
    const consumers = await transact(this.db, async (manager) => {
      await this.authorizations.deleteForUser(manager, user.id);
      const removed = await this.consumers.deleteOwnedBy(manager, user.id);
      await this.users.deleteInTransaction(manager, user.id);
      return removed;
    });
    return { id: user.id, consumers };
  }
}
