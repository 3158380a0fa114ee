import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../principal/route-rules.decorators';
import { Principal } from '../principal/principal';
import { ErrorBody } from '../common/errors/error-body.dto';
import { CreateUserDto } from '../users/dto/create-user.dto';
import { UpdateUserDto } from '../users/dto/update-user.dto';
import { UserResponse } from '../users/dto/user.response';
import { UserAdminService } from './user-admin.service';
import { UserIdPipe } from '../users/user-id.pipe';
import { UserMapper } from './user.mapper';
import { UsersService } from '../users/users.service';
import { UserSearchPage, UserSearchQuery } from './dto/user-search.query';
import { UserSearch } from './user-search.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly admin: UserAdminService,
    private readonly mapper: UserMapper,
    private readonly search: UserSearch,
  ) {}

  @Get()
  @Authenticated({ rights: ['userrights'] })
  @ApiOperation({
    summary: 'Find users',
    description:
      'q: part of the username or email address, any case (wildcards match themselves); filters combine. ' +
      'Email addresses (and real names) are shown and searched only for callers who may see them: ' +
      'holders of userrights, through an application only with a grant carrying viewmyprivateinfo.',
  })
  @ApiOkResponse({ type: UserSearchPage })
  @ApiBadRequestResponse({ type: ErrorBody })
  list(@Query() query: UserSearchQuery, @CurrentPrincipal() principal: Principal): Promise<UserSearchPage> {
    return this.search.search(query, principal);
  }

  @Get('me')
  @Authenticated({ identity: true })
  @ApiOperation({
    summary: 'The logged-in user, with groups and rights',
    description:
      'With a Bearer token: the rights within its grants; realName and email only with a grant carrying ' +
      'viewmyprivateinfo (privateinfo, mwoauth-authonlyprivate).',
  })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentPrincipal() principal: Principal): UserResponse {
    return this.mapper.toSelf(principal);
  }

  @Get(':id')
  @Authenticated({ rights: ['userrights'] })
  @ApiOperation({ summary: 'A user by central id' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiBadRequestResponse({ type: ErrorBody })
  async get(@Param('id', UserIdPipe) id: number): Promise<UserResponse> {
    return this.mapper.toResponse(await this.users.getById(id));
  }

  @Post()
  @Authenticated({ rights: ['userrights'] })
  @ApiOperation({ summary: 'Create a user' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiConflictResponse({ description: 'The username is taken.', type: ErrorBody })
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return this.mapper.toResponse(await this.users.create(body));
  }

  @Patch(':id')
  @Authenticated({ rights: ['userrights'] })
  @ApiOperation({
    summary: 'Change groups, block, lock or email verification',
    description: 'Locking ends every session of the user at once.',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ type: ErrorBody })
  @ApiBadRequestResponse({ type: ErrorBody })
  async update(
    @Param('id', UserIdPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: FastifyRequest,
  ): Promise<UserResponse> {
    return this.mapper.toResponse(await this.admin.update(id, body, principal.user, req.ip));
  }
}
