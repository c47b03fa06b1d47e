import { describe, expect, it } from 'vitest';
import { get, run } from './test-helpers.ts';

// What the tracer says compress does, kept in line with the proxy's compress (proxy/src/middlewares/compress.ts).
describe('compress: the tracer note', () => {
  it.each([
    {
      desc: 'minResponseBodyBytes 0 keeps the 1024 default',
      cfg: { minResponseBodyBytes: 0 },
      req: get('http://a.com/', { 'Accept-Encoding': 'gzip' }),
      note: 'compress: responses of 1024 bytes or more are sent with Content-Encoding: gzip',
    },
    {
      desc: 'a gRPC request is passed as is',
      cfg: {},
      req: get('http://a.com/', { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/grpc' }),
      note: "compress: the request's Content-Type is excluded; the response is sent uncompressed",
    },
    {
      desc: 'a configured exclusion applies to the request type too',
      cfg: { excludedContentTypes: ['text/event-stream'] },
      req: get('http://a.com/', { 'Accept-Encoding': 'gzip', 'Content-Type': 'Text/Event-Stream; x=1' }),
      note: "compress: the request's Content-Type is excluded; the response is sent uncompressed",
    },
    {
      desc: 'HEAD is passed as is',
      cfg: {},
      req: get('http://a.com/', { 'Accept-Encoding': 'gzip' }, { method: 'HEAD' }),
      note: 'compress: a HEAD request; the response is sent uncompressed',
    },
  ])('$desc', ({ cfg, req, note }) => {
    expect(run('compress', cfg, req)).toMatchObject({ kind: 'next', notes: [note] });
  });
});
