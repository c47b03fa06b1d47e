// Service rows of the trace conformance table: which server gets the request, and with what Host and path.

import type { Service } from '../config/types.ts';
import { get, server, withServices } from './case-helpers.ts';
import type { TraceCase } from './cases.ts';
import { shopConfig } from './test-config.ts';

const S1 = 'http://10.0.0.1:8080';

export const SERVICE_CASES: TraceCase[] = [
  {
    desc: 'weighted 1:3 sends the first request to the heavier service',
    config: oneToThree,
    request: get('http://a.com/x'),
    seed: 0,
    expect: { status: 200, service: 'heavy@file', upstreamUrl: 'http://10.0.0.2:8080/x' },
  },
  {
    desc: 'weighted 1:3: request 2 goes to the lighter service (ties go to the first)',
    config: oneToThree,
    request: get('http://a.com/x'),
    seed: 1,
    expect: { status: 200, service: 'light@file', upstreamUrl: `${S1}/x` },
  },
  {
    desc: 'mirroring answers with the main service and copies to the mirror',
    config: withServices({
      's@file': { mirroring: { service: 'main@file', mirrors: [{ name: 'copy@file', percent: 100 }] } },
      'main@file': server(S1),
      'copy@file': server('http://10.0.0.2:8080'),
    }),
    request: get('http://a.com/x'),
    expect: { status: 200, service: 'main@file', upstreamUrl: `${S1}/x`, mirrors: ['copy@file'] },
  },
  {
    desc: 'failover uses the main service while it is up',
    config: withServices({
      's@file': { failover: { service: 'main@file', fallback: 'backup@file' } },
      'main@file': server(S1),
      'backup@file': server('http://10.0.0.2:8080'),
    }),
    request: get('http://a.com/x'),
    expect: { status: 200, service: 'main@file', upstreamUrl: `${S1}/x` },
  },
  {
    desc: 'passHostHeader false sends the server host:port as Host',
    config: withServices({
      's@file': { loadBalancer: { servers: [{ url: S1 }], passHostHeader: false } },
    }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamUrl: `${S1}/x`, upstreamHeaders: { Host: '10.0.0.1:8080' } },
  },
  {
    desc: 'passHostHeader defaults to true',
    config: withServices({ 's@file': server(S1) }),
    request: get('http://a.com/x'),
    expect: { status: 200, upstreamHeaders: { Host: 'a.com' } },
  },
  {
    desc: 'the server URL path is dropped without preservePath',
    config: withServices({ 's@file': server(`${S1}/base`) }),
    request: get('http://a.com/x?q=1'),
    expect: { status: 200, upstreamUrl: `${S1}/x?q=1` },
  },
  {
    desc: 'preservePath prepends the server URL path',
    config: withServices({
      's@file': { loadBalancer: { servers: [{ url: `${S1}/base`, preservePath: true }] } },
    }),
    request: get('http://a.com/x?q=1'),
    expect: { status: 200, upstreamUrl: `${S1}/base/x?q=1` },
  },
  {
    desc: 'wrr servers 5,1,1 (a a b a c a a): request 5 goes to the third server',
    config: withServices({ 's@file': fiveOneOne() }),
    request: get('http://a.com/x'),
    seed: 4,
    expect: { status: 200, upstreamUrl: 'http://10.0.0.3:8080/x' },
  },
  {
    desc: 'wrr servers 5,1,1: request 3 goes to the second server',
    config: withServices({ 's@file': fiveOneOne() }),
    request: get('http://a.com/x'),
    seed: 2,
    expect: { status: 200, upstreamUrl: 'http://10.0.0.2:8080/x' },
  },
  {
    desc: 'weighted 9:1 canary: request 6 is the first to reach the canary',
    config: shopConfig,
    request: get('https://shop.example.com/'),
    seed: 5,
    expect: { status: 200, service: 'shop-web-v2-80@kubernetescrd' },
  },
  {
    desc: 'weighted 9:1 canary: request 5 still goes to the main service (ties go to the first)',
    config: shopConfig,
    request: get('https://shop.example.com/'),
    seed: 4,
    expect: { status: 200, service: 'shop-web-80@kubernetescrd' },
  },
];

/** Three servers weighted 5, 1, 1 on 10.0.0.1..3:8080. */
function fiveOneOne(): Service {
  return {
    loadBalancer: {
      servers: [
        { url: S1, weight: 5 },
        { url: 'http://10.0.0.2:8080', weight: 1 },
        { url: 'http://10.0.0.3:8080', weight: 1 },
      ],
    },
  };
}

/** A weighted service sending 1 part to `light` (10.0.0.1) and 3 to `heavy` (10.0.0.2). */
function oneToThree() {
  return withServices({
    's@file': {
      weighted: {
        services: [
          { name: 'light@file', weight: 1 },
          { name: 'heavy@file', weight: 3 },
        ],
      },
    },
    'light@file': server(S1),
    'heavy@file': server('http://10.0.0.2:8080'),
  })();
}
