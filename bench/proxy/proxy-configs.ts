import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** nginx as a reverse proxy: one worker, keep-alive to the backend, no logs, no buffering of bodies. */
export function nginxConfig(dir: string, port: number, backendPort: number): string {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const file = join(dir, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;
daemon off;
error_log ${dir}/logs/error.log crit;
pid ${dir}/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
    }
  }
}
`,
  );
  return file;
}

/** HAProxy in HTTP mode: one thread, connection reuse to the backend. */
export function haproxyConfig(dir: string, port: number, backendPort: number): string {
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(
    file,
    `global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend f
  bind 127.0.0.1:${port}
  default_backend b
backend b
  server s1 127.0.0.1:${backendPort}
`,
  );
  return file;
}

/** Mimicus forwarding everything to the backend, no behaviors; `journal: false` also drops the request journal. */
export function mimicusConfig(dir: string, backendPort: number, journal = true): string {
  const file = join(dir, journal ? 'mimicus-proxy.yaml' : 'mimicus-proxy-nojournal.yaml');
  writeFileSync(
    file,
    `version: 2
upstreams:
  - id: backend
    targets: [ { url: "http://127.0.0.1:${backendPort}" } ]
server: { unmatched: { proxy: { upstream: backend } } }
endpoints: []
${journal ? '' : 'journal: false\n'}`,
  );
  return file;
}
