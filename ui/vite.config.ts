// Vite configuration of the ModelMint web app.
//
// The app reads contract addresses from the repository's deployments/<network>.json
// (written by scripts/deploy.sh and `modelmint deploy`), served at /deployments/ by
// the dev and preview servers: a deployment is per chain, so it is never bundled.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const DEPLOYMENTS = resolve(__dirname, '..', 'deployments');

const serveDeployments: Connect.NextHandleFunction = (req, res, next) => {
  const match = /^\/deployments\/([A-Za-z0-9_-]+)\.json(?:\?.*)?$/.exec(req.url ?? '');
  if (!match) return next();
  readFile(join(DEPLOYMENTS, `${match[1]}.json`))
    .then((body) => {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(body);
    })
    .catch(() => {
      res.statusCode = 404;
      res.end(`no deployment named ${match[1]}`);
    });
};

function deployments(): Plugin {
  return {
    name: 'modelmint-deployments',
    configureServer: (server) => void server.middlewares.use(serveDeployments),
    configurePreviewServer: (server) => void server.middlewares.use(serveDeployments),
  };
}

export default defineConfig({
  plugins: [react(), deployments()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
