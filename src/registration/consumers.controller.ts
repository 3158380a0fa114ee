import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentPrincipal, Public } from '../principal/route-rules.decorators';
import { Principal } from '../principal/principal';
import { ErrorBody } from '../common/errors/error-body.dto';
import { ConsumerApi } from './consumer-api.service';
import { ConsumerPage, ConsumerResponse, ConsumerWithSecretResponse } from '../consumers/dto/consumer.response';
import { ConsumerLogPage, ConsumerStatsResponse } from '../consumers/dto/consumer-log.response';
import { ListConsumersQuery, ListLogQuery } from '../consumers/dto/list-consumers.query';
import { ProposeConsumerDto } from '../consumers/dto/propose-consumer.dto';
import { ReviewConsumerDto } from '../consumers/dto/review-consumer.dto';
import { ResetSecretDto, UpdateConsumerDto } from '../consumers/dto/update-consumer.dto';

/** The grant a Bearer token needs to list or manage its user's consumers (MediaWiki's mwoauthmanageownclient). */
export const MANAGE_OWN_CLIENTS = 'oauthmanageownclient';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag from the last read of this consumer.' };

@ApiTags('consumers')
@Controller('api/v1/consumers')
export class ConsumersController {
  constructor(private readonly api: ConsumerApi) {}

  @Post()
  @Authenticated({ rights: ['mwoauthproposeconsumer'] })
  @ApiOperation({
    summary: 'Propose a consumer',
    description:
      'The response is the only time the secret ' +
      '(and, for owner-only OAuth 1.0a consumers, the access credentials) is shown.',
  })
  @ApiCreatedResponse({ type: ConsumerWithSecretResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiConflictResponse({ type: ErrorBody })
  propose(
    @Body() body: ProposeConsumerDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerWithSecretResponse> {
    return this.api.propose(body, principal, reply);
  }

  @Get()
  @Public()
  @ApiOperation({
    summary: 'List consumers',
    description: 'Approved ones by default. Suppressed consumers appear only to holders of mwoauthviewsuppressed.',
  })
  @ApiOkResponse({ type: ConsumerPage })
  @ApiBadRequestResponse({ type: ErrorBody })
  list(@Query() query: ListConsumersQuery, @CurrentPrincipal() principal?: Principal): Promise<ConsumerPage> {
    return this.api.list(query, principal);
  }

  @Get('mine')
  @Authenticated({ grants: [MANAGE_OWN_CLIENTS] })
  @ApiOperation({
    summary: 'Your consumers, every stage',
    description: `With a Bearer token: needs the grant ${MANAGE_OWN_CLIENTS}.`,
  })
  @ApiOkResponse({ type: ConsumerPage })
  mine(@Query() query: ListConsumersQuery, @CurrentPrincipal() principal: Principal): Promise<ConsumerPage> {
    return this.api.mine(query, principal);
  }

  @Get('stats')
  @Authenticated({ rights: ['mwoauthmanageconsumer'] })
  @ApiOperation({ summary: 'Consumers per stage, for the review hub' })
  @ApiOkResponse({ type: ConsumerStatsResponse })
  stats(@CurrentPrincipal() principal: Principal): Promise<ConsumerStatsResponse> {
    return this.api.stats(principal);
  }

  @Get(':consumerKey')
  @Public()
  @ApiOperation({
    summary: 'One consumer',
    description:
      'Email, restrictions and RSA key are shown to the owner and (except for owner-only consumers) to reviewers. ' +
      'The ETag header is needed for changes.',
  })
  @ApiOkResponse({ type: ConsumerResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  get(
    @Param('consumerKey') key: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerResponse> {
    return this.api.get(key, principal, reply);
  }

  @Patch(':consumerKey')
  @Authenticated({ rights: ['mwoauthupdateownconsumer'] })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Change restrictions or the RSA key of your consumer',
    description: 'Only the owner, in the proposed or approved stage.',
  })
  @ApiOkResponse({ type: ConsumerResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiPreconditionFailedResponse({ type: ErrorBody })
  update(
    @Param('consumerKey') key: string,
    @Body() body: UpdateConsumerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerResponse> {
    return this.api.update(key, body, ifMatch, principal, reply);
  }

  @Post(':consumerKey/reset-secret')
  @HttpCode(200)
  @Authenticated({ rights: ['mwoauthupdateownconsumer'] })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Reset the secret of your consumer',
    description: 'Restrictions and RSA key are kept. Owner-only consumers also get new access credentials.',
  })
  @ApiOkResponse({ type: ConsumerWithSecretResponse })
  @ApiPreconditionFailedResponse({ type: ErrorBody })
  resetSecret(
    @Param('consumerKey') key: string,
    @Body() body: ResetSecretDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerWithSecretResponse> {
    return this.api.resetSecret(key, body, ifMatch, principal, reply);
  }

  @Post(':consumerKey/review')
  @HttpCode(200)
  @Authenticated({ rights: ['mwoauthmanageconsumer'] })
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Approve, reject, disable or re-enable a consumer',
    description: 'suppress (with reject or disable) hides it; touching suppression needs mwoauthsuppress.',
  })
  @ApiOkResponse({ type: ConsumerResponse })
  @ApiConflictResponse({ description: 'Not allowed from the current stage.', type: ErrorBody })
  @ApiPreconditionFailedResponse({ type: ErrorBody })
  review(
    @Param('consumerKey') key: string,
    @Body() body: ReviewConsumerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsumerResponse> {
    return this.api.review(key, body, ifMatch, principal, reply);
  }

  @Get(':consumerKey/log')
  @Public()
  @ApiOperation({ summary: 'The log of one consumer, newest first' })
  @ApiOkResponse({ type: ConsumerLogPage })
  @ApiNotFoundResponse({ type: ErrorBody })
  log(
    @Param('consumerKey') key: string,
    @Query() query: ListLogQuery,
    @CurrentPrincipal() principal?: Principal,
  ): Promise<ConsumerLogPage> {
    return this.api.consumerLog(key, query, principal);
  }
}

@ApiTags('consumers')
@Controller('api/v1/consumer-log')
export class ConsumerLogController {
  constructor(private readonly api: ConsumerApi) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'The consumer log, newest first',
    description: 'Entries about suppressed consumers appear only to holders of mwoauthviewsuppressed.',
  })
  @ApiOkResponse({ type: ConsumerLogPage })
  @ApiBadRequestResponse({ type: ErrorBody })
  list(@Query() query: ListLogQuery, @CurrentPrincipal() principal?: Principal): Promise<ConsumerLogPage> {
    return this.api.log(query, principal);
  }
}
