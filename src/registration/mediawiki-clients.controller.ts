import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../principal/route-rules.decorators';
import { Principal } from '../principal/principal';
import { ErrorBody } from '../common/errors/error-body.dto';
import {
  MediaWikiClientCreated,
  MediaWikiClientDto,
  MediaWikiListClientsQuery,
  MediaWikiResetSecretDto,
} from '../consumers/dto/mediawiki-client.dto';
import { MANAGE_OWN_CLIENTS } from './consumers.controller';
import { MediaWikiClients } from './mediawiki-clients.service';

/** MediaWiki's REST client endpoints (docs/mediawiki-compatibility.md#rest), for tools written against them. */
@ApiTags('mediawiki compatibility')
@Controller('w/rest.php/oauth2/client')
export class MediaWikiClientsController {
  constructor(private readonly clients: MediaWikiClients) {}

  @Post()
  @HttpCode(200)
  @Authenticated({ rights: ['mwoauthproposeconsumer'] })
  @ApiOperation({
    summary: 'Propose an OAuth 2 client (MediaWiki RequestClient)',
    description: 'JSON or form body. Answers 200 { name, client_key, secret }.',
  })
  @ApiOkResponse({ type: MediaWikiClientCreated })
  @ApiBadRequestResponse({ type: ErrorBody })
  create(@Body() body: MediaWikiClientDto, @CurrentPrincipal() principal: Principal): Promise<MediaWikiClientCreated> {
    return this.clients.create(body, principal);
  }

  @Get()
  @Authenticated({ grants: [MANAGE_OWN_CLIENTS] })
  @ApiOperation({
    summary: 'Your clients (MediaWiki ListClients)',
    description:
      'Answers { clients: [...], total }, newest first. ' +
      `With a Bearer token: needs the grant ${MANAGE_OWN_CLIENTS}.`,
  })
  list(
    @Query() query: MediaWikiListClientsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ clients: Record<string, unknown>[]; total: number }> {
    return this.clients.list(query, principal);
  }

  @Post(':clientKey/reset_secret')
  @HttpCode(200)
  @Authenticated({ rights: ['mwoauthupdateownconsumer'] })
  @ApiOperation({
    summary: 'Reset a client secret (MediaWiki ResetClientSecret)',
    description: 'Keeps restrictions and RSA key (MediaWiki reset both to their defaults).',
  })
  @ApiOkResponse({ type: MediaWikiClientCreated })
  @ApiBadRequestResponse({ type: ErrorBody })
  resetSecret(
    @Param('clientKey') clientKey: string,
    @Body() body: MediaWikiResetSecretDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MediaWikiClientCreated> {
    return this.clients.resetSecret(clientKey, body.reason, principal);
  }
}
