import { Body, Controller, Delete, Get, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../principal/route-rules.decorators';
import { Principal } from '../principal/principal';
import { AppError } from '../common/errors/app-error';
import { ErrorBody } from '../common/errors/error-body.dto';
import { UserIdPipe } from '../users/user-id.pipe';
import { AuthorizationQueries } from './authorization-queries.service';
import { AuthorizationsService } from './authorizations.service';
import { AuthorizationResponse, NarrowAuthorizationDto } from './dto/authorization.response';

/** "Manage my grants" (docs/mediawiki-compatibility.md#authorizations), for holders of mwoauthmanagemygrants. */
@ApiTags('authorizations')
@Controller('api/v1/me/authorizations')
export class MyAuthorizationsController {
  constructor(
    private readonly queries: AuthorizationQueries,
    private readonly authorizations: AuthorizationsService,
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @ApiOperation({ summary: 'The apps you have authorized' })
  @ApiOkResponse({ type: [AuthorizationResponse] })
  list(@CurrentPrincipal() principal: Principal): Promise<AuthorizationResponse[]> {
    return this.queries.mine(principal);
  }

  @Patch(':id')
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @ApiOperation({
    summary: 'Narrow the grants of an authorization',
    description: 'Only removes grants; hidden and identity-only grants stay.',
  })
  @ApiOkResponse({ type: AuthorizationResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  async narrow(
    @Param('id', UserIdPipe) id: number,
    @Body() body: NarrowAuthorizationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuthorizationResponse> {
    await this.authorizations.narrow(id, principal.user.id, body.grants);
    const updated = await this.queries.one(id, principal);
    if (!updated) throw AppError.notFound('No such authorization.');
    return updated;
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @ApiOperation({
    summary: 'Revoke an authorization',
    description: 'The app loses access at once: every token issued under it stops working.',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBody })
  async revoke(@Param('id', UserIdPipe) id: number, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.authorizations.revoke(id, principal.user.id);
  }
}

@ApiTags('authorizations')
@Controller('api/v1/consumers/:consumerKey/authorizations')
export class ConsumerAuthorizationsController {
  constructor(private readonly queries: AuthorizationQueries) {}

  @Get()
  @Authenticated({ rights: ['mwoauthviewprivate'] })
  @ApiOperation({
    summary: 'Every authorization of a consumer',
    description: 'Who authorized it, with which grants, and the OAuth 1.0a token key (never the secret).',
  })
  @ApiOkResponse({ type: [AuthorizationResponse] })
  @ApiNotFoundResponse({ type: ErrorBody })
  list(
    @Param('consumerKey') consumerKey: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AuthorizationResponse[]> {
    return this.queries.forConsumer(consumerKey, principal);
  }
}
