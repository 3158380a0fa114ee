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
}
