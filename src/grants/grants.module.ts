import { Module } from '@nestjs/common';
import { GrantsController } from './grants.controller';

/** `GET /api/v1/grants`: the grant catalog, for people and tools choosing what to request. */
@Module({ controllers: [GrantsController] })
export class GrantsModule {}
