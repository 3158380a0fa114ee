import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../principal/route-rules.decorators';
import { AuditQueries } from './audit-queries.service';
import { AuditPage } from './dto/audit-page.response';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly queries: AuditQueries) {}

  @Get()
  @Authenticated({ rights: ['mwoauthviewprivate'] })
  @ApiOperation({
    summary: 'Security events, newest first',
    description:
      'Failed and throttled logins, refused signatures and tokens (counted), code and refresh-token reuse, ' +
      'secret resets, key rotations, account changes.',
  })
  @ApiOkResponse({ type: AuditPage })
  list(@Query() query: AuditQuery): Promise<AuditPage> {
    return this.queries.page(query);
  }
}
