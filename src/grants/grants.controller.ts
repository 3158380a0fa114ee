import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../principal/route-rules.decorators';
import { GrantCatalog } from '../catalog/grant-catalog';
import { GrantCatalogResponse } from './grant.response';

@ApiTags('grants')
@Controller('api/v1/grants')
export class GrantsController {
  constructor(private readonly catalog: GrantCatalog) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The grant catalog',
    description: 'Every grant a consumer may ask for, with its rights, group, risk and a plain-language description.',
  })
  @ApiOkResponse({ type: GrantCatalogResponse })
  list(): GrantCatalogResponse {
    return { grants: this.catalog.list(), legacyNames: this.catalog.legacyNames };
  }
}
