import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../common/config/app-config.service';
import { SESSION_COOKIE } from '../caller/session-cookie';
import { packageVersion } from '../common/package-version';

/** The OpenAPI document, built from the controllers and DTOs (nothing written by hand). */
export function buildOpenApiDocument(app: NestFastifyApplication, serverUrl?: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Consentry')
    .setDescription(
      'OAuth 1.0a and OAuth 2.0 provider: admin and user API. ' +
        'Errors are JSON `{ error, message, details? }`; every response carries `X-Request-Id`.',
    )
    .setVersion(packageVersion())
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A login session from POST /login.' },
      'session',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An OAuth 2 access token acting for a user: ' +
          "its grants bound what each route shows and allows (see each route's 403).",
      },
      'bearer',
    );
  if (serverUrl) builder.addServer(serverUrl);
  return SwaggerModule.createDocument(app, builder.build());
}

/** Serves `/openapi.json` and Swagger UI at `/docs`. */
export function setupOpenApi(app: NestFastifyApplication, config: AppConfig): void {
  const document = buildOpenApiDocument(app, config.publicUrl);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: `Consentry ${packageVersion()} API`,
  });
}
