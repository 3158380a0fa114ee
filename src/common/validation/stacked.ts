import { applyDecorators } from '@nestjs/common';

/**
 * Property decorators applied as if written one above the other: the last first, as TypeScript
 * applies a stack. class-validator checks (and lists the messages of) a field's rules in the order
 * they were applied, so a shared rule set answers exactly as the stack it replaces.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...[...decorators].reverse());
}
