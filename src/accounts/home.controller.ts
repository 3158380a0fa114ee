import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PagesService } from '../web/pages.service';
import { Public } from '../principal/route-rules.decorators';

/** The home page: what Consentry is, and where to go from here. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly pages: PagesService) {}

  @Public()
  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.render(req, reply, 'home.hbs', {});
  }

  /** Browsers and feed readers ask for /favicon.ico whatever the page links: send them to the icon. */
  @Public()
  @Get('favicon.ico')
  favicon(@Res() reply: FastifyReply): void {
    void reply.code(301).header('Cache-Control', 'public, max-age=86400').redirect('/static/favicon.svg', 301);
  }
}
