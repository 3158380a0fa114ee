import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** What holders of `userrights` may change. Omitted fields stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: ['sysop', 'oauthadmin'], description: 'Replaces the explicit groups.' })
  @IsOptional() @IsArray() @ArrayMaxSize(32) @IsString({ each: true }) @MaxLength(64, { each: true })
  groups?: string[];

  @ApiPropertyOptional({ description: 'A blocked user keeps their login but only the rights of everyone (`*`).' })
  @IsOptional() @IsBoolean()
  blocked?: boolean;

  @ApiPropertyOptional({ description: 'A locked account cannot log in; locking ends its sessions.' })
  @IsOptional() @IsBoolean()
  locked?: boolean;

  @ApiPropertyOptional()
  @IsOptional() @IsBoolean()
  emailVerified?: boolean;
}
