import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log.service';
import { AuditQueries } from './audit-queries.service';

/** The security audit log. Global, as logging is: any layer may record what it refused or changed. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditController],
  providers: [AuditLog, AuditQueries],
  exports: [AuditLog, AuditQueries],
})
export class AuditModule {}
