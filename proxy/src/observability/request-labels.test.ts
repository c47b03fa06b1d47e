import { describe, expect, it } from 'vitest';
import {
  GRPC_UNKNOWN,
  grpcCode,
  grpcStatusOf,
  METHODS,
  methodIndex,
  PROTOCOLS,
  protocolIndex,
  tlsKey,
  tlsLabels,
  watchGrpcStatus,
} from './request-labels.ts';

describe('method label (Traefik getMethod)', () => {
  const cases: [string, string][] = [
    ['GET', 'GET'],
    ['HEAD', 'HEAD'],
    ['POST', 'POST'],
    ['PUT', 'PUT'],
    ['DELETE', 'DELETE'],
    ['CONNECT', 'CONNECT'],
    ['OPTIONS', 'OPTIONS'],
    ['TRACE', 'TRACE'],
    ['PATCH', 'PATCH'],
    ['PRI', 'PRI'],
    ['PROPFIND', 'EXTENSION_METHOD'],
    ['get', 'EXTENSION_METHOD'],
    // Bytes C3 28 as latin1: not UTF-8.
    ['\u00c3(', 'NON_UTF8_HTTP_METHOD'],
    ['BAD\ufffd', 'NON_UTF8_HTTP_METHOD'],
  ];
  for (const [method, label] of cases) {
    it(`${JSON.stringify(method)} -> ${label}`, () => {
      expect(METHODS[methodIndex(method)]).toBe(label);
    });
  }
  it('reads a method sent as UTF-8 bytes (latin1 in node) as valid', () => {
    expect(METHODS[methodIndex(Buffer.from('MKCÖL', 'utf8').toString('latin1'))]).toBe('EXTENSION_METHOD');
  });
});

describe('protocol label (Traefik getRequestProtocol)', () => {
  const cases: [string, Record<string, string | string[]>, string][] = [
    ['plain request', { accept: 'text/html,application/xhtml+xml' }, 'http'],
    ['websocket', { connection: 'Upgrade', upgrade: 'websocket' }, 'websocket'],
    [
      'websocket, token lists',
      { connection: 'keep-alive, Upgrade', upgrade: ' WebSocket ,h2c' },
      'websocket',
    ],
    ['upgrade to something else', { connection: 'upgrade', upgrade: 'h2c' }, 'http'],
    ['Upgrade without Connection: upgrade', { connection: 'keep-alive', upgrade: 'websocket' }, 'http'],
    ['not an exact item', { connection: 'upgrades', upgrade: 'websocket' }, 'http'],
    ['sse', { accept: 'text/event-stream' }, 'sse'],
    ['sse in a list', { accept: 'application/json, TEXT/EVENT-STREAM' }, 'sse'],
    ['sse with parameters is not an exact item', { accept: 'text/event-stream;q=1' }, 'http'],
    ['grpc', { 'content-type': 'application/grpc' }, 'grpc'],
    ['grpc+proto', { 'content-type': 'application/grpc+proto' }, 'grpc'],
    ['grpc-web', { 'content-type': 'application/grpc-web+proto' }, 'grpc-web'],
    ['grpc-web-text', { 'content-type': 'application/grpc-web-text' }, 'grpc-web'],
    ['content type prefix is case-sensitive', { 'content-type': 'Application/grpc' }, 'http'],
    [
      'websocket wins over sse',
      { connection: 'upgrade', upgrade: 'websocket', accept: 'text/event-stream' },
      'websocket',
    ],
    ['sse wins over grpc', { accept: 'text/event-stream', 'content-type': 'application/grpc' }, 'sse'],
    ['first value only, as Go Header.Get', { accept: ['text/html', 'text/event-stream'] }, 'http'],
  ];
  for (const [desc, headers, label] of cases) {
    it(desc, () => {
      expect(PROTOCOLS[protocolIndex(headers)]).toBe(label);
    });
  }
});

describe('gRPC code label', () => {
  it('parses codes 0 to 16 and takes Unknown (2) otherwise', () => {
    expect(grpcCode('0')).toBe(0);
    expect(grpcCode('14')).toBe(14);
    expect(grpcCode('16')).toBe(16);
    expect(grpcCode('17')).toBe(GRPC_UNKNOWN);
    expect(grpcCode('abc')).toBe(GRPC_UNKNOWN);
    expect(grpcCode(undefined)).toBe(GRPC_UNKNOWN);
    expect(grpcCode(['5', '6'])).toBe(5);
  });

  function fakeResponse() {
    const seen: unknown[] = [];
    const res = {
      writeHead(status: number, headers?: object) {
        seen.push(['head', status, headers]);
        return res;
      },
      addTrailers(headers: object) {
        seen.push(['trailers', headers]);
      },
      getHeader(_name: string): unknown {
        return undefined;
      },
    };
    return { res, seen };
  }

  it('reads Grpc-Status from the trailers', () => {
    const { res, seen } = fakeResponse();
    watchGrpcStatus(res);
    res.writeHead(200, { 'content-type': 'application/grpc' });
    res.addTrailers({ 'grpc-status': '7', 'grpc-message': 'denied' });
    expect(grpcStatusOf(res)).toBe(7);
    expect(seen).toHaveLength(2);
  });

  it('reads Grpc-Status from the headers of a trailers-only response', () => {
    const { res } = fakeResponse();
    watchGrpcStatus(res);
    res.writeHead(200, { 'grpc-status': '12' });
    expect(grpcStatusOf(res)).toBe(12);
  });

  it('is Unknown when the response carried none', () => {
    const { res } = fakeResponse();
    watchGrpcStatus(res);
    res.writeHead(502, {});
    expect(grpcStatusOf(res)).toBe(GRPC_UNKNOWN);
  });
});

describe('TLS labels', () => {
  it('reads version and cipher once per connection', () => {
    let calls = 0;
    const socket = {
      getProtocol: () => {
        calls += 1;
        return 'TLSv1.3';
      },
      getCipher: () => ({ standardName: 'TLS_AES_128_GCM_SHA256' }),
    };
    const key = tlsKey(socket);
    expect(tlsKey(socket)).toBe(key);
    expect(calls).toBe(1);
    expect(tlsLabels[key / 128 - 1]).toEqual({ version: '1.3', cipher: 'TLS_AES_128_GCM_SHA256' });
    expect(tlsLabels[tlsKey({ getProtocol: () => 'SSLv3' }) / 128 - 1]).toEqual({
      version: 'unknown',
      cipher: 'unknown',
    });
  });
});
