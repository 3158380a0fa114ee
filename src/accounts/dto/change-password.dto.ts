import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    writeOnly: true,
    minLength: 8,
    maxLength: 1024,
    description: 'At least 8 characters, not the username, not the current password.',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(1024)
  newPassword: string;
}
