// Vite configuration of the ModelMint web app.
//
// The build is a folder of static files that runs from anywhere: any static server, a
// sub-path of one, or an IPFS gateway (`/ipfs/<cid>/`). So asset paths are relative
// (`base: './'`), pages are addressed by the URL's hash (`#/register`), and the deployments
// (contract addresses per chain, deployments/<network>.json, written by `modelmint deploy`)
// are bundled at build time (vite-deployments.ts): nothing is fetched from the server but
// the app itself. A deployment that is not bundled can still be loaded from its URL
// (Connect, "Advanced").
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { deployments } from './vite-deployments';

export default defineConfig({
  base: './',
  plugins: [react(), deployments()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Each contract's metadata is a chunk loaded when a page first needs that contract
        // (src/chain/contracts.ts); named so that it can be told apart (and tested) in dist/.
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.includes('/src/contracts/metadata/') ? 'assets/metadata-[name]-[hash].js' : 'assets/[name]-[hash].js',
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
