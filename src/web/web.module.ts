import { Global, Module } from '@nestjs/common';
import { CsrfGuard } from './csrf.guard';
import { CsrfService } from './csrf.service';
import { PagesService } from './pages.service';

@Global()
@Module({ providers: [CsrfService, CsrfGuard, PagesService], exports: [CsrfService, CsrfGuard, PagesService] })
export class WebModule {}
