// Configuration templates of the side-by-side proxy benchmark: one route, Host(`a.example.com`) &&
// PathPrefix(`/api`), round robin over two keep-alive nginx backends, logs off except Routeyard's batched one.

/** The two nginx backends: a 12-byte answer under /api and a 64 KiB one at /api/64k. */
export function backendsNginx(dir: string, ports: [number, number]): string {
  const server = (port: number) => `
  server {
    listen 127.0.0.1:${port} reuseport;
    keepalive_requests 1000000;
    location = /api/64k { default_type application/octet-stream; alias ${dir}/64k.bin; }
    location /api { default_type text/plain; return 200 "hello world\\n"; }
  }`;
  return `worker_processes 1;
pid ${dir}/backends.pid;
error_log ${dir}/backends.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/b-body; proxy_temp_path ${dir}/b-proxy; fastcgi_temp_path ${dir}/b-fcgi;
  uwsgi_temp_path ${dir}/b-uwsgi; scgi_temp_path ${dir}/b-scgi;
  ${server(ports[0])}
  ${server(ports[1])}
}
`;
}

export function proxyNginx(dir: string, port: number, backends: [number, number]): string {
  return `worker_processes 1;
pid ${dir}/nginx-proxy.pid;
error_log ${dir}/nginx-proxy.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/p-body; proxy_temp_path ${dir}/p-proxy; fastcgi_temp_path ${dir}/p-fcgi;
  uwsgi_temp_path ${dir}/p-uwsgi; scgi_temp_path ${dir}/p-scgi;
  upstream be { server 127.0.0.1:${backends[0]}; server 127.0.0.1:${backends[1]}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    server_name a.example.com;
    keepalive_requests 1000000;
    location /api { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }
    location / { return 404; }
  }
  server { listen 127.0.0.1:${port} default_server; return 404; }
}
`;
}

export function proxyCaddy(port: number, backends: [number, number]): string {
  return `{
  admin off
  auto_https off
}
http://:${port} {
  bind 127.0.0.1
  @api {
    host a.example.com
    path /api /api/*
  }
  # respond sorts before reverse_proxy in Caddy's directive order, so each goes in its own handle block.
  handle @api {
    reverse_proxy 127.0.0.1:${backends[0]} 127.0.0.1:${backends[1]} {
      lb_policy round_robin
    }
  }
  handle {
    respond 404
  }
}
`;
}

export function proxyHaproxy(port: number, backends: [number, number]): string {
  return `global
  nbthread 1
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
  http-reuse always
frontend fe
  bind 127.0.0.1:${port}
  acl host_a hdr(host) -i a.example.com
  acl api path_beg /api
  use_backend be if host_a api
backend be
  balance roundrobin
  server s1 127.0.0.1:${backends[0]}
  server s2 127.0.0.1:${backends[1]}
`;
}

/** Routeyard's resolved configuration for the same route (what `resolve` gives for the equivalent IngressRoute). */
export function routeyardConfig(port: number, backends: [number, number]) {
  return {
    version: 'bench',
    entryPoints: { web: { address: `127.0.0.1:${port}` } },
    tls: { certificates: [], options: {}, stores: {} },
    http: {
      routers: {
        'default-api-6b204d94623b3df4370c@kubernetescrd': {
          entryPoints: ['web'],
          rule: 'Host(`a.example.com`) && PathPrefix(`/api`)',
          service: 'default-api-80@kubernetescrd',
        },
      },
      middlewares: {},
      services: {
        'default-api-80@kubernetescrd': {
          loadBalancer: {
            servers: [{ url: `http://127.0.0.1:${backends[0]}` }, { url: `http://127.0.0.1:${backends[1]}` }],
            passHostHeader: true,
          },
        },
      },
      serversTransports: {},
    },
  };
}
