import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';

/** What holders of `userrights` may change. Omitted fields stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: ['sysop', 'oauthadmin'], description: 'Replaces the explicit groups.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  groups?: string[];

  @ApiPropertyOptional({ description: 'A blocked user keeps their login but only the rights of everyone (`*`).' })
  @IsOptionalNotNull()
  @IsBoolean()
  blocked?: boolean;

  @ApiPropertyOptional({ description: 'A locked account cannot log in; locking ends its sessions.' })
  @IsOptionalNotNull()
  @IsBoolean()
  locked?: boolean;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  emailVerified?: boolean;
}
