import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional';
import { stacked } from '../../common/validation/stacked';

/**
 * `restrictions` as a proposal sets it and an update changes it (docs/mediawiki-compatibility.md#proposals):
 * at most 100 IP addresses or CIDR ranges of at most 64 characters each; absent keeps what there is,
 * `null` is refused. Whether each is a valid range is checked where the consumer is written.
 */
export function RestrictionsField(): PropertyDecorator {
  return stacked(
    IsOptionalNotNull(),
    IsArray(),
    ArrayMaxSize(100),
    IsString({ each: true }),
    MaxLength(64, { each: true }),
  );
}
