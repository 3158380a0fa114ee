import { ApiProperty } from '@nestjs/swagger';

export class GrantResponse {
  @ApiProperty({ example: 'editpage' })
  name: string;

  @ApiProperty({ example: 'Edit existing pages', description: 'Plain words, for consent screens.' })
  description: string;

  @ApiProperty({ example: 'page-interaction' })
  group: string;

  @ApiProperty({ example: 'low', enum: ['low', 'vandalism', 'security', 'internal'] })
  risk: string;

  @ApiProperty({ example: ['edit', 'minoredit', 'applychangetags'] })
  rights: string[];

  @ApiProperty({ description: 'Always included (basic); not offered as a choice.' })
  hidden: boolean;

  @ApiProperty({ description: 'Identity only: carries no rights.' })
  authOnly: boolean;
}

export class GrantCatalogResponse {
  @ApiProperty({ type: [GrantResponse] })
  grants: GrantResponse[];

  @ApiProperty({
    example: { useoauth: 'basic', authonly: 'mwoauth-authonly', authonlyprivate: 'mwoauth-authonlyprivate' },
    description: 'Legacy names still accepted.',
  })
  legacyNames: Record<string, string>;
}
