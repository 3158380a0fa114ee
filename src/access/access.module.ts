import { DynamicModule, InjectionToken, Module, ModuleMetadata } from '@nestjs/common';
import { AccessPolicy, PolicyCatalogs, PolicySettings } from './access-policy';

/** What the policy is built from: the modules that hold the catalogs, and a factory over their services. */
export interface AccessModuleOptions {
  imports: NonNullable<ModuleMetadata['imports']>;
  inject: InjectionToken[];
  useFactory: (...services: never[]) => { catalogs: PolicyCatalogs; settings: PolicySettings };
}

/**
 * The one access policy (docs/security.md "Reason codes"), built once. Its inputs (the rights of
 * groups, the grant catalog, the configured consumers) live in features above this folder, so the
 * composition root passes them in (src/access-policy.wiring.ts) and this folder imports none of
 * them. Global because every entry point asks it, the consumer review included.
 */
@Module({})
export class AccessModule {
  static forRoot(options: AccessModuleOptions): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      imports: options.imports,
      providers: [
        {
          provide: AccessPolicy,
          inject: options.inject,
          useFactory: (...services: never[]) => {
            const { catalogs, settings } = options.useFactory(...services);
            return new AccessPolicy(catalogs, settings);
          },
        },
      ],
      exports: [AccessPolicy],
    };
  }
}
