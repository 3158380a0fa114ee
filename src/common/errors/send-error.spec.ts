import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './send-error';
import { RequestRefusal } from './request-refusal';

function fakes(url: string, accept = 'application/json') {
  const log = { error: jest.fn(), warn: jest.fn() };
  const sent: { status?: number; type?: string; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const reply = {
    sent: false,
    code(status: number) {
      sent.status = status;
      return this;
    },
    headers(h: Record<string, string>) {
      Object.assign(sent.headers, h);
      return this;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return this;
    },
    type(type: string) {
      sent.type = type;
      return this;
    },
    async send(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  const request = { url, id: 'req-1', headers: { accept }, query: {}, log };
  return { request: request as unknown as FastifyRequest, reply: reply as unknown as FastifyReply, log, sent };
}

describe('sendError', () => {
  it('writes a body too deep as a 400 and logs nothing: no stack trace for a refused request', async () => {
    const { request, reply, log, sent } = fakes('/api/v1/consumers');
    await sendError(
      new RequestRefusal(400, 'The request body is nested too deeply (at most 32 levels).'),
      request,
      reply,
    );
    expect(sent).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', message: 'The request body is nested too deeply (at most 32 levels).' },
    });
    expect(log.error).not.toHaveBeenCalled();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('logs what is unexpected, with its cause, and answers a generic 500', async () => {
    const { request, reply, log, sent } = fakes('/api/v1/consumers');
    const error = new Error('secret detail');
    await sendError(error, request, reply);
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret detail');
    expect(log.error).toHaveBeenCalledWith({ err: error }, 'unexpected error');
  });

  it('renders the HTML error page through the instance when the reply has no view (router errors)', async () => {
    const { request, reply, sent } = fakes('/%ff', 'text/html');
    const view = jest.fn(async () => '<p>page</p>');
    Object.assign(request, { server: { view } });
    await sendError(
      Object.assign(new Error('bad'), { name: 'FastifyError', code: 'FST_ERR_BAD_URL', statusCode: 400 }),
      request,
      reply,
    );
    expect(view).toHaveBeenCalledWith(
      'error.hbs',
      expect.objectContaining({ status: 400, message: 'The URL is malformed.', requestId: 'req-1' }),
      { layout: 'layouts/main.hbs' },
    );
    expect(sent).toMatchObject({ status: 400, type: 'text/html; charset=utf-8', body: '<p>page</p>' });
  });
});
