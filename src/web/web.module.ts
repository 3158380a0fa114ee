import { Module } from '@nestjs/common';
import { ConsentPage } from './consent-page';
import { CsrfGuard } from './csrf.guard';
import { CsrfService } from './csrf.service';
import { PagesService } from './pages.service';

/** Server-rendered pages: the view renderer, CSRF, the consent page. Imported by the modules with pages. */
@Module({
  providers: [CsrfService, CsrfGuard, PagesService, ConsentPage],
  exports: [CsrfService, CsrfGuard, PagesService, ConsentPage],
})
export class WebModule {}
